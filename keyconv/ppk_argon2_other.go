//go:build !amd64

package keyconv

// argon2Fast reports whether keyconv's Argon2 core has a vector
// implementation here; without one, x/crypto is faster for i and id.
const argon2Fast = false

// argon2Compress is G; see argon2CompressGeneric.
func argon2Compress(out, x, y *argon2Block, xorInto bool) {
	argon2CompressGeneric(out, x, y, xorInto)
}
