package sshclient_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/cloudkeypair/keypair/internal/sshtest"
	"github.com/cloudkeypair/keypair/keyconv"
)

// TestPlinkLogsInWithKeyconvPPK is the Windows user's path end to end:
// keyconv turns the keypair into a PPK, and PuTTY's own client logs in with
// it to a real sshd as the image's user.
func TestPlinkLogsInWithKeyconvPPK(t *testing.T) {
	plink := sshtest.RequireTool(t, "plink")
	s := startSSHD(t)
	pem, err := os.ReadFile(s.ClientKeyFile)
	if err != nil {
		t.Fatal(err)
	}
	key, err := keyconv.Parse(pem, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, version := range []int{3, 2} {
		t.Run("v"+strconv.Itoa(version), func(t *testing.T) {
			ppk, err := keyconv.MarshalPPK(key, keyconv.PPKOptions{Version: version})
			if err != nil {
				t.Fatal(err)
			}
			ppkFile := filepath.Join(t.TempDir(), "KEY.ppk")
			if err := os.WriteFile(ppkFile, ppk, 0o600); err != nil {
				t.Fatal(err)
			}
			args := []string{"-batch", "-i", ppkFile, "-P", strconv.Itoa(s.Port)}
			for _, fp := range s.HostKeyFingerprints() {
				args = append(args, "-hostkey", fp)
			}
			args = append(args, "rocky@"+s.Host, "id", "-un")
			cmd := exec.Command(plink, args...)
			// plink keeps its settings under $HOME/.putty; keep them out
			// of the real home.
			cmd.Env = append(os.Environ(), "HOME="+t.TempDir())
			var stderr strings.Builder
			cmd.Stderr = &stderr
			out, err := cmd.Output()
			if err != nil || string(out) != "rocky\n" {
				t.Fatalf("plink %s: %q, %v; stderr: %s", strings.Join(args, " "), out, err, stderr.String())
			}
		})
	}
}
