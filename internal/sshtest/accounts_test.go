package sshtest

import (
	"bytes"
	"os"
	"os/user"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/knownhosts"
)

// loginRun logs in to addr as name with signer and runs command.
func loginRun(t *testing.T, addr, knownHostsFile, name string, signer ssh.Signer, command string) (string, error) {
	t.Helper()
	hostKeys, err := knownhosts.New(knownHostsFile)
	if err != nil {
		t.Fatal(err)
	}
	c, err := ssh.Dial("tcp", addr, &ssh.ClientConfig{
		User: name, Auth: []ssh.AuthMethod{ssh.PublicKeys(signer)}, HostKeyCallback: hostKeys,
	})
	if err != nil {
		return "", err
	}
	defer c.Close()
	sess, err := c.NewSession()
	if err != nil {
		return "", err
	}
	defer sess.Close()
	out, err := sess.CombinedOutput(command)
	return strings.TrimSpace(string(out)), err
}

// TestUserAuthorizedKeysHonoursStrictModes checks that a server started
// with UserAuthorizedKeys reads the account's own file and refuses it when
// ~/.ssh is writable by others, as a real sshd does, and accepts it again
// at 0700; the account has passwordless sudo.
func TestUserAuthorizedKeysHonoursStrictModes(t *testing.T) {
	s := StartTWith(t, Options{UserAuthorizedKeys: true})
	a := CreateAccountT(t, s.ClientKey.PublicKey())
	other := CreateAccountT(t)
	for path, want := range map[string]os.FileMode{a.Home: 0o700, filepath.Dir(a.AuthorizedKeysFile): 0o700, a.AuthorizedKeysFile: 0o600} {
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != want {
			t.Errorf("%s has mode %v, want %v", path, fi.Mode().Perm(), want)
		}
	}
	if !strings.HasPrefix(a.Home, "/home/") {
		t.Errorf("home %s is not under /home", a.Home)
	}
	if out, err := loginRun(t, s.Addr, s.KnownHostsFile, a.Name, s.ClientKey, "id -un; sudo -n id -un"); err != nil || out != a.Name+"\nroot" {
		t.Fatalf("as %s: %q, %v; want %q", a.Name, out, err, a.Name+"\nroot")
	}
	if _, err := loginRun(t, s.Addr, s.KnownHostsFile, other.Name, s.ClientKey, "true"); err == nil {
		t.Errorf("%s, whose authorized_keys is empty, accepted the client key", other.Name)
	}
	if _, err := loginRun(t, s.Addr, s.KnownHostsFile, "rocky", s.ClientKey, "true"); err == nil {
		t.Error("rocky accepted the client key from the shared authorized_keys")
	}
	sshDir := filepath.Dir(a.AuthorizedKeysFile)
	if err := os.Chmod(sshDir, 0o777); err != nil {
		t.Fatal(err)
	}
	if _, err := loginRun(t, s.Addr, s.KnownHostsFile, a.Name, s.ClientKey, "true"); err == nil {
		t.Error("~/.ssh at 0777: the key was accepted; StrictModes should refuse it")
	}
	if !strings.Contains(s.Log(), "bad ownership or modes") {
		t.Errorf("sshd did not log bad modes:\n%s", s.Log())
	}
	if err := os.Chmod(sshDir, 0o700); err != nil {
		t.Fatal(err)
	}
	if out, err := loginRun(t, s.Addr, s.KnownHostsFile, a.Name, s.ClientKey, "id -un"); err != nil || out != a.Name {
		t.Errorf("~/.ssh back at 0700: %q, %v", out, err)
	}
}

// TestAccountRemove checks that Remove leaves no user, home or sudoers
// rule behind.
func TestAccountRemove(t *testing.T) {
	Require(t)
	a, err := CreateAccount()
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Remove(); err != nil {
		t.Fatal(err)
	}
	if _, err := user.Lookup(a.Name); err == nil {
		t.Errorf("user %s still exists", a.Name)
	}
	for _, path := range []string{a.Home, a.SudoersFile} {
		if _, err := os.Stat(path); !os.IsNotExist(err) {
			t.Errorf("%s is still there: %v", path, err)
		}
	}
}

// TestFleetAccountsPerServer gives each server of a fleet its own account
// and checks that the cloud file names it, and that each logs in.
func TestFleetAccountsPerServer(t *testing.T) {
	f := StartFleetTWith(t, 3, FleetOptions{UserAuthorizedKeys: true})
	accounts := f.AccountsT(t)
	known, err := f.WriteKnownHosts()
	if err != nil {
		t.Fatal(err)
	}
	cloud := f.CloudFileWithUsers(nil, accounts)
	for i, addr := range f.Addrs {
		a := accounts[i]
		if !bytes.Contains(cloud, []byte("public_ip: "+addr+"\n")) || !bytes.Contains(cloud, []byte("user: "+a.Name+"\n")) {
			t.Errorf("cloud file lacks %s or its user %s:\n%s", addr, a.Name, cloud)
		}
		if out, err := loginRun(t, f.HostPort(addr), known, a.Name, f.ClientKey, "id -un"); err != nil || out != a.Name {
			t.Errorf("%s as %s: %q, %v", addr, a.Name, out, err)
		}
	}
	if bytes.Contains(f.CloudFile(nil), []byte("user:")) {
		t.Error("CloudFile without accounts names a user")
	}
}

// TestRemoveAccountCleansWhatACommandMade removes an account made as
// keyconv adduser makes one: useradd, and a rule in /etc/sudoers.d/NAME.
func TestRemoveAccountCleansWhatACommandMade(t *testing.T) {
	Require(t)
	name, err := NewAccountName()
	if err != nil {
		t.Fatal(err)
	}
	if err := RemoveAccount(name); err != nil {
		t.Errorf("removing an account that was never made: %v", err)
	}
	if err := ensureUser(name); err != nil {
		t.Fatal(err)
	}
	rule := "/etc/sudoers.d/" + name
	if err := installSudoers(rule, name+" ALL=(ALL) NOPASSWD:ALL\n"); err != nil {
		t.Fatal(err)
	}
	if err := RemoveAccount(name); err != nil {
		t.Fatal(err)
	}
	if _, err := user.Lookup(name); err == nil {
		t.Errorf("user %s still exists", name)
	}
	for _, path := range []string{"/home/" + name, rule} {
		if _, err := os.Stat(path); !os.IsNotExist(err) {
			t.Errorf("%s is still there: %v", path, err)
		}
	}
}
