package sshclient

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// A key's .pub beside it is read no further than any key could be: a
// huge one (here a sparse 64 MB file) is no public key, and is not read
// into memory first.
func TestPublicKeyBesideIsCapped(t *testing.T) {
	path := filepath.Join(t.TempDir(), "key")
	f, err := os.Create(path + ".pub")
	if err != nil {
		t.Fatal(err)
	}
	const size = 64 << 20
	if err := f.Truncate(size); err != nil {
		t.Fatal(err)
	}
	f.Close()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	pub := publicKeyBeside(path)
	runtime.ReadMemStats(&after)
	if pub != nil {
		t.Errorf("a 64 MB .pub gave a public key")
	}
	if got := after.TotalAlloc - before.TotalAlloc; got > size/4 {
		t.Errorf("reading a 64 MB .pub allocated %d bytes", got)
	}
}
