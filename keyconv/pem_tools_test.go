package keyconv

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cloudkeypair/keypair/internal/fixture"
)

// runPEMTool runs a reference tool and returns its standard output, failing
// the test with its standard error when it fails.
func runPEMTool(t testing.TB, name string, args ...string) []byte {
	t.Helper()
	cmd := exec.Command(ppkRequireTool(t, name), args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, stderr.Bytes())
	}
	return out
}

// readPEMFixture returns the bytes of a file in testdata/pem, the PEM and
// OpenSSH reader's fixtures.
func readPEMFixture(t testing.TB, name string) []byte {
	t.Helper()
	return fixture.Read(t, "pem", name)
}

// pemFixtureNames lists the key files in testdata/pem.
func pemFixtureNames(t testing.TB) []string {
	t.Helper()
	var names []string
	for _, path := range fixture.Glob(t, "pem", "*") {
		names = append(names, filepath.Base(path))
	}
	return names
}

// writeKeyFile writes data as a 0600 file in a fresh temporary folder, as
// ssh-keygen insists on, and returns its path.
func writeKeyFile(t testing.TB, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}
