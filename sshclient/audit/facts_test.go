package audit

import (
	"encoding/base64"
	"io/fs"
	"slices"
	"strings"
	"testing"
)

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

func TestParseFacts(t *testing.T) {
	out := strings.Join([]string{
		"version\t1",
		"sshd\tlistener\t/tmp/sshd-1/sshd_config",
		"sshdT\tok\t" + b64("port 22\nstrictmodes yes\npubkeyauthentication yes\npubkeyacceptedalgorithms ssh-ed25519,rsa-sha2-512\nauthorizedkeysfile .ssh/authorized_keys\n"),
		"selinux\tEnforcing",
		"user\tkc1\t1500\t1500\t/home/kc1",
		"keysfile\t/home/kc1/.ssh/authorized_keys",
		"stat\t600\t1500\t1500\tregular file\t/home/kc1/.ssh/authorized_keys",
		"stat\t777\t1500\t1500\tdirectory\t/home/kc1/.ssh",
		"stat\t700\t1500\t1500\tdirectory\t/home/kc1",
		"stat\t755\t0\t0\tdirectory\t/home",
		"stat\t755\t0\t0\tdirectory\t/",
		"readable\tyes",
		"content\t" + b64("ssh-ed25519 AAAA me\n"),
		"keysfile\t/home/kc1/.ssh/authorized_keys2",
		"a record from a newer script\tx",
		"relabel\t" + b64("Would relabel /home/kc1/.ssh from unconfined_u:object_r:user_home_t:s0 to unconfined_u:object_r:ssh_home_t:s0\n"),
	}, "\n") + "\n"
	f, err := ParseFacts([]byte(out))
	if err != nil {
		t.Fatal(err)
	}
	if !f.UserFound || f.User != "kc1" || f.UID != 1500 || f.GID != 1500 || f.Home != "/home/kc1" {
		t.Errorf("user: %+v", f)
	}
	if f.SSHD.Source != "listener" || f.SSHD.Config != "/tmp/sshd-1/sshd_config" || !f.SSHD.StrictModes || !f.SSHD.PubkeyAuth ||
		!slices.Equal(f.SSHD.Algorithms, []string{"ssh-ed25519", "rsa-sha2-512"}) {
		t.Errorf("sshd: %+v", f.SSHD)
	}
	if got := f.Paths["/home/kc1/.ssh"]; !got.Exists || !got.Dir || got.Mode != fs.FileMode(0o777) {
		t.Errorf(".ssh: %+v", got)
	}
	if got := f.Paths["/home/kc1/.ssh/authorized_keys"]; !got.Regular || got.Dir {
		t.Errorf("authorized_keys: %+v", got)
	}
	if len(f.KeysFiles) != 2 || !f.KeysFiles[0].Exists || !f.KeysFiles[0].Readable || string(f.KeysFiles[0].Data) != "ssh-ed25519 AAAA me\n" || f.KeysFiles[1].Exists {
		t.Errorf("keys files: %+v", f.KeysFiles)
	}
	if f.SELinux != "Enforcing" || len(f.Relabel) != 1 || f.Relabel[0].Path != "/home/kc1/.ssh" || f.Relabel[0].To != "unconfined_u:object_r:ssh_home_t:s0" {
		t.Errorf("selinux: %q %+v", f.SELinux, f.Relabel)
	}
}

func TestParseFactsNoUserAndFailedSSHD(t *testing.T) {
	f, err := ParseFacts([]byte("version\t1\nsshdT\terror\t" + b64("/etc/ssh/sshd_config: No such file or directory\n") + "\nnouser\tghost\n"))
	if err != nil {
		t.Fatal(err)
	}
	if f.UserFound || f.User != "ghost" || f.SSHD.Err != "/etc/ssh/sshd_config: No such file or directory" || !f.SSHD.StrictModes {
		t.Errorf("%+v", f)
	}
	if got := Check(f, nil); len(got) != 1 || got[0].Kind != UserMissing {
		t.Errorf("Check = %+v", got)
	}
}

func TestParseFactsRefusesOtherOutput(t *testing.T) {
	for _, out := range []string{"", "Welcome to Ubuntu\n", "version\t1\nkeysfile\t/x\ncontent\tnot base64!\n"} {
		if _, err := ParseFacts([]byte(out)); err == nil || !strings.HasPrefix(err.Error(), "audit: ") {
			t.Errorf("ParseFacts(%q) = %v, want an audit: error", out, err)
		}
	}
}
