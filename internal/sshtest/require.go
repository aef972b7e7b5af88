package sshtest

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"testing"
)

// SSHDPath is where the tests expect OpenSSH's server.
const SSHDPath = "/usr/sbin/sshd"

// InCI reports whether the tests run under CI (CI=true), where a missing
// tool or privilege is a failure, not a reason to skip.
func InCI() bool { return os.Getenv("CI") == "true" }

// SkipOrFail skips the test with a loud reason, or fails it under CI.
func SkipOrFail(t testing.TB, format string, args ...any) {
	t.Helper()
	msg := fmt.Sprintf(format, args...)
	if InCI() {
		t.Fatalf("CI=true, so this cannot be skipped: %s", msg)
	}
	t.Skipf("SKIPPED (not under CI): %s", msg)
}

// RequireTool returns the path of a command-line tool, or skips (fails
// under CI) when it is not installed.
func RequireTool(t testing.TB, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		SkipOrFail(t, "%s is not installed (scripts/install-tools.sh installs it)", name)
	}
	return path
}

// Available says why a real sshd cannot be started here, or returns nil.
func Available() error {
	if runtime.GOOS != "linux" {
		return fmt.Errorf("the real-sshd tests run on Linux only, not %s", runtime.GOOS)
	}
	if _, err := os.Stat(SSHDPath); err != nil {
		return fmt.Errorf("%s is missing (install openssh-server; scripts/install-tools.sh does)", SSHDPath)
	}
	if os.Geteuid() != 0 {
		return errors.New("sshd must run as root to log in as the images' users; run the tests as root, as CI does")
	}
	return nil
}

// Require skips the test (fails it under CI) when a real sshd cannot be
// started.
func Require(t testing.TB) {
	t.Helper()
	if err := Available(); err != nil {
		SkipOrFail(t, "%v", err)
	}
}

// stopAtCleanup stops a server or a fleet when the test ends, first
// logging sshd's output if the test failed: the log is what says why a
// login was refused.
func stopAtCleanup(t testing.TB, log func() string, stop func() error) {
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("sshd log:\n%s", log())
		}
		stop()
	})
}
