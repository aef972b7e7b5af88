package keyconv

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// ppkRequireTool returns the path of an external tool the test needs. When
// it is missing the test is skipped with a loud reason, except under
// CI=true, where CI is meant to have installed it and the test fails.
func ppkRequireTool(t testing.TB, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err == nil {
		return path
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s is required under CI=true but is not installed: %v", name, err)
	}
	t.Skipf("SKIPPING: %s is not installed (%v); install putty-tools to run this interop test", name, err)
	return ""
}

// ppkRunPuttygen runs puttygen with args in dir and fails the test with its
// output when it fails.
func ppkRunPuttygen(t testing.TB, dir string, args ...string) []byte {
	t.Helper()
	cmd := exec.Command(ppkRequireTool(t, "puttygen"), args...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("puttygen %q: %v\n%s", args, err, stderr.Bytes())
	}
	return out
}

// ppkWriteTemp writes data to name in a fresh temporary folder and returns
// the folder.
func ppkWriteTemp(t testing.TB, name string, data []byte) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, name), data, 0o600); err != nil {
		t.Fatal(err)
	}
	return dir
}
