package keyconv

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// pemFixtureDir holds the reader and writer fixtures made by
// testdata/pem/generate.sh.
const pemFixtureDir = "testdata/pem"

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

// readPEMFixture returns a fixture's bytes.
func readPEMFixture(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(pemFixtureDir, name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// pemFixturePassphrase is the passphrase of every encrypted fixture.
func pemFixturePassphrase(t testing.TB) []byte {
	t.Helper()
	line, _, _ := bytes.Cut(readPEMFixture(t, "passphrase.txt"), []byte("\n"))
	return line
}

// pemFixtureNames lists the key fixtures, failing when there are none so
// that a broken checkout cannot pass by testing nothing.
func pemFixtureNames(t testing.TB) []string {
	t.Helper()
	var names []string
	for _, pattern := range []string{"*.pem", "*.key"} {
		matches, err := filepath.Glob(filepath.Join(pemFixtureDir, pattern))
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range matches {
			names = append(names, filepath.Base(m))
		}
	}
	if len(names) == 0 {
		t.Fatalf("no key fixtures in %s; run its generate.sh", pemFixtureDir)
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
