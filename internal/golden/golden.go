// Package golden compares test output with golden files, and rewrites them
// when the tests run with -update.
//
// The project regenerates every golden file with `go test ./... -update`.
// go test hands -update to every package's test binary, and a binary that
// does not define the flag fails, so each test package imports this one:
// those with golden files to use [Check], the others for the flag alone
// (a blank import).
package golden

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files instead of comparing with them")

// Check compares got with the golden file at path, or with -update writes
// got there.
func Check(t testing.TB, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from %s (run go test -update to accept it)\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}
