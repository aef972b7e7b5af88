//go:build unix

package sshclient

import "io/fs"

// checkKeyMode refuses a private key that group or others can access, as
// OpenSSH does ("UNPROTECTED PRIVATE KEY FILE"), saying how to fix it.
func checkKeyMode(path string, mode fs.FileMode) error {
	if mode.Perm()&0o077 != 0 {
		return &KeyPermissionsError{Path: path, Mode: mode.Perm()}
	}
	return nil
}
