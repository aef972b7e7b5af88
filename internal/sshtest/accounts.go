package sshtest

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"
)

// Account is a login account made for one test by [CreateAccount], set up
// as a cloud image's user is: a home directory under /home (0700), ~/.ssh
// (0700) and ~/.ssh/authorized_keys (0600) owned by the account, and
// passwordless sudo. Servers started with UserAuthorizedKeys read its
// authorized_keys; the simulated servers of a fleet share it, so give each
// server an account of its own.
type Account struct {
	Name               string // "kc" and 8 hex digits, unique to the account
	UID, GID           int
	Home               string // the home directory, /home/Name
	AuthorizedKeysFile string // Home/.ssh/authorized_keys
	SudoersFile        string // the account's rule in /etc/sudoers.d
}

// CreateAccount creates an account whose authorized_keys lists keys, one
// line each. Call Remove to delete it. It needs root.
func CreateAccount(keys ...ssh.PublicKey) (*Account, error) {
	if err := Available(); err != nil {
		return nil, err
	}
	name, err := newAccountName()
	if err != nil {
		return nil, err
	}
	if err := ensureUser(name); err != nil {
		return nil, err
	}
	a := &Account{Name: name, SudoersFile: "/etc/sudoers.d/90-keyconv-sshtest-" + name}
	if err := a.setUp(keys); err != nil {
		a.Remove()
		return nil, err
	}
	return a, nil
}

// CreateAccountT is [CreateAccount] for a test, skipping it (failing it
// under CI) when it cannot run here, and removing the account when the
// test ends.
func CreateAccountT(t testing.TB, keys ...ssh.PublicKey) *Account {
	t.Helper()
	Require(t)
	a, err := CreateAccount(keys...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := a.Remove(); err != nil {
			t.Error(err)
		}
	})
	return a
}

// NewAccountName returns a name no user has yet, of the form
// CreateAccount gives ("kc" and 8 hex digits), for a test whose command
// creates the account itself (keyconv adduser); see [NewAccountNameT].
func NewAccountName() (string, error) { return newAccountName() }

// NewAccountNameT is [NewAccountName] for a test, which removes the
// account, if one was made by then, with [RemoveAccount] when it ends.
func NewAccountNameT(t testing.TB) string {
	t.Helper()
	Require(t)
	name, err := newAccountName()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := RemoveAccount(name); err != nil {
			t.Error(err)
		}
	})
	return name
}

// RemoveAccount deletes the user name, its home directory and
// /etc/sudoers.d/NAME (where keyconv adduser puts its rule), each if
// there is one, as a test cleans up an account its command created.
func RemoveAccount(name string) error {
	return (&Account{Name: name, SudoersFile: "/etc/sudoers.d/" + name}).Remove()
}

// newAccountName returns a name useradd accepts everywhere (lower case,
// a letter first, short) that no user has yet.
func newAccountName() (string, error) {
	for range 10 {
		b := make([]byte, 4)
		if _, err := rand.Read(b); err != nil {
			return "", fmt.Errorf("sshtest: %w", err)
		}
		name := "kc" + hex.EncodeToString(b)
		if _, err := user.Lookup(name); err != nil {
			return name, nil
		}
	}
	return "", fmt.Errorf("sshtest: no free account name")
}

func (a *Account) setUp(keys []ssh.PublicKey) error {
	u, err := user.Lookup(a.Name)
	if err != nil {
		return fmt.Errorf("sshtest: %w", err)
	}
	if a.UID, err = strconv.Atoi(u.Uid); err != nil {
		return fmt.Errorf("sshtest: uid of %s: %w", a.Name, err)
	}
	if a.GID, err = strconv.Atoi(u.Gid); err != nil {
		return fmt.Errorf("sshtest: gid of %s: %w", a.Name, err)
	}
	a.Home = u.HomeDir
	a.AuthorizedKeysFile = filepath.Join(a.Home, ".ssh", "authorized_keys")
	// useradd's mode for the home follows login.defs (0755 on Debian);
	// the images' users have 0700.
	if err := os.Chmod(a.Home, 0o700); err != nil {
		return fmt.Errorf("sshtest: %w", err)
	}
	var lines []byte
	for _, k := range keys {
		lines = append(lines, ssh.MarshalAuthorizedKey(k)...)
	}
	if err := a.WriteAuthorizedKeys(lines); err != nil {
		return err
	}
	return installSudoers(a.SudoersFile, fmt.Sprintf(
		"# Written by keyconv's internal/sshtest for one test's account.\n%s ALL=(ALL) NOPASSWD:ALL\n", a.Name))
}

// WriteAuthorizedKeys replaces the account's authorized_keys with data,
// and sets ~/.ssh (made when missing) to 0700 and the file to 0600, both
// owned by the account, as sshd's StrictModes wants: a test starts from
// any content, then breaks modes or owners on purpose if it means to.
func (a *Account) WriteAuthorizedKeys(data []byte) error {
	dir := filepath.Dir(a.AuthorizedKeysFile)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("sshtest: %w", err)
	}
	if err := os.WriteFile(a.AuthorizedKeysFile, data, 0o600); err != nil {
		return fmt.Errorf("sshtest: %w", err)
	}
	for path, mode := range map[string]os.FileMode{dir: 0o700, a.AuthorizedKeysFile: 0o600} {
		if err := os.Chmod(path, mode); err != nil {
			return fmt.Errorf("sshtest: %w", err)
		}
		if err := os.Chown(path, a.UID, a.GID); err != nil {
			return fmt.Errorf("sshtest: %w", err)
		}
	}
	return nil
}

// Authorize appends pub to the account's authorized_keys.
func (a *Account) Authorize(pub ssh.PublicKey) error {
	old, err := os.ReadFile(a.AuthorizedKeysFile)
	if err != nil && !os.IsNotExist(err) {
		return fmt.Errorf("sshtest: %w", err)
	}
	return a.WriteAuthorizedKeys(append(old, ssh.MarshalAuthorizedKey(pub)...))
}

// Remove deletes the account, its home directory and its sudoers rule.
//
// userdel, like useradd, fails while another test package holds the lock
// on /etc/passwd; it is retried for a while.
func (a *Account) Remove() error {
	if err := os.Remove(a.SudoersFile); err != nil && !os.IsNotExist(err) {
		return fmt.Errorf("sshtest: %w", err)
	}
	var lastErr error
	for range 20 {
		if _, err := user.Lookup(a.Name); err != nil {
			return nil
		}
		// --force: a session sshd has not yet reaped may still run as the
		// account.
		out, err := exec.Command("userdel", "--force", "--remove", a.Name).CombinedOutput()
		if err == nil {
			return nil
		}
		lastErr = fmt.Errorf("sshtest: userdel %s: %v: %s", a.Name, err, strings.TrimSpace(string(out)))
		time.Sleep(100 * time.Millisecond)
	}
	return lastErr
}

// AccountsT creates one account per server of the fleet, in the order of
// Addrs, each accepting ClientKey, for [Fleet.CloudFileWithUsers]; they are
// removed when the test ends.
func (f *Fleet) AccountsT(t testing.TB) []*Account {
	t.Helper()
	accounts := make([]*Account, len(f.Addrs))
	for i := range accounts {
		accounts[i] = CreateAccountT(t, f.ClientKey.PublicKey())
	}
	return accounts
}
