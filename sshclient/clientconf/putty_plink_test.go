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
// plinkFixture is a real sshd, a .ppk of its client key, and temporary
// PuTTY settings and home folders for plink.
type plinkFixture struct {
	plink, ppkFile, puttyDir, home string
	server                         *sshtest.Server
}

func newPlinkFixture(t *testing.T) *plinkFixture {
	t.Helper()
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
	f := &plinkFixture{plink: plink, server: s, puttyDir: t.TempDir(), home: t.TempDir()}
	f.ppkFile = filepath.Join(t.TempDir(), "KEY.ppk")
	if err := os.WriteFile(f.ppkFile, ppk, 0o600); err != nil {
		t.Fatal(err)
	}
	return f
}

// host is the fixture's server as a Host, its host keys known.
func (f *plinkFixture) host(name string) clientconf.Host {
	return clientconf.Host{
		Name: name, Address: f.server.Host, Port: f.server.Port, User: "rocky",
		PPKFile: f.ppkFile, HostKeys: f.server.HostKeys,
	}
}

// writeSessions writes the hosts' session files into the settings folder.
func (f *plinkFixture) writeSessions(t *testing.T, hosts ...clientconf.Host) {
	t.Helper()
	files, err := clientconf.WritePuTTYSessions(hosts, clientconf.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(f.puttyDir, "sessions"), 0o700); err != nil {
		t.Fatal(err)
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(f.puttyDir, name), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

// run runs plink -load NAME id -un with stdin as its input; batch adds
// -batch, which makes plink refuse where it would ask.
func (f *plinkFixture) run(name, stdin string, batch bool) (string, string, error) {
	args := []string{"-load", name, "id", "-un"}
	if batch {
		args = append([]string{"-batch"}, args...)
	}
	cmd := exec.Command(f.plink, args...)
	// PUTTYDIR is where plink reads the sessions and keeps its host-key
	// cache and random seed; HOME keeps anything else out of the real
	// home.
	cmd.Env = append(os.Environ(), "PUTTYDIR="+f.puttyDir, "HOME="+f.home)
	cmd.Stdin = strings.NewReader(stdin)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	return string(out), stderr.String(), err
}

// TestPlinkLoadsExportedSession is PuTTY's own client reading what
// WritePuTTYSessions wrote: `plink -batch -load NAME` logs in to a real
// sshd with the session's user, port and .ppk, checking the host key
// against SSHManualHostKeys alone (no -hostkey, an empty host-key cache),
// and refuses the server once the session's keys are no longer its keys.
func TestPlinkLoadsExportedSession(t *testing.T) {
	f := newPlinkFixture(t)
	session := f.host("s1")
	// The "changed" session still lists the keys the server had before:
	// here the corpus keys, which the server has never had.
	changed := f.host("s1-changed")
	changed.HostKeys = []ssh.PublicKey{corpusHostKey(t, "ed25519"), corpusHostKey(t, "ecdsa256")}
	f.writeSessions(t, session, changed)

	out, stderr, err := f.run("s1", "", true)
	if err != nil || out != "rocky\n" {
		t.Fatalf("plink -load s1: %q, %v; stderr: %s", out, err, stderr)
	}
	out, stderr, err = f.run("s1-changed", "", true)
	if err == nil || out != "" {
		t.Fatalf("plink -load s1-changed logged in with a host key the session does not list: %q", out)
	}
	if !strings.Contains(stderr, "Host key not in manually configured list") {
		t.Errorf("plink refused for another reason: %s", stderr)
	}
	// Neither run asked about the host key or recorded one.
	if _, err := os.Stat(filepath.Join(f.puttyDir, "sshhostkeys")); !os.IsNotExist(err) {
		t.Errorf("plink wrote a host-key cache: %v", err)
	}
	if entries, _ := os.ReadDir(f.home); len(entries) != 0 {
		t.Errorf("plink wrote into HOME: %v", entries)
	}
}

// TestPlinkHostKeyCache checks MergePuTTYHostKeys against PuTTY itself:
// the cache line plink writes when the user accepts the key is the line
// keyconv writes, plink -batch logs in with keyconv's cache and no manual
// host keys, and refuses when the cache holds another key.
func TestPlinkHostKeyCache(t *testing.T) {
	// The server has an Ed25519 and an ECDSA key; PuTTY's HostKey setting
	// (its preference order) picks which one plink negotiates.
	for i, preference := range []string{"ed25519,ecdsa,rsa,dsa,WARN", "ecdsa,ed25519,rsa,dsa,WARN"} {
		t.Run(strings.Split(preference, ",")[0], func(t *testing.T) { testPlinkHostKeyCache(t, preference, i) })
	}
}

func testPlinkHostKeyCache(t *testing.T, preference string, keyIndex int) {
	f := newPlinkFixture(t)
	h := f.host("s1")
	h.HostKeys = nil // the session lists none: only the cache can vouch
	f.writeSessions(t, h)
	session, err := os.OpenFile(filepath.Join(f.puttyDir, "sessions", "s1"), os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := session.WriteString("HostKey=" + preference + "\n"); err != nil {
		t.Fatal(err)
	}
	session.Close()
	cacheFile := filepath.Join(f.puttyDir, "sshhostkeys")

	// plink asks on stdin; "y" stores the key, as a user would.
	out, stderr, err := f.run("s1", "y\n", false)
	if err != nil || out != "rocky\n" {
		t.Fatalf("plink -load s1 answering y: %q, %v; stderr: %s", out, err, stderr)
	}
	byPlink, err := os.ReadFile(cacheFile)
	if err != nil {
		t.Fatal(err)
	}
	// plink caches the one key it negotiated.
	ours, err := clientconf.MergePuTTYHostKeys(nil, []clientconf.Host{f.host("s1")})
	if err != nil {
		t.Fatal(err)
	}
	if line := strings.SplitAfter(string(ours), "\n")[keyIndex]; line != string(byPlink) {
		t.Fatalf("plink cached\n%s\nkeyconv writes\n%s", byPlink, line)
	}

	if err := os.WriteFile(cacheFile, ours, 0o600); err != nil {
		t.Fatal(err)
	}
	if out, stderr, err := f.run("s1", "", true); err != nil || out != "rocky\n" {
		t.Fatalf("plink -batch with keyconv's cache: %q, %v; stderr: %s", out, err, stderr)
	}

	wrong := f.host("s1")
	wrong.HostKeys = []ssh.PublicKey{corpusHostKey(t, "ed25519"), corpusHostKey(t, "ecdsa256")}
	replaced, err := clientconf.MergePuTTYHostKeys(ours, []clientconf.Host{wrong})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(cacheFile, replaced, 0o600); err != nil {
		t.Fatal(err)
	}
	out, stderr, err = f.run("s1", "", true)
	if err == nil || out != "" {
		t.Fatalf("plink -batch logged in although the cache holds another key: %q", out)
	}
	if !strings.Contains(stderr, "POTENTIAL SECURITY BREACH") {
		t.Errorf("plink refused for another reason: %s", stderr)
	}
}
