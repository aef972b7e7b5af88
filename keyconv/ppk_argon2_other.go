//go:build !amd64 || purego

package keyconv

// argon2VectorCompress is nil: keyconv has vector code only for amd64,
// and the purego build tag leaves it out there too, so that the tests can
// check the portable path on any machine.
var argon2VectorCompress argon2CompressFunc
