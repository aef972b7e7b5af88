//go:build unix

package keyfile

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func TestCheckUnix(t *testing.T) {
	path := filepath.Join(t.TempDir(), "key.pem")
	if err := os.WriteFile(path, []byte("key\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, mode := range []os.FileMode{0o600, 0o400, 0o700} {
		if err := os.Chmod(path, mode); err != nil {
			t.Fatal(err)
		}
		if err := Check(path); err != nil {
			t.Errorf("mode %04o: Check = %v, want nil", mode, err)
		}
	}
	for _, mode := range []os.FileMode{0o644, 0o640, 0o604, 0o666, 0o610} {
		if err := os.Chmod(path, mode); err != nil {
			t.Fatal(err)
		}
		var np *NotPrivateError
		if err := Check(path); !errors.As(err, &np) || np.Mode != mode || np.Path != path {
			t.Errorf("mode %04o: Check = %v, want a *NotPrivateError with that mode", mode, err)
		} else if !strings.Contains(np.Error(), fmt.Sprintf("has mode %04o", mode)) {
			t.Errorf("message %q", np.Error())
		}
	}
	if err := Check(filepath.Join(t.TempDir(), "missing")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Check(missing) = %v, want ErrNotExist", err)
	}
}

func TestMakePrivateUnix(t *testing.T) {
	path := filepath.Join(t.TempDir(), "key.pem")
	if err := os.WriteFile(path, []byte("key\n"), 0o666); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0o666); err != nil {
		t.Fatal(err)
	}
	if err := MakePrivate(path); err != nil {
		t.Fatal(err)
	}
	if info, err := os.Stat(path); err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("after MakePrivate: %v, %v; want mode 0600", info.Mode(), err)
	}
	if err := Check(path); err != nil {
		t.Errorf("Check after MakePrivate = %v", err)
	}
}

// Run as root, the tests give the file to another user and check that
// MakePrivate leaves it alone.
func TestMakePrivateRefusesAnotherUsersFile(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root to give a file away")
	}
	path := filepath.Join(t.TempDir(), "key.pem")
	if err := os.WriteFile(path, []byte("key\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chown(path, 65534, 65534); err != nil {
		t.Fatal(err)
	}
	var no *NotOwnerError
	if err := MakePrivate(path); !errors.As(err, &no) || no.Owner.ID != "uid 65534" || no.User.ID != "uid 0" {
		t.Fatalf("MakePrivate = %v, want a *NotOwnerError naming uid 65534 and uid 0", err)
	}
	if err := CheckOwner(path); !errors.As(err, &no) {
		t.Errorf("CheckOwner = %v, want a *NotOwnerError", err)
	}
	info, err := os.Stat(path)
	if err != nil || info.Mode().Perm() != 0o644 || info.Sys().(*syscall.Stat_t).Uid != 65534 {
		t.Errorf("the file was changed: %v %v", info.Mode(), err)
	}
}

func TestCreateTempUnix(t *testing.T) {
	old := syscall.Umask(0)
	defer syscall.Umask(old)
	dir := t.TempDir()
	f, err := CreateTemp(dir, ".key.pem.tmp*")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if filepath.Dir(f.Name()) != dir || !strings.HasPrefix(filepath.Base(f.Name()), ".key.pem.tmp") {
		t.Errorf("CreateTemp made %s", f.Name())
	}
	if err := Check(f.Name()); err != nil {
		t.Errorf("a new temporary file is not private with umask 0: %v", err)
	}
}
