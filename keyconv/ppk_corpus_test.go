package keyconv

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cloudkeypair/keypair/internal/fixture"
)

// TestPPKCorpusRewrite: every puttygen PPK of the corpus, read and written
// back with its own parameters (salt included), is byte for byte the file.
func TestPPKCorpusRewrite(t *testing.T) {
	pass := fixture.Passphrase(t)
	for _, file := range fixture.Glob(t, "corpus", "*", "puttygen.*.ppk") {
		t.Run(ppkCorpusName(file), func(t *testing.T) {
			want := ppkReadFile(t, file)
			k, err := Parse(want, Passphrase(pass))
			if err != nil {
				t.Fatal(err)
			}
			got, err := MarshalPPK(k, optionsReproducing(k, pass))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("keyconv:\n%s\nputtygen:\n%s", got, want)
			}
		})
	}
}

// TestPEMToPPKMatchesPuttygen: every private key input of the corpus (the
// PEM family and OpenSSH's format, plain and encrypted) converts to the
// bytes puttygen made: version 3, version 2 and encrypted version 2. PEM
// inputs carry no comment and get "imported-openssh-key"; an OpenSSH key
// keeps its own, as in puttygen.ALG.v3.from-openssh.ppk.
func TestPEMToPPKMatchesPuttygen(t *testing.T) {
	pass := fixture.Passphrase(t)
	for _, dir := range fixture.CorpusKeys(t) {
		inputs := corpusInputs(t, dir)
		golden := func(name string) []byte {
			b, err := os.ReadFile(fixture.Key(dir, name))
			if err != nil {
				return nil
			}
			return b
		}
		v3 := golden("puttygen.v3.ppk")
		if v3 == nil {
			t.Fatalf("%s has no puttygen.v3.ppk", dir)
		}
		goldenKey, err := Parse(v3, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, in := range inputs {
			t.Run(ppkCorpusName(in), func(t *testing.T) {
				k, err := Parse(ppkReadFile(t, in), Passphrase(pass))
				if err != nil {
					t.Fatal(err)
				}
				want := map[string][]byte{}
				if strings.HasPrefix(filepath.Base(in), "ssh-keygen.") {
					if want["v3"] = golden("puttygen.v3.from-openssh.ppk"); want["v3"] == nil {
						want["v3"] = v3 // ed25519: puttygen's PPKs all come from the ssh-keygen file
					}
				} else {
					if k.Comment != DefaultComment {
						t.Errorf("comment %q, want %q", k.Comment, DefaultComment)
					}
					// The Ed25519 corpus has no PPK made from a PEM file;
					// compare the key material under the PPK's comment.
					k.Comment = goldenKey.Comment
					want["v3"], want["v2"], want["v2.enc"] = v3, golden("puttygen.v2.ppk"), golden("puttygen.v2.enc.ppk")
				}
				for mode, w := range want {
					if w == nil {
						continue
					}
					opts := PPKOptions{Version: 3}
					if mode != "v3" {
						opts.Version = 2
					}
					if mode == "v2.enc" {
						opts.Passphrase = pass
					}
					got, err := MarshalPPK(k, opts)
					if err != nil {
						t.Fatal(err)
					}
					if !bytes.Equal(got, w) {
						t.Errorf("%s: keyconv:\n%s\nputtygen:\n%s", mode, got, w)
					}
				}
			})
		}
	}
}

// corpusInputs lists a corpus folder's input keys: the PEM family
// (openssl.*) and OpenSSH's format (ssh-keygen.*).
func corpusInputs(t testing.TB, dir string) []string {
	t.Helper()
	openssl, _ := filepath.Glob(filepath.Join(dir, "openssl.*"))
	openssh, _ := filepath.Glob(filepath.Join(dir, "ssh-keygen.*"))
	if len(openssl)+len(openssh) == 0 {
		t.Fatalf("%s has no input keys", dir)
	}
	return append(openssl, openssh...)
}

func ppkCorpusName(path string) string {
	return filepath.Base(filepath.Dir(path)) + "/" + filepath.Base(path)
}
