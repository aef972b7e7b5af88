package sshtest

import (
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strings"
	"time"
)

// SudoUsers are the cloud images' default users, created with passwordless
// sudo.
var SudoUsers = []string{"rocky", "ubuntu", "almalinux", "centos"}

// NoSudoUser is a user created without passwordless sudo, for the tests
// where sudo must refuse.
const NoSudoUser = "kcnosudo"

// sudoersFile grants the SudoUsers passwordless sudo, as cloud-init does on
// the images.
const sudoersFile = "/etc/sudoers.d/90-keyconv-sshtest"

// EnsureUsers creates SudoUsers and NoSudoUser if they do not exist, and
// the sudoers rule. It is idempotent, and safe when test packages run it at
// the same time. It needs root.
func EnsureUsers() error {
	if err := Available(); err != nil {
		return err
	}
	for _, name := range append(append([]string{}, SudoUsers...), NoSudoUser) {
		if err := ensureUser(name); err != nil {
			return err
		}
	}
	var rules strings.Builder
	rules.WriteString("# Written by keyconv's internal/sshtest: the cloud images' default users have passwordless sudo.\n")
	for _, name := range SudoUsers {
		fmt.Fprintf(&rules, "%s ALL=(ALL) NOPASSWD:ALL\n", name)
	}
	if old, err := os.ReadFile(sudoersFile); err == nil && string(old) == rules.String() {
		return nil
	}
	return installSudoers(sudoersFile, rules.String())
}

// installSudoers writes rules to path (in /etc/sudoers.d), 0440, checked
// with visudo before it is moved in place: a broken sudoers file locks
// root out.
func installSudoers(path, rules string) error {
	// sudo ignores files in sudoers.d whose names contain a dot, so the
	// temporary file is never read half-written; a name of its own per
	// call keeps test packages running at once from clobbering each other,
	// and its prefix says which rule it was for.
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("sshtest: writing sudoers rule: %w", err)
	}
	tmp := f.Name()
	_, err = f.WriteString(rules)
	if closeErr := f.Close(); err == nil {
		err = closeErr
	}
	if err == nil {
		err = os.Chmod(tmp, 0o440)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("sshtest: writing sudoers rule: %w", err)
	}
	if visudo, err := exec.LookPath("visudo"); err == nil {
		if out, err := exec.Command(visudo, "-cf", tmp).CombinedOutput(); err != nil {
			os.Remove(tmp)
			return fmt.Errorf("sshtest: visudo rejects the sudoers rule: %v: %s", err, out)
		}
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("sshtest: installing sudoers rule: %w", err)
	}
	return nil
}

// ensureUser creates a user with a home, bash, and the password field "*"
// (no password, yet not locked: sshd without PAM refuses locked accounts
// even for key logins), as cloud images do.
//
// Test packages run at once may both try: useradd then fails, because the
// other holds the lock on /etc/passwd or has just created the user. Look
// again and retry for a while before giving up.
func ensureUser(name string) error {
	var lastErr error
	for attempt := 0; attempt < 50; attempt++ {
		if _, err := user.Lookup(name); err == nil {
			return nil
		}
		out, err := exec.Command("useradd", "--create-home", "--shell", "/bin/bash", "--password", "*", name).CombinedOutput()
		if err == nil {
			return nil
		}
		lastErr = fmt.Errorf("sshtest: useradd %s: %v: %s", name, err, strings.TrimSpace(string(out)))
		time.Sleep(100 * time.Millisecond)
	}
	return lastErr
}
