package keyconv

import "testing"

// TestArgon2PortablePathOnAMD64 runs the Argon2 tests with the AVX2 code
// switched off, so that the portable path other platforms take is checked
// here too.
func TestArgon2PortablePathOnAMD64(t *testing.T) {
	saved := argon2Fast
	argon2Fast = false
	defer func() { argon2Fast = saved }()
	TestArgon2RFC9106Vectors(t)
	TestArgon2MatchesXCrypto(t)
	TestArgon2RunManyLanes(t)
}
