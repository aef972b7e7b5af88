//go:build linux

// The real-sshd tests run on Linux only (see internal/sshtest); these use
// authorized_keys_sshd_test.go's helpers.

package fleet

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/rsa"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/cloudkeypair/keypair/firewall"
	"github.com/cloudkeypair/keypair/internal/sshtest"
	"github.com/cloudkeypair/keypair/keyconv"
	"github.com/cloudkeypair/keypair/sshclient"
	"golang.org/x/crypto/ssh"
)

// userFleet is a fleet whose sshd reads each account's own authorized_keys
// with StrictModes yes, one account per server (the cloud file's user:),
// each file holding the fleet's client key and an unrelated line.
type userFleet struct {
	*sshtest.Fleet
	accounts []*sshtest.Account
	targets  []Target
	known    string
	before   [][]byte // each account's authorized_keys as the test began
}

// unrelatedLines are in every account's file besides the login key, and
// must come out of every change byte for byte.
const unrelatedLines = "# ops team\r\n" +
	`command="uptime",no-pty ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMIoxP27uAula4HfCL5RoxwAizyrQ/Qnv12jjxdc9qSM monitor` + "\n\n"

func startUserFleet(t *testing.T, n int, opts sshtest.FleetOptions) *userFleet {
	t.Helper()
	opts.UserAuthorizedKeys = true
	f := &userFleet{Fleet: sshtest.StartFleetTWith(t, n, opts)}
	f.accounts = f.AccountsT(t)
	dir := t.TempDir()
	key, err := os.ReadFile(f.ClientKeyFile)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "cafe24.pem"), key)
	path := filepath.Join(dir, "cloud.yaml")
	writeFile(t, path, f.CloudFileWithUsers(nil, f.accounts))
	cloud, err := firewall.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if f.targets, err = Targets(cloud, Selection{All: true}, KeyOptions{WorkDir: dir}); err != nil {
		t.Fatal(err)
	}
	if f.known, err = f.WriteKnownHosts(); err != nil {
		t.Fatal(err)
	}
	for _, a := range f.accounts {
		data := append([]byte(unrelatedLines), ssh.MarshalAuthorizedKey(f.ClientKey.PublicKey())...)
		if err := a.WriteAuthorizedKeys(data); err != nil {
			t.Fatal(err)
		}
		f.before = append(f.before, data)
	}
	return f
}

func (f *userFleet) runner() *Runner {
	return &Runner{KnownHostsFiles: []string{f.known}}
}

// logsIn reports whether server i lets its account in with signer.
func (f *userFleet) logsIn(t *testing.T, i int, signer ssh.Signer) bool {
	t.Helper()
	c, err := f.runner().Dial(context.Background(), &f.targets[i], f.accounts[i].Name, signer)
	if err == nil {
		c.Close()
		return true
	}
	var auth *sshclient.AuthError
	if !errors.As(err, &auth) {
		t.Fatalf("logging in to %s: %v", f.targets[i].Name, err)
	}
	return false
}

func (f *userFleet) rotation(t *testing.T, newKey ssh.Signer, journal string) *Rotation {
	t.Helper()
	j, err := OpenJournal(journal)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { j.Close() })
	pub, err := keyconv.ParsePublicKeyBlob(newKey.PublicKey().Marshal())
	if err != nil {
		t.Fatal(err)
	}
	pub.Comment = "new@test"
	return &Rotation{Old: f.ClientKey, New: newKey, NewKey: pub, Journal: j}
}

