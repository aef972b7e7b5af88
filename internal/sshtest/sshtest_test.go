package sshtest

import (
	"os/exec"
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

func TestEnsureUsersIsIdempotent(t *testing.T) {
	Require(t)
	for i := 0; i < 2; i++ {
		if err := EnsureUsers(); err != nil {
			t.Fatalf("run %d: %v", i+1, err)
		}
	}
}
