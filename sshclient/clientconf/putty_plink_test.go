package clientconf_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/crypto/ssh"

	"github.com/cloudkeypair/keypair/internal/sshtest"
	"github.com/cloudkeypair/keypair/keyconv"
	"github.com/cloudkeypair/keypair/sshclient/clientconf"
)

// TestPlinkLoadsExportedSession is PuTTY's own client reading what
// WritePuTTYSessions wrote: `plink -batch -load NAME` logs in to a real
// sshd with the session's user, port and .ppk, checking the host key
// against SSHManualHostKeys alone (no -hostkey, an empty host-key cache),
// and refuses the server once the session's keys are no longer its keys.
func TestPlinkLoadsExportedSession(t *testing.T) {
	plink := sshtest.RequireTool(t, "plink")
	sshtest.Require(t)
	if err := sshtest.EnsureUsers(); err != nil {
		t.Fatal(err)
	}
	s := sshtest.StartT(t)

	pem, err := os.ReadFile(s.ClientKeyFile)
	if err != nil {
		t.Fatal(err)
	}
	key, err := keyconv.Parse(pem, nil)
	if err != nil {
		t.Fatal(err)
	}
	ppk, err := keyconv.MarshalPPK(key, keyconv.PPKOptions{})
	if err != nil {
		t.Fatal(err)
	}
	ppkFile := filepath.Join(t.TempDir(), "KEY.ppk")
	if err := os.WriteFile(ppkFile, ppk, 0o600); err != nil {
		t.Fatal(err)
	}

	session := clientconf.Host{
		Name: "s1", Address: s.Host, Port: s.Port, User: "rocky", PPKFile: ppkFile, HostKeys: s.HostKeys,
	}
	// The "changed" session still lists the keys the server had before:
	// here the corpus keys, which the server has never had.
	changed := session
	changed.Name = "s1-changed"
	changed.HostKeys = []ssh.PublicKey{corpusHostKey(t, "ed25519"), corpusHostKey(t, "ecdsa256")}
	files, err := clientconf.WritePuTTYSessions([]clientconf.Host{session, changed}, clientconf.Options{})
	if err != nil {
		t.Fatal(err)
	}
	puttyDir := t.TempDir()
	if err := os.Mkdir(filepath.Join(puttyDir, "sessions"), 0o700); err != nil {
		t.Fatal(err)
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(puttyDir, name), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	home := t.TempDir()

	run := func(name string) (string, string, error) {
		cmd := exec.Command(plink, "-batch", "-load", name, "id", "-un")
		// PUTTYDIR is where plink reads the sessions and would write its
		// host-key cache and random seed; HOME keeps anything else out of
		// the real home.
		cmd.Env = append(os.Environ(), "PUTTYDIR="+puttyDir, "HOME="+home)
		var stderr strings.Builder
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		return string(out), stderr.String(), err
	}

	out, stderr, err := run("s1")
	if err != nil || out != "rocky\n" {
		t.Fatalf("plink -load s1: %q, %v; stderr: %s", out, err, stderr)
	}
	out, stderr, err = run("s1-changed")
	if err == nil || out != "" {
		t.Fatalf("plink -load s1-changed logged in with a host key the session does not list: %q", out)
	}
	if !strings.Contains(stderr, "Host key not in manually configured list") {
		t.Errorf("plink refused for another reason: %s", stderr)
	}
	// Neither run asked about the host key or recorded one.
	if _, err := os.Stat(filepath.Join(puttyDir, "sshhostkeys")); !os.IsNotExist(err) {
		t.Errorf("plink wrote a host-key cache: %v", err)
	}
	if entries, _ := os.ReadDir(home); len(entries) != 0 {
		t.Errorf("plink wrote into HOME: %v", entries)
	}
}
