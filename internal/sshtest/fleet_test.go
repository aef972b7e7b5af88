package sshtest

import (
	"errors"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestFleetServesEveryAddress logs in with OpenSSH's client on addresses
// served by different sshds (more than 16 addresses need two), as each
// image user, checking the host key against KnownHosts; then stops one
// server and checks that it refuses while its neighbours still serve.
func TestFleetServesEveryAddress(t *testing.T) {
	f := StartFleetT(t, 18)
	ssh := RequireTool(t, "ssh")
	known := filepath.Join(t.TempDir(), "known_hosts")
	if err := os.WriteFile(known, f.KnownHosts(), 0o600); err != nil {
		t.Fatal(err)
	}
	login := func(addr, user string) (string, error) {
		out, err := exec.Command(ssh, "-F", "/dev/null", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes",
			"-o", "UserKnownHostsFile="+known, "-o", "GlobalKnownHostsFile=/dev/null", "-i", f.ClientKeyFile,
			"-p", strconv.Itoa(f.Port), user+"@"+addr, "id -un").CombinedOutput()
		return strings.TrimSpace(string(out)), err
	}
	if got := len(f.groups); got != 2 {
		t.Fatalf("18 addresses are served by %d sshds, want 2", got)
	}
	for i, addr := range []string{"127.0.0.2", "127.0.0.17", "127.0.0.18", "127.0.0.19"} {
		user := SudoUsers[i%len(SudoUsers)]
		if out, err := login(addr, user); err != nil || out != user {
			t.Errorf("ssh %s@%s id -un: %q, %v", user, addr, out, err)
		}
	}
	if err := f.Stop("127.0.0.18"); err != nil {
		t.Fatal(err)
	}
	_, err := net.DialTimeout("tcp", f.HostPort("127.0.0.18"), 5*time.Second)
	if !errors.Is(err, syscall.ECONNREFUSED) {
		t.Errorf("dialling the stopped server: %v, want connection refused", err)
	}
	for _, addr := range []string{"127.0.0.17", "127.0.0.19"} {
		if out, err := login(addr, "rocky"); err != nil || out != "rocky" {
			t.Errorf("after stopping 127.0.0.18, ssh rocky@%s: %q, %v", addr, out, err)
		}
	}
	if err := f.Stop("127.0.0.18"); err == nil {
		t.Error("stopping a stopped server again: no error")
	}
}
