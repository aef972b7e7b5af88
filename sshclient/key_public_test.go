package sshclient

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/cloudkeypair/keypair/internal/fixture"
	"github.com/cloudkeypair/keypair/keyconv"
)

// KeyFilePublicKey reads a key file's public key without a passphrase
// wherever that can be done, and says which files only a passphrase opens.
func TestKeyFilePublicKey(t *testing.T) {
	dir := fixture.Path("corpus", "rsa2048")
	want, _, err := keyconv.ParsePublicKey(fixture.Read(t, "corpus", "rsa2048", "puttygen.rsa2048.openssh.pub"))
	if err != nil {
		t.Fatal(err)
	}
	locked := filepath.Join(dir, "openssl.rsa2048.trad.des3.enc.pem")
	beside := filepath.Join(t.TempDir(), "key.pem")
	if err := os.WriteFile(beside, fixture.Read(t, "corpus", "rsa2048", "openssl.rsa2048.trad.des3.enc.pem"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(beside+".pub", fixture.Read(t, "corpus", "rsa2048", "puttygen.rsa2048.openssh.pub"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{
		filepath.Join(dir, "openssl.rsa2048.trad.pem"),
		filepath.Join(dir, "puttygen.rsa2048.v3.argon2id.enc.ppk"),
		filepath.Join(dir, "ssh-keygen.rsa2048.openssh.aes256-ctr.enc.key"),
		filepath.Join(dir, "puttygen.rsa2048.openssh.pub"),
		beside,
	} {
		pub, err := KeyFilePublicKey(path)
		if err != nil || !bytes.Equal(pub.Blob, want.Blob) {
			t.Errorf("%s: %v, %v; want the key", filepath.Base(path), pub, err)
		}
	}
	var missing *keyconv.PassphraseMissingError
	if pub, err := KeyFilePublicKey(locked); !errors.As(err, &missing) {
		t.Errorf("an encrypted PEM with no .pub: %v, %v; want a PassphraseMissingError", pub, err)
	}
}