// On every server the new key ends up accepted, the old refused and every
// other line as it was; a second run finds every server done and dials
// none (it could not: the login key is the old one). s3's ~/.ssh is
// 750, which sshd accepts, and is rotated as it is.
func TestRotateFleet(t *testing.T) {
	f := startUserFleet(t, 3, sshtest.FleetOptions{})
	if err := os.Chmod(filepath.Dir(f.accounts[2].AuthorizedKeysFile), 0o750); err != nil {
		t.Fatal(err)
	}
	// s1's old key is restricted; the new key must be too.
	const restricted = "no-port-forwarding,no-X11-forwarding"
	if err := f.accounts[0].WriteAuthorizedKeys(append([]byte(unrelatedLines+restricted+" "), ssh.MarshalAuthorizedKey(f.ClientKey.PublicKey())...)); err != nil {
		t.Fatal(err)
	}
	newKey := sshtest.NewSigner(t)
	rot := f.rotation(t, newKey, filepath.Join(t.TempDir(), "journal"))
	for name, res := range collect(t, f.runner().Rotate(context.Background(), f.targets, rot)) {
		if res.Class != OK {
			t.Errorf("%s: %v: %v", name, res.Class, res.Err)
		}
	}
	for i, a := range f.accounts {
		got, err := os.ReadFile(a.AuthorizedKeysFile)
		if err != nil {
			t.Fatal(err)
		}
		line, err := rot.NewKey.AuthorizedKey()
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			line = restricted + " " + line
		}
		if want := unrelatedLines + line; string(got) != want {
			t.Errorf("%s's file after rotating:\n%q\nwant\n%q", f.targets[i].Name, got, want)
		}
		if !f.logsIn(t, i, newKey) || f.logsIn(t, i, f.ClientKey) {
			t.Errorf("%s: the new key does not log in, or the old one still does", f.targets[i].Name)
		}
		if s := rot.Recorded(&f.targets[i]); s != Done {
			t.Errorf("%s: journal says %v", f.targets[i].Name, s)
		}
	}
	for name, res := range collect(t, f.runner().Rotate(context.Background(), f.targets, rot)) {
		if res.Class != OK || res.Started {
			t.Errorf("second run, %s: %v, started %v: %v", name, res.Class, res.Started, res.Err)
		}
	}
}

// A server that refuses the new key's type (s2 takes only Ed25519 keys,
// as a hardened server may) fails at step 3 and is put back byte for
// byte, its old key still logging in; the others are rotated. s2's
// ~/.ssh is 755, which sshd accepts: the rollback into it is no failure.
func TestRotateRollsBackWhenNewKeyRefused(t *testing.T) {
	f := startUserFleet(t, 3, sshtest.FleetOptions{Config: []string{
		"Match LocalAddress 127.0.0.3", "PubkeyAcceptedAlgorithms ssh-ed25519",
	}})
	if err := os.Chmod(filepath.Dir(f.accounts[1].AuthorizedKeysFile), 0o755); err != nil {
		t.Fatal(err)
	}
	newKey := newRSASigner(t)
	rot := f.rotation(t, newKey, filepath.Join(t.TempDir(), "journal"))
	results := collect(t, f.runner().Rotate(context.Background(), f.targets, rot))
	var rotErr *RotationError
	if res := results["s2"]; res.Class != Failed || !errors.As(res.Err, &rotErr) || rotErr.Step != NewProven || rotErr.RollbackErr != nil {
		t.Fatalf("s2: %v: %v; want a rolled-back failure at step 3", res.Class, res.Err)
	}
	if got, _ := os.ReadFile(f.accounts[1].AuthorizedKeysFile); !bytes.Equal(got, f.before[1]) {
		t.Errorf("s2's file after the rollback:\n%q\nwant\n%q", got, f.before[1])
	}
	if !f.logsIn(t, 1, f.ClientKey) {
		t.Error("s2 no longer takes the old key")
	}
	if s := rot.Recorded(&f.targets[1]); s != RolledBack {
		t.Errorf("s2: journal says %v", s)
	}
	for _, i := range []int{0, 2} {
		if res := results[f.targets[i].Name]; res.Class != OK || !f.logsIn(t, i, newKey) || f.logsIn(t, i, f.ClientKey) {
			t.Errorf("%s: %v: %v; want rotated", f.targets[i].Name, res.Class, res.Err)
		}
	}
}

