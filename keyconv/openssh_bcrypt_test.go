package keyconv

import (
	"bytes"
	"crypto/ed25519"
	"encoding/hex"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"

	"golang.org/x/crypto/ssh"

	"github.com/cloudkeypair/keypair/internal/fixture"
)

// TestBcryptPBKDFVectors: OpenBSD's regression vectors for bcrypt_pbkdf
// (one output block each).
func TestBcryptPBKDFVectors(t *testing.T) {
	for _, v := range []struct {
		pass, salt string
		rounds     int
		want       string
	}{
		{"password", "salt", 4, "5bbf0cc293587f1c3635555c27796598d47e579071bf427e9d8fbe842aba34d9"},
		{"password", "\x00", 4, "c12b566235eee04c212598970a579a67"},
		{"\x00", "salt", 4, "6051be18c2f4f82cbf0efee5471b4bb9"},
		{"password\x00", "salt\x00", 4, "7410e44cf4fa07bfaac8a928b1727fac001375e7bf7384370f48efd121743050"},
	} {
		want, _ := hex.DecodeString(v.want)
		got, err := bcryptPBKDF([]byte(v.pass), []byte(v.salt), v.rounds, len(want))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("bcrypt_pbkdf(%q, %q, %d) = %x, want %s", v.pass, v.salt, v.rounds, got, v.want)
		}
	}
}

// TestBcryptPBKDFMatchesSSHKeygen: keys ssh-keygen encrypted with many
// rounds and the ciphers x/crypto/ssh reads (48 bytes of key and IV: two
// interleaved blocks) open in keyconv to the key x/crypto/ssh's own
// bcrypt_pbkdf finds.
func TestBcryptPBKDFMatchesSSHKeygen(t *testing.T) {
	ppkRequireTool(t, "ssh-keygen")
	pass := fixture.Passphrase(t)
	plain := fixture.Read(t, "corpus", "ed25519", "ssh-keygen.ed25519.openssh.key")
	for _, c := range []struct {
		cipher string
		rounds int
	}{
		{"aes256-ctr", 64},
		{"aes256-ctr", 1},
		{"aes256-cbc", 37},
	} {
		t.Run(c.cipher+"/"+strconv.Itoa(c.rounds), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "key")
			ppkWriteFile(t, path, plain)
			cmd := exec.Command("ssh-keygen", "-q", "-p", "-N", string(pass), "-Z", c.cipher, "-a", strconv.Itoa(c.rounds), "-f", path)
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("ssh-keygen: %v\n%s", err, out)
			}
			data := ppkReadFile(t, path)
			mine, err := Parse(data, Passphrase(pass))
			if err != nil {
				t.Fatal(err)
			}
			theirs, err := ssh.ParseRawPrivateKeyWithPassphrase(data, pass)
			if err != nil {
				t.Fatal(err)
			}
			if !ppkSameKey(t, mine.PrivateKey, *theirs.(*ed25519.PrivateKey)) {
				t.Errorf("keyconv and x/crypto/ssh found different keys")
			}
		})
	}
}
