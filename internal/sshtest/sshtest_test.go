package sshtest

import (
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestOpenSSHLogsInAsEachUser checks the harness itself with OpenSSH's own
// client: every image user exists, accepts the client key, and has
// passwordless sudo; NoSudoUser has not.
func TestOpenSSHLogsInAsEachUser(t *testing.T) {
	Require(t)
	if err := EnsureUsers(); err != nil {
		t.Fatal(err)
	}
	ssh := RequireTool(t, "ssh")
	s := StartT(t)
	run := func(user, command string) (string, error) {
		out, err := exec.Command(ssh, "-F", "/dev/null", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes",
			"-o", "UserKnownHostsFile="+s.KnownHostsFile, "-i", s.ClientKeyFile, "-p", strconv.Itoa(s.Port),
			user+"@"+s.Host, command).CombinedOutput()
		return strings.TrimSpace(string(out)), err
	}
	for _, user := range SudoUsers {
		if out, err := run(user, "id -un; sudo -n id -un"); err != nil || out != user+"\nroot" {
			t.Errorf("as %s: %q, %v; want %q", user, out, err, user+"\nroot")
		}
	}
	out, err := run(NoSudoUser, "sudo -n true")
	if err == nil || !strings.Contains(out, "password is required") {
		t.Errorf("sudo as %s: %q, %v; want sudo to ask for a password", NoSudoUser, out, err)
	}
}

// TestEnsureUsersIsIdempotent runs EnsureUsers again and again, and at the
// same time, as test packages running in parallel do.
func TestEnsureUsersIsIdempotent(t *testing.T) {
	Require(t)
	errs := make(chan error, 4)
	for i := 0; i < cap(errs); i++ {
		go func() { errs <- EnsureUsers() }()
	}
	for i := 0; i < cap(errs); i++ {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
	leftovers, _ := filepath.Glob("/etc/sudoers.d/." + filepath.Base(sudoersFile) + ".*")
	if len(leftovers) > 0 {
		t.Errorf("temporary sudoers files left behind: %v", leftovers)
	}
}
