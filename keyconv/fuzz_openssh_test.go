package keyconv

import (
	"encoding/pem"
	"testing"
)

// FuzzParseOpenSSH fuzzes the openssh-key-v1 binary format, seeded with
// every OpenSSH key of the fixtures and the shared corpus.
func FuzzParseOpenSSH(f *testing.F) {
	seeds := 0
	for _, data := range fuzzSeedFiles(f) {
		if block, _ := pem.Decode(data); block != nil && block.Type == pemTypeOpenSSH {
			f.Add(block.Bytes)
			seeds++
		}
	}
	if seeds == 0 {
		f.Fatal("no OpenSSH seeds: no key files in testdata/ at the module root")
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		// No passphrase: a mutated file's ciphertext only ever decrypts to
		// noise, while a mutated bcrypt round count would make each run cost
		// up to MaxBcryptRounds rounds. Encrypted seeds still exercise every
		// header and KDF check up to the passphrase request; the private
		// section's parser is fuzzed through the unencrypted seeds.
		k, err := Parse(encodeOpenSSHArmour(body), nil)
		checkFuzzedKey(t, k, err)
	})
}
