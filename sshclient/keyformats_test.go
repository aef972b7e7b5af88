package sshclient

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cloudkeypair/keypair/keyconv"

	"github.com/cloudkeypair/keypair/internal/fixture"
)

// privateKeyFiles lists a corpus directory's private key files.
func privateKeyFiles(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, e := range entries {
		name := e.Name()
		if strings.HasSuffix(name, ".pub") || strings.HasSuffix(name, ".fp") {
			continue
		}
		files = append(files, name)
	}
	if len(files) == 0 {
		t.Fatalf("no key files in %s", dir)
	}
	return files
}

// copyKey copies a corpus key to a private file, as a user's key would be.
func copyKey(t *testing.T, src string) string {
	t.Helper()
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	dst := filepath.Join(t.TempDir(), filepath.Base(src))
	if err := os.WriteFile(dst, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return dst
}

// TestLoginWithEveryKeyFormat logs in with each corpus key file (PKCS#1,
// PKCS#8, SEC1, legacy encrypted PEM, OpenSSH, PPK v2 and v3, plain and
// encrypted), as the server knows it from puttygen's public key.
func TestLoginWithEveryKeyFormat(t *testing.T) {
	passphrase := fixture.Passphrase(t)
	for _, alg := range []string{"ed25519", "ecdsa256", "ecdsa384", "ecdsa521", "rsa2048"} {
		dir := fixture.Path("corpus", alg)
		srv := startTestServer(t, fixture.PublicKey(t, dir), nil)
		knownHosts := srv.knownHosts(t)
		for _, name := range privateKeyFiles(t, dir) {
			t.Run(alg+"/"+name, func(t *testing.T) {
				cfg := srv.config(nil, knownHosts)
				cfg.Signer = nil
				cfg.KeyFile = copyKey(t, filepath.Join(dir, name))
				asked := 0
				cfg.Passphrase = func() ([]byte, error) { asked++; return passphrase, nil }
				c, err := Dial(context.Background(), cfg)
				if err != nil {
					t.Fatal(err)
				}
				c.Close()
				if encrypted := strings.Contains(name, ".enc."); (asked == 1) != encrypted {
					t.Errorf("passphrase asked %d times for %s", asked, name)
				}
			})
		}
	}
}

func TestKeyBytesAndPassphraseErrors(t *testing.T) {
	dir := fixture.Path("corpus", "ed25519")
	srv := startTestServer(t, fixture.PublicKey(t, dir), nil)
	knownHosts := srv.knownHosts(t)
	for _, name := range []string{"ssh-keygen.openssh.aes256-ctr.enc.key", "puttygen.v3.argon2id.enc.ppk", "openssl.pkcs8.aes256.enc.pem"} {
		t.Run(name, func(t *testing.T) {
			path := copyKey(t, fixture.Key(dir, name))
			cfg := srv.config(nil, knownHosts)
			cfg.Signer, cfg.KeyFile = nil, path
			_, err := Dial(context.Background(), cfg)
			var needs *keyconv.PassphraseMissingError
			if !errors.As(err, &needs) || !strings.Contains(err.Error(), "private key "+path+": ") || !strings.Contains(err.Error(), "needs a passphrase") {
				t.Fatalf("no passphrase callback: %v, want a *keyconv.PassphraseMissingError naming %s", err, path)
			}
			cfg.Passphrase = keyconv.Passphrase([]byte("wrong"))
			if _, err := Dial(context.Background(), cfg); !errors.Is(err, keyconv.ErrWrongPassphrase) {
				t.Fatalf("wrong passphrase: %v, want keyconv.ErrWrongPassphrase", err)
			}
			// The same key given as bytes.
			data, _ := os.ReadFile(path)
			cfg.KeyFile, cfg.Key = "", data
			cfg.Passphrase = keyconv.Passphrase(fixture.Passphrase(t))
			c, err := Dial(context.Background(), cfg)
			if err != nil {
				t.Fatal(err)
			}
			c.Close()
		})
	}
}

func TestDSAKeyIsRefusedClearly(t *testing.T) {
	path := copyKey(t, fixture.Key("dsa1024", "ssh-keygen.openssh.key"))
	_, err := (&Config{KeyFile: path}).signer()
	if !errors.Is(err, keyconv.ErrUnsupported) || !strings.Contains(err.Error(), path) {
		t.Fatalf("DSA key: %v, want keyconv.ErrUnsupported naming the file", err)
	}
}

// TestEd448KeyRefused: puttygen makes Ed448 keys, keyconv reads them, but
// OpenSSH servers do not accept them; each file of the corpus gives that
// error before any connection is tried (the config's address refuses).
func TestEd448KeyRefused(t *testing.T) {
	dir := fixture.Path("corpus", "ed448")
	for _, name := range privateKeyFiles(t, dir) {
		t.Run(name, func(t *testing.T) {
			cfg := &Config{
				Host:       "127.0.0.1",
				User:       "rocky",
				KeyFile:    copyKey(t, filepath.Join(dir, name)),
				Passphrase: keyconv.Passphrase(fixture.Passphrase(t)),
			}
			_, err := cfg.signer()
			if !errors.Is(err, keyconv.ErrUnsupported) || !strings.Contains(err.Error(), "OpenSSH servers do not accept Ed448 keys") {
				t.Fatalf("got %v, want the Ed448 refusal", err)
			}
		})
	}
}