// A run interrupted right after s1's old key was removed (before the old
// key was proven refused) leaves s1 with the new key only, recorded so; the
// next run logs in to s1 with the new key and finishes, and does the
// servers the first run left.
func TestRotateResumesAfterInterrupt(t *testing.T) {
	f := startUserFleet(t, 3, sshtest.FleetOptions{})
	newKey := sshtest.NewSigner(t)
	journal := filepath.Join(t.TempDir(), "journal")
	rot := f.rotation(t, newKey, journal)
	ctx, cancel := context.WithCancel(context.Background())
	rot.AfterStep = func(tg *Target, s RotationStep) {
		if tg.Name == "s1" && s == OldRemoved {
			cancel()
		}
	}
	r := f.runner()
	r.Parallel = 1
	collect(t, r.Rotate(ctx, f.targets, rot))
	if s := rot.Recorded(&f.targets[0]); s != OldRemoved {
		t.Fatalf("s1 after the interrupted run: %v, want %v", s, OldRemoved)
	}
	if f.logsIn(t, 0, f.ClientKey) || !f.logsIn(t, 0, newKey) {
		t.Fatal("s1 after the interrupted run: want the new key only")
	}
	rot.Journal.Close()
	again := f.rotation(t, newKey, journal) // a new process reads the journal
	for name, res := range collect(t, f.runner().Rotate(context.Background(), f.targets, again)) {
		if res.Class != OK {
			t.Errorf("resumed run, %s: %v: %v", name, res.Class, res.Err)
		}
	}
	for i := range f.targets {
		if again.Recorded(&f.targets[i]) != Done || !f.logsIn(t, i, newKey) || f.logsIn(t, i, f.ClientKey) {
			t.Errorf("%s after resuming: want done, the new key only", f.targets[i].Name)
		}
	}
}

// A run interrupted right after the new key was added, resumed against a
// server that refuses the new key, rolls back to the file as it was before
// the first run (kept in the journal), not as the second run found it.
func TestRotateResumedRollbackUsesJournal(t *testing.T) {
	f := startUserFleet(t, 1, sshtest.FleetOptions{Config: []string{"PubkeyAcceptedAlgorithms ssh-ed25519"}})
	newKey := newRSASigner(t)
	journal := filepath.Join(t.TempDir(), "journal")
	rot := f.rotation(t, newKey, journal)
	ctx, cancel := context.WithCancel(context.Background())
	rot.AfterStep = func(_ *Target, s RotationStep) {
		if s == NewAdded {
			cancel()
		}
	}
	res := collect(t, f.runner().Rotate(ctx, f.targets, rot))["s1"]
	var rotErr *RotationError
	if res.Class != Interrupted || errors.As(res.Err, &rotErr) || rot.Recorded(&f.targets[0]) != NewAdded {
		t.Fatalf("interrupted run: %v: %v, journal %v; want interrupted, not rolled back, at %v", res.Class, res.Err, rot.Recorded(&f.targets[0]), NewAdded)
	}
	if got, _ := os.ReadFile(f.accounts[0].AuthorizedKeysFile); bytes.Equal(got, f.before[0]) {
		t.Fatal("the new key was not added by the interrupted run")
	}
	rot.Journal.Close()
	again := f.rotation(t, newKey, journal)
	res = collect(t, f.runner().Rotate(context.Background(), f.targets, again))["s1"]
	if !errors.As(res.Err, &rotErr) || rotErr.Step != NewProven || rotErr.RollbackErr != nil {
		t.Fatalf("resumed run: %v: %v; want rolled back at step 3", res.Class, res.Err)
	}
	if got, _ := os.ReadFile(f.accounts[0].AuthorizedKeysFile); !bytes.Equal(got, f.before[0]) {
		t.Errorf("after the rollback:\n%q\nwant the file from before the first run\n%q", got, f.before[0])
	}
}

// A journal whose last line was cut short by a crash resumes from the
// line before; the content from before the rotation survives later lines.
func TestJournalReadsACutLine(t *testing.T) {
	path := filepath.Join(t.TempDir(), "journal")
	j, err := OpenJournal(path)
	if err != nil {
		t.Fatal(err)
	}
	k := journalKey{"s1", "", "SHA256:old", "SHA256:new"}
	for _, step := range []struct {
		s      RotationStep
		before []byte
	}{{NewAdded, []byte{}}, {NewProven, nil}} {
		if err := j.record(k, step.s, step.before); err != nil {
			t.Fatal(err)
		}
	}
	j.Close()
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString(`{"server":"s1","user":"","old":"SHA256:old","new":"SHA256:new","step":"old k`)
	f.Close()
	j, err = OpenJournal(path)
	if err != nil {
		t.Fatal(err)
	}
	if s, before := j.step(k); s != NewProven || before == nil || len(before) != 0 {
		t.Errorf("step %v, before %q (nil %v); want %v and an empty file", s, before, before == nil, NewProven)
	}
	// The next line starts on a line of its own, not after the cut one.
	if err := j.record(k, OldRemoved, nil); err != nil {
		t.Fatal(err)
	}
	j.Close()
	if j, err = OpenJournal(path); err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	if s, _ := j.step(k); s != OldRemoved {
		t.Errorf("after appending to a cut journal: %v, want %v", s, OldRemoved)
	}
}

