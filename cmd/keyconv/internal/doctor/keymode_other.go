//go:build !unix

package doctor

import "io/fs"

// sshRefusesMode is false outside Unix, where the permission bits Go
// reports do not say who may read a file (sshclient accepts every key
// there for the same reason).
func sshRefusesMode(fs.FileMode) bool { return false }
