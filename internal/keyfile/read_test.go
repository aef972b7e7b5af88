package keyfile

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/cloudkeypair/keypair/keyconv"
)

func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	small := filepath.Join(dir, "key.pem")
	os.WriteFile(small, []byte("key\n"), 0o600)
	if data, err := ReadFile(small); err != nil || string(data) != "key\n" {
		t.Errorf("ReadFile(small) = %q, %v", data, err)
	}

	big := filepath.Join(dir, "big")
	f, _ := os.Create(big)
	f.Truncate(keyconv.MaxInputSize + 1)
	f.Close()
	var tooLarge *TooLargeError
	if _, err := ReadFile(big); !errors.As(err, &tooLarge) || tooLarge.Size != keyconv.MaxInputSize+1 || tooLarge.Path != big {
		t.Errorf("ReadFile(big): %v, want a TooLargeError with the size", err)
	}
	if _, err := ReadFile(dir); !errors.Is(err, ErrDirectory) {
		t.Errorf("ReadFile(dir): %v, want ErrDirectory", err)
	}
	if _, err := ReadFile(filepath.Join(dir, "none")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("ReadFile(missing): %v, want fs.ErrNotExist", err)
	}

	// A stream is cut at the cap, whatever it would have sent.
	if _, err := Read(bytes.NewReader(make([]byte, keyconv.MaxInputSize+1))); !errors.As(err, &tooLarge) || tooLarge.Size != -1 {
		t.Errorf("Read(too long): %v, want a TooLargeError of size -1", err)
	}
	if data, err := Read(bytes.NewReader(make([]byte, keyconv.MaxInputSize))); err != nil || len(data) != keyconv.MaxInputSize {
		t.Errorf("Read(exactly the cap): %d bytes, %v", len(data), err)
	}
}
