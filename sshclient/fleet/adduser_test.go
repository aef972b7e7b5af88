package fleet

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cloudkeypair/keypair/internal/sshtest"
)

// TestAddUserScriptNeverLeavesABrokenRule runs AddUser's root script on
// this machine with a visudo that refuses, first the new file, then the
// whole configuration with it in place: either way no /etc/sudoers.d file
// is left, nor a temporary one. The visudo is fake, so the machine's sudo
// configuration is never broken; the rule written in the second case is
// the valid one for a test account. Shared: this machine's /etc/passwd
// (one account made for the test) and /etc/sudoers.d.
func TestAddUserScriptNeverLeavesABrokenRule(t *testing.T) {
	for _, tc := range []struct {
		name, visudo, want string
	}{
		{"visudo -cf refuses", "echo 'syntax error' >&2; exit 1", "visudo -cf rejects the rule: syntax error"},
		{"visudo -c refuses", `if [ "$1" = -c ]; then echo 'parse error in another file' >&2; exit 1; fi`, "was removed: parse error in another file"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := sshtest.CreateAccountT(t)
			rule := "/etc/sudoers.d/" + a.Name
			t.Cleanup(func() { os.Remove(rule) })
			bin := t.TempDir()
			if err := os.WriteFile(filepath.Join(bin, "visudo"), []byte("#!/bin/sh\n"+tc.visudo+"\n"), 0o755); err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command("sh", "-c", addUserScript, "adduser", a.Name, "yes")
			cmd.Env = append(os.Environ(), "PATH="+bin+":"+os.Getenv("PATH"))
			out, err := cmd.CombinedOutput()
			if err == nil || !strings.Contains(string(out), tc.want) {
				t.Errorf("script: %v, %q; want a failure saying %q", err, out, tc.want)
			}
			if _, err := os.Stat(rule); !os.IsNotExist(err) {
				t.Errorf("%s is there after visudo refused: %v", rule, err)
			}
			if left, _ := filepath.Glob("/etc/sudoers.d/.keyconv.*"); len(left) > 0 {
				t.Errorf("temporary files left: %v", left)
			}
		})
	}
}
