//go:build linux

// The real-sshd tests run on Linux only (see internal/sshtest), and read
// file owners through syscall.Stat_t.

package fleet

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/cloudkeypair/keypair/internal/sshtest"
	"github.com/cloudkeypair/keypair/keyconv"
	"github.com/cloudkeypair/keypair/sshclient"
	"golang.org/x/crypto/ssh"
)

// strictServer is an sshd reading each user's own authorized_keys with
// StrictModes yes, and an account on it that the client key logs in as.
func strictServer(t *testing.T) (*sshtest.Server, *sshtest.Account) {
	t.Helper()
	s := sshtest.StartTWith(t, sshtest.Options{UserAuthorizedKeys: true})
	return s, sshtest.CreateAccountT(t, s.ClientKey.PublicKey())
}

// dialAs logs in to s as user with signer.
func dialAs(t *testing.T, s *sshtest.Server, user string, signer ssh.Signer) (*sshclient.Client, error) {
	t.Helper()
	return sshclient.Dial(context.Background(), &sshclient.Config{
		Host: s.Host, Port: s.Port, User: user, Signer: signer, KnownHostsFiles: []string{s.KnownHostsFile},
	})
}

func mustDial(t *testing.T, s *sshtest.Server, user string, signer ssh.Signer) *sshclient.Client {
	t.Helper()
	c, err := dialAs(t, s, user, signer)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// checkOwnedMode fails unless path has mode and belongs to a.
func checkOwnedMode(t *testing.T, path string, mode os.FileMode, a *sshtest.Account) {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	st := fi.Sys().(*syscall.Stat_t)
	if fi.Mode().Perm() != mode || int(st.Uid) != a.UID || int(st.Gid) != a.GID {
		t.Errorf("%s: mode %v owner %d:%d, want %v %d:%d", path, fi.Mode().Perm(), st.Uid, st.Gid, mode, a.UID, a.GID)
	}
}

// The login user's own file: read as it is, written with every byte
// given, the mode kept 0600; the login still works afterwards.
func TestAuthorizedKeysOwnFile(t *testing.T) {
	s, a := strictServer(t)
	c := mustDial(t, s, a.Name, s.ClientKey)
	ctx := context.Background()
	ak, err := ReadAuthorizedKeys(ctx, c, "")
	if err != nil {
		t.Fatal(err)
	}
	want, _ := os.ReadFile(a.AuthorizedKeysFile)
	if ak.User != a.Name || ak.Root || !ak.Exists || string(ak.Data) != string(want) || ak.Path != a.AuthorizedKeysFile {
		t.Fatalf("read %+v, want %s's file %q", ak, a.Name, want)
	}
	data := append([]byte("# kept\r\n\n"), want...)
	data = append(data, "no newline at the end"...)
	if err := ak.Write(ctx, c, data); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(a.AuthorizedKeysFile); string(got) != string(data) {
		t.Errorf("file holds %q, want %q", got, data)
	}
	checkOwnedMode(t, a.AuthorizedKeysFile, 0o600, a)
	if left, _ := filepath.Glob(filepath.Join(a.Home, ".ssh", ".authorized_keys*")); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
	if c2, err := dialAs(t, s, a.Name, s.ClientKey); err != nil {
		t.Errorf("fresh login after the write: %v", err)
	} else {
		c2.Close()
	}
}

// Another user's file, through sudo, when ~/.ssh is missing: made 0700
// and the file 0600, both the user's, so that sshd with StrictModes
// accepts the key written.
func TestAuthorizedKeysOtherUserMissingDir(t *testing.T) {
	s, a := strictServer(t)
	other := sshtest.CreateAccountT(t)
	if err := os.RemoveAll(filepath.Join(other.Home, ".ssh")); err != nil {
		t.Fatal(err)
	}
	c := mustDial(t, s, a.Name, s.ClientKey)
	ctx := context.Background()
	ak, err := ReadAuthorizedKeys(ctx, c, other.Name)
	if err != nil {
		t.Fatal(err)
	}
	if ak.Exists || !ak.Root || ak.Home != other.Home {
		t.Fatalf("read %+v, want a missing file read as root", ak)
	}
	key := sshtest.NewSigner(t)
	if err := ak.Write(ctx, c, ssh.MarshalAuthorizedKey(key.PublicKey())); err != nil {
		t.Fatal(err)
	}
	checkOwnedMode(t, filepath.Join(other.Home, ".ssh"), 0o700, other)
	checkOwnedMode(t, other.AuthorizedKeysFile, 0o600, other)
	if c2, err := dialAs(t, s, other.Name, key); err != nil {
		t.Errorf("login as %s with the key written: %v", other.Name, err)
	} else {
		c2.Close()
	}
}

// A file edited between read and write is not overwritten; a user the
// server lacks and a symbolic link are errors.
func TestAuthorizedKeysRefusals(t *testing.T) {
	s, a := strictServer(t)
	c := mustDial(t, s, a.Name, s.ClientKey)
	ctx := context.Background()
	ak, err := ReadAuthorizedKeys(ctx, c, "")
	if err != nil {
		t.Fatal(err)
	}
	edited := append(append([]byte{}, ak.Data...), "# someone else's edit\n"...)
	if err := os.WriteFile(a.AuthorizedKeysFile, edited, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := ak.Write(ctx, c, []byte("lost\n")); !errors.Is(err, ErrAuthorizedKeysChanged) {
		t.Errorf("write over an edited file: %v, want ErrAuthorizedKeysChanged", err)
	}
	if got, _ := os.ReadFile(a.AuthorizedKeysFile); string(got) != string(edited) {
		t.Errorf("the edited file became %q", got)
	}
	if _, err := ReadAuthorizedKeys(ctx, c, "kcnobody"); !errors.Is(err, ErrNoSuchUser) {
		t.Errorf("reading a missing user's file: %v, want ErrNoSuchUser", err)
	}
	if _, err := ReadAuthorizedKeys(ctx, c, "bad name;"); err == nil || !strings.Contains(err.Error(), "not a user name") {
		t.Errorf("a name with a shell character: %v", err)
	}
	other := sshtest.CreateAccountT(t)
	if err := os.Symlink(a.AuthorizedKeysFile, filepath.Join(other.Home, ".ssh", "link")); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(filepath.Join(other.Home, ".ssh", "link"), other.AuthorizedKeysFile); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadAuthorizedKeys(ctx, c, other.Name); err == nil || !strings.Contains(err.Error(), "symbolic link") {
		t.Errorf("a symbolic link: %v", err)
	}
}

// rootOwnedKeys makes a directory only root may write, holding an
// authorized_keys of root's, as /root/.ssh is: what a user who links his
// ~/.ssh to it must not get to replace.
func rootOwnedKeys(t *testing.T) (dir string, data []byte) {
	t.Helper()
	dir = t.TempDir()
	if err := os.Chmod(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	data = []byte("# root's own key\n")
	writeFile(t, filepath.Join(dir, "authorized_keys"), data)
	return dir, data
}

// checkRootKeysKept fails unless dir/authorized_keys still holds data,
// owned by root, 0600.
func checkRootKeysKept(t *testing.T, dir string, data []byte) {
	t.Helper()
	path := filepath.Join(dir, "authorized_keys")
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Lstat(path)
	if err != nil {
		t.Fatal(err)
	}
	st := fi.Sys().(*syscall.Stat_t)
	if string(got) != string(data) || st.Uid != 0 || fi.Mode() != 0o600 {
		t.Errorf("root's file became %q, mode %v, owner %d", got, fi.Mode(), st.Uid)
	}
}

// A user whose ~/.ssh is a symbolic link to a directory of root's (the
// reviewer's ~/.ssh -> /root/.ssh) cannot have keyconv, writing his keys
// through sudo, replace root's: the read refuses the link, and a write
// planned before the link was put in place writes nothing through it.
func TestAuthorizedKeysSymlinkedSSHDir(t *testing.T) {
	s, a := strictServer(t)
	other := sshtest.CreateAccountT(t)
	c := mustDial(t, s, a.Name, s.ClientKey)
	ctx := context.Background()
	rootDir, rootData := rootOwnedKeys(t)

	// The write planned on the real ~/.ssh, then the link swapped in.
	ak, err := ReadAuthorizedKeys(ctx, c, other.Name)
	if err != nil {
		t.Fatal(err)
	}
	sshDir := filepath.Join(other.Home, ".ssh")
	if err := os.RemoveAll(sshDir); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(rootDir, sshDir); err != nil {
		t.Fatal(err)
	}
	// As root would have read it through the link.
	ak.Data, ak.Exists = rootData, true
	if err := ak.Write(ctx, c, []byte("# the user's key\n")); err == nil {
		t.Error("a write through a symbolic link ~/.ssh succeeded")
	}
	checkRootKeysKept(t, rootDir, rootData)
	if left, _ := filepath.Glob(filepath.Join(rootDir, ".authorized_keys*")); len(left) > 0 {
		t.Errorf("temporary files left in root's directory: %v", left)
	}

	if _, err := ReadAuthorizedKeys(ctx, c, other.Name); err == nil || !strings.Contains(err.Error(), "symbolic link") {
		t.Errorf("reading through a symbolic link ~/.ssh: %v, want a refusal naming the link", err)
	}
	if _, _, err := Authorize(ctx, c, other.Name, mustPublicKey(t, sshtest.NewSigner(t))); err == nil {
		t.Error("authorize through a symbolic link ~/.ssh succeeded")
	}
	checkRootKeysKept(t, rootDir, rootData)
}

func mustPublicKey(t *testing.T, s ssh.Signer) *keyconv.PublicKey {
	t.Helper()
	pub, err := keyconv.ParsePublicKeyBlob(s.PublicKey().Marshal())
	if err != nil {
		t.Fatal(err)
	}
	return pub
}

// sshd's StrictModes, not the guide's 700, decides whether ~/.ssh will
// do: a 755 or 750 ~/.ssh is written into and left as it is, and the key
// logs in; a 775 one, which sshd refuses, is refused before anything is
// written.
func TestAuthorizedKeysSSHDirModes(t *testing.T) {
	s, a := strictServer(t)
	c := mustDial(t, s, a.Name, s.ClientKey)
	ctx := context.Background()
	for _, mode := range []os.FileMode{0o755, 0o750, 0o775} {
		other := sshtest.CreateAccountT(t)
		sshDir := filepath.Join(other.Home, ".ssh")
		if err := os.Chmod(sshDir, mode); err != nil {
			t.Fatal(err)
		}
		before, _ := os.ReadFile(other.AuthorizedKeysFile)
		key := sshtest.NewSigner(t)
		_, added, err := Authorize(ctx, c, other.Name, mustPublicKey(t, key))
		after, _ := os.ReadFile(other.AuthorizedKeysFile)
		if mode&0o022 != 0 {
			if err == nil || !strings.Contains(err.Error(), "StrictModes") {
				t.Errorf("~/.ssh %o: %v, want a refusal naming StrictModes", mode, err)
			}
			if string(after) != string(before) {
				t.Errorf("~/.ssh %o: the refused write changed the file to %q", mode, after)
			}
			continue
		}
		if err != nil || !added {
			t.Errorf("~/.ssh %o: added %v, %v", mode, added, err)
			continue
		}
		checkOwnedMode(t, sshDir, mode, other)
		if c2, err := dialAs(t, s, other.Name, key); err != nil {
			t.Errorf("~/.ssh %o: login with the key written: %v", mode, err)
		} else {
			c2.Close()
		}
	}
}

// A home whose path goes through a symbolic link (/home -> /var/home on
// some systems) reads with RealPath resolved, as sshd and the audit see
// it, and ReplaceAuthorizedKeys given that path writes the file.
func TestAuthorizedKeysHomeThroughLink(t *testing.T) {
	s, a := strictServer(t)
	other := sshtest.CreateAccountT(t)
	dir := t.TempDir()
	for _, p := range []string{dir, filepath.Dir(dir)} {
		if err := os.Chmod(p, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	link := filepath.Join(dir, "homes")
	if err := os.Symlink(filepath.Dir(other.Home), link); err != nil {
		t.Fatal(err)
	}
	setHome(t, other.Name, filepath.Join(link, other.Name))
	t.Cleanup(func() { setHome(t, other.Name, other.Home) })
	c := mustDial(t, s, a.Name, s.ClientKey)
	ctx := context.Background()
	ak, err := ReadAuthorizedKeys(ctx, c, other.Name)
	if err != nil {
		t.Fatal(err)
	}
	if ak.RealPath != other.AuthorizedKeysFile || ak.Path != filepath.Join(link, other.Name, ".ssh", "authorized_keys") {
		t.Fatalf("read Path %s, RealPath %s; want RealPath %s", ak.Path, ak.RealPath, other.AuthorizedKeysFile)
	}
	data := append(append([]byte{}, ak.Data...), "# added\n"...)
	if err := ReplaceAuthorizedKeys(ctx, c, other.Name, other.AuthorizedKeysFile, ak.Data, data); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(other.AuthorizedKeysFile); string(got) != string(data) {
		t.Errorf("file holds %q, want %q", got, data)
	}
}

// setHome sets user's home directory in /etc/passwd, retrying while
// another test package holds the lock on it.
func setHome(t *testing.T, user, home string) {
	t.Helper()
	var out []byte
	var err error
	for range 50 {
		if out, err = exec.Command("usermod", "-d", home, user).CombinedOutput(); err == nil {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("usermod -d %s %s: %v: %s", home, user, err, out)
}
