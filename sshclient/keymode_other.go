//go:build !unix

package sshclient

import "io/fs"

// checkKeyMode accepts every key: outside Unix (on Windows above all) the
// permission bits Go reports do not say who may read a file, so refusing
// on them would only refuse good keys.
func checkKeyMode(path string, mode fs.FileMode) error { return nil }
