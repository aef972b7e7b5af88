package keyconv

import "golang.org/x/sys/cpu"

// argon2Fast reports whether keyconv's Argon2 core runs its AVX2
// compression here, which is faster than x/crypto's SSE4.1; argon2Run then
// uses the core for all three variants.
var argon2Fast = cpu.X86.HasAVX2

// argon2Compress is G; see argon2CompressGeneric.
func argon2Compress(out, x, y *argon2Block, xorInto bool) {
	if argon2Fast {
		var q argon2Block
		argon2CompressAVX2(out, x, y, &q, xorInto)
		return
	}
	argon2CompressGeneric(out, x, y, xorInto)
}

// argon2CompressAVX2 is argon2CompressGeneric in AVX2 assembly, with q as
// scratch space: a row (or a column) of sixteen words is four YMM
// registers, so each step of BLAKE2b's G runs on four words at once.
//
//go:noescape
func argon2CompressAVX2(out, x, y, q *argon2Block, xorInto bool)
