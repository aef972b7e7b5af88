package keyconv

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cloudkeypair/keypair/internal/fixture"
)

// TestCorpusPEMAndOpenSSH reads every PEM and OpenSSH file of the shared
// corpus, checks that each gives the key puttygen's own PPK of it holds, and
// compares MarshalPrivateKey with puttygen's "-O private-openssh" output:
// byte for byte for RSA, DSA and Ed25519, and for ECDSA with the OpenSSL
// original (puttygen 0.78 shortens the scalar; keyconv writes it back as
// OpenSSL had it).
func TestCorpusPEMAndOpenSSH(t *testing.T) {
	pass := fixture.Passphrase(t)
	for _, dir := range fixture.CorpusKeys(t) {
		name := filepath.Base(dir)
		t.Run(name, func(t *testing.T) {
			read := func(path string) []byte {
				data, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				return data
			}
			ppk, err := Parse(read(fixture.Key(dir, "puttygen.v3.ppk")), nil)
			if err != nil {
				t.Fatalf("puttygen.v3.ppk: %v", err)
			}
			want := keyMaterial(t, ppk)

			var original *Key
			var originalFile []byte
			for _, path := range corpusInputs(t, dir) {
				file := filepath.Base(path)
				k, err := Parse(read(path), Passphrase(pass))
				if err != nil {
					t.Errorf("%s: %v", file, err)
					continue
				}
				if !bytes.Equal(keyMaterial(t, k), want) {
					t.Errorf("%s holds another key than puttygen.v3.ppk", file)
				}
				if k.Source.Encrypted != strings.Contains(file, ".enc.") {
					t.Errorf("%s: Encrypted is %v", file, k.Source.Encrypted)
				}
				wantComment := DefaultComment
				if k.Source.Format == FormatOpenSSH {
					wantComment = name + "@keyconv-test"
				}
				if k.Comment != wantComment {
					t.Errorf("%s: comment %q, want %q", file, k.Comment, wantComment)
				}
				// The file puttygen converted: the traditional PEM, or
				// ssh-keygen's file for Ed25519, which has none.
				if v := fixture.Variant(file); v == "openssl.trad.pem" || (v == "ssh-keygen.openssh.key" && k.Algorithm() == "ssh-ed25519") {
					original, originalFile = k, read(path)
				}
			}
			if original == nil && ppk.Algorithm() == keyAlgoEd448 {
				original = ppk // puttygen exported its own key: it reads no PKCS#8
			}
			if original == nil {
				t.Fatal("no unencrypted traditional PEM or Ed25519 OpenSSH file")
			}

			golden, err := os.ReadFile(fixture.Key(dir, "puttygen.private-openssh.pem"))
			if os.IsNotExist(err) {
				return // a folder for the PPK codec's edge cases only
			}
			if err != nil {
				t.Fatal(err)
			}
			opts := PEMOptions{Format: PEMTraditional}
			if bytes.HasPrefix(golden, []byte("-----BEGIN OPENSSH")) {
				opts.randReader = bytes.NewReader(decodeOpenSSHFields(t, golden).section[:4])
			}
			got, err := MarshalPrivateKey(original, opts)
			if err != nil {
				t.Fatal(err)
			}
			want = golden
			if original.Source.Format == FormatSEC1 {
				want = originalFile
			}
			if !bytes.Equal(got, want) {
				t.Errorf("MarshalPrivateKey output differs\ngot:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}
