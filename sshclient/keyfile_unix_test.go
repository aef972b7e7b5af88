//go:build unix

package sshclient

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cloudkeypair/keypair/internal/keyfile"
)

func TestKeyFileReadableByOthersIsRefused(t *testing.T) {
	dir := t.TempDir()
	for _, mode := range []os.FileMode{0o644, 0o640, 0o604, 0o660} {
		path := filepath.Join(dir, "cafe24.pem")
		os.Remove(path)
		if err := os.WriteFile(path, []byte("key"), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(path, mode); err != nil {
			t.Fatal(err)
		}
		cfg := &Config{Host: "127.0.0.1", User: "rocky", KeyFile: path, KnownHostsFiles: []string{filepath.Join(dir, "kh")}}
		_, err := Dial(context.Background(), cfg)
		var perm *KeyPermissionsError
		if !errors.As(err, &perm) || perm.Mode != mode {
			t.Fatalf("mode %#o: Dial error = %v, want *KeyPermissionsError", mode, err)
		}
		// The error states the facts; the words of the fix (chmod 600)
		// are the CLI's, so that they are printed once.
		var rule *keyfile.NotPrivateError
		if !errors.As(err, &rule) || rule.Path != path {
			t.Errorf("mode %#o: %v does not wrap keyfile's *NotPrivateError for %s", mode, err, path)
		}
		if want := fmt.Sprintf("%s has mode %04o", path, mode); !strings.Contains(err.Error(), want) || strings.Contains(err.Error(), "chmod") {
			t.Errorf("mode %#o: message %q, want the file and mode and no fix", mode, err)
		}
	}
}

func TestKeyFileOwnerOnlyIsRead(t *testing.T) {
	path := filepath.Join(t.TempDir(), "key.pem")
	if err := os.WriteFile(path, []byte("not a key"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := (&Config{KeyFile: path}).signer()
	var perm *KeyPermissionsError
	if err == nil || errors.As(err, &perm) {
		t.Fatalf("a 0600 file: %v, want it read (and refused as no key)", err)
	}
}
