package keyconv

import (
	"strings"
	"testing"
)

// ppkBenchTypes name the key types of the unencrypted version 3 fixtures.
var ppkBenchTypes = []string{"rsa2048", "dsa1024", "ecdsa256", "ecdsa384", "ecdsa521", "ed25519"}

func BenchmarkParsePPK(b *testing.B) {
	for _, typ := range ppkBenchTypes {
		data := []byte(ppkFixture(b, "puttygen."+typ+".v3.ppk"))
		b.Run(typ, func(b *testing.B) {
			b.ReportAllocs()
			for range b.N {
				if _, err := Parse(data, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkMarshalPPK(b *testing.B) {
	for _, typ := range ppkBenchTypes {
		k := ppkFixtureKey(b, "puttygen."+typ+".v3.ppk")
		for _, version := range []int{2, 3} {
			b.Run(typ+"/v"+string(rune('0'+version)), func(b *testing.B) {
				b.ReportAllocs()
				for range b.N {
					if _, err := MarshalPPK(k, PPKOptions{Version: version}); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// BenchmarkPPKArgon2 measures encrypted version 3 files at the benchmark
// script's parameters (8192 KiB, 16 passes) for each variant: writing, and
// reading back. Argon2 dominates both.
func BenchmarkPPKArgon2(b *testing.B) {
	k := ppkFixtureKey(b, "puttygen.ed25519.v3.ppk")
	pass := []byte("bench")
	for _, kdf := range []Argon2Variant{Argon2id, Argon2i, Argon2d} {
		opts := PPKOptions{Passphrase: pass, KDF: kdf, Memory: 8192, Passes: 16}
		name := strings.ToLower(string(kdf))
		b.Run("marshal/"+name, func(b *testing.B) {
			for range b.N {
				if _, err := MarshalPPK(k, opts); err != nil {
					b.Fatal(err)
				}
			}
		})
		enc, err := MarshalPPK(k, opts)
		if err != nil {
			b.Fatal(err)
		}
		b.Run("parse/"+name, func(b *testing.B) {
			for range b.N {
				if _, err := Parse(enc, Passphrase(pass)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkPPKArgon2Tuned writes an encrypted version 3 file with the
// defaults, as 'keyconv pem2ppk --new-passphrase' does: the pass count
// tuned to 100 ms by a dozen Argon2 runs over 8 MiB. Run with -benchmem:
// B/op is about one matrix (8 MiB), since every run shares it.
func BenchmarkPPKArgon2Tuned(b *testing.B) {
	k := ppkFixtureKey(b, "puttygen.ed25519.v3.ppk")
	b.ReportAllocs()
	for range b.N {
		if _, err := MarshalPPK(k, PPKOptions{Passphrase: []byte("bench")}); err != nil {
			b.Fatal(err)
		}
	}
}
