//go:build amd64 && !purego

package keyconv

import "golang.org/x/sys/cpu"

// argon2VectorCompress is G in AVX2 assembly where the CPU has AVX2, and
// nil elsewhere; argon2Choose in ppk_kdf.go decides from it.
var argon2VectorCompress argon2CompressFunc

func init() {
	if cpu.X86.HasAVX2 {
		argon2VectorCompress = argon2CompressAVX2Block
	}
}

// argon2CompressAVX2Block gives the assembly the scratch block it needs.
func argon2CompressAVX2Block(out, x, y *argon2Block, xorInto bool) {
	var q argon2Block
	argon2CompressAVX2(out, x, y, &q, xorInto)
}

// argon2CompressAVX2 is argon2CompressGeneric in AVX2 assembly, with q as
// scratch space: a row (or a column) of sixteen words is four YMM
// registers, so each step of BLAKE2b's G runs on four words at once.
//
//go:noescape
func argon2CompressAVX2(out, x, y, q *argon2Block, xorInto bool)
