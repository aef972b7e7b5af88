//go:build unix

package keyfile

import (
	"fmt"
	"io/fs"
	"os"
	"os/user"
	"strconv"
	"syscall"
)

// Check reports whether OpenSSH would accept path as a private key file as
// far as its permissions go: nil, or a [*NotPrivateError] when group or
// others have any access to it (mode 0600 and 0400 pass).
func Check(path string) error {
	info, err := os.Stat(path)
	if err != nil {
		return fmt.Errorf("keyfile: %w", err)
	}
	if info.Mode().Perm()&0o077 != 0 {
		return &NotPrivateError{Path: path, Mode: info.Mode().Perm()}
	}
	return nil
}

// MakePrivate makes path readable and writable by its owner only (chmod
// 600). It refuses, with a [*NotOwnerError], a file that belongs to
// another user, even when run as root: the file is theirs to change, and
// any copy the caller writes would be the caller's, not theirs.
func MakePrivate(path string) error {
	info, err := os.Stat(path)
	if err != nil {
		return fmt.Errorf("keyfile: %w", err)
	}
	if err := checkOwner(path, info); err != nil {
		return err
	}
	if err := os.Chmod(path, 0o600); err != nil {
		return fmt.Errorf("keyfile: %w", err)
	}
	return nil
}

// CheckOwner returns a [*NotOwnerError] when path belongs to another user
// than the one running, so that a caller about to replace the file can
// refuse before writing anything.
func CheckOwner(path string) error {
	info, err := os.Stat(path)
	if err != nil {
		return fmt.Errorf("keyfile: %w", err)
	}
	return checkOwner(path, info)
}

func checkOwner(path string, info fs.FileInfo) error {
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return nil
	}
	uid := int(st.Uid)
	if euid := os.Geteuid(); uid != euid {
		return &NotOwnerError{Path: path, Owner: unixAccount(uid), User: unixAccount(euid)}
	}
	return nil
}

func unixAccount(uid int) Account {
	id := strconv.Itoa(uid)
	a := Account{ID: "uid " + id}
	if u, err := user.LookupId(id); err == nil {
		a.Name = u.Username
	}
	return a
}

// CreateTemp creates a new file in dir, as [os.CreateTemp] does (pattern's
// last "*" becomes a random string), readable and writable by its creator
// only from the moment it exists.
func CreateTemp(dir, pattern string) (*os.File, error) {
	// os.CreateTemp already creates its files 0600 with O_EXCL; the
	// umask can only take bits away.
	return os.CreateTemp(dir, pattern)
}