// Another user's key whose line forces a command (as a backup or deploy
// key's does) is rotated through sudo: the new line keeps command=, and
// the login alone proves it, since the forced command replaces any other.
func TestRotateOtherUserForcedCommand(t *testing.T) {
	f := startUserFleet(t, 1, sshtest.FleetOptions{})
	deploy := sshtest.CreateAccountT(t)
	oldKey, newKey := sshtest.NewSigner(t), sshtest.NewSigner(t)
	// The forced command fails, as a backup key's does when run without
	// its input: the proof must not take that for a refused login.
	const forced = `command="echo forced; exit 3",no-pty`
	if err := deploy.WriteAuthorizedKeys(append([]byte(forced+" "), ssh.MarshalAuthorizedKey(oldKey.PublicKey())...)); err != nil {
		t.Fatal(err)
	}
	rot := f.rotation(t, newKey, filepath.Join(t.TempDir(), "journal"))
	rot.User, rot.Old = deploy.Name, oldKey
	if res := collect(t, f.runner().Rotate(context.Background(), f.targets, rot))["s1"]; res.Class != OK {
		t.Fatalf("%v: %v", res.Class, res.Err)
	}
	line, err := rot.NewKey.AuthorizedKey()
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(deploy.AuthorizedKeysFile); string(got) != forced+" "+line {
		t.Errorf("deploy's file: %q, want %q", got, forced+" "+line)
	}
	r := f.runner()
	c, err := r.Dial(context.Background(), &f.targets[0], deploy.Name, newKey)
	if err != nil {
		t.Fatal(err)
	}
	out, _, err := c.Output(context.Background(), &sshclient.Command{Line: "id -un"}, 0)
	c.Close()
	var exit *sshclient.ExitError
	if !errors.As(err, &exit) || exit.Status != 3 || string(out) != "forced\n" {
		t.Errorf("a command as deploy with the new key: %q, %v; want the forced command's output and status 3", out, err)
	}
	if _, err := r.Dial(context.Background(), &f.targets[0], deploy.Name, oldKey); err == nil {
		t.Error("the old key still logs in as deploy")
	}
}

// A key another admin adds while a rotation runs survives its rollback:
// the rollback takes out the new key and puts back the old one, and
// leaves every other line as it is now, not as it was before the run.
func TestRotateRollbackKeepsOthersChanges(t *testing.T) {
	f := startUserFleet(t, 1, sshtest.FleetOptions{Config: []string{"PubkeyAcceptedAlgorithms ssh-ed25519"}})
	newKey := newRSASigner(t)
	rot := f.rotation(t, newKey, filepath.Join(t.TempDir(), "journal"))
	theirs := ssh.MarshalAuthorizedKey(sshtest.NewSigner(t).PublicKey())
	rot.AfterStep = func(_ *Target, s RotationStep) {
		if s != NewAdded {
			return
		}
		data, err := os.ReadFile(f.accounts[0].AuthorizedKeysFile)
		if err != nil {
			t.Error(err)
			return
		}
		if err := f.accounts[0].WriteAuthorizedKeys(append(data, theirs...)); err != nil {
			t.Error(err)
		}
	}
	res := collect(t, f.runner().Rotate(context.Background(), f.targets, rot))["s1"]
	var rotErr *RotationError
	if !errors.As(res.Err, &rotErr) || rotErr.Step != NewProven || rotErr.RollbackErr != nil {
		t.Fatalf("%v: %v; want rolled back at step 3", res.Class, res.Err)
	}
	want := append(append([]byte{}, f.before[0]...), theirs...)
	if got, _ := os.ReadFile(f.accounts[0].AuthorizedKeysFile); !bytes.Equal(got, want) {
		t.Errorf("after the rollback:\n%q\nwant the other admin's key kept\n%q", got, want)
	}
	if !f.logsIn(t, 0, f.ClientKey) {
		t.Error("the old key no longer logs in")
	}
}

// newRSASigner is a new RSA key, which a server taking only Ed25519 keys
// refuses.
func newRSASigner(t *testing.T) ssh.Signer {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	s, err := ssh.NewSignerFromKey(key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}
