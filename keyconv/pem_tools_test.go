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

// pemTool returns the path of a reference tool the PEM tests run. A missing
// tool skips the test loudly, except under CI=true, where CI promised to
// install it and its absence is a failure.
func pemTool(t testing.TB, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is not installed, and CI=true requires it (scripts/install-tools.sh installs it)", name)
		}
		t.Skipf("SKIPPED: %s is not installed; the comparison with the real tool did not run", name)
	}
	return path
}

// runPEMTool runs a reference tool and returns its standard output, failing
// the test with its standard error when it fails.
func runPEMTool(t testing.TB, name string, args ...string) []byte {
	t.Helper()
	cmd := exec.Command(pemTool(t, name), args...)
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
