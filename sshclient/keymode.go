package sshclient

import "io/fs"

// CheckKeyFileMode applies the permission check Dial makes on
// Config.KeyFile to a file's mode, without reading or dialling anything:
// a [*KeyPermissionsError] when group or others can access the file, as
// OpenSSH refuses it, and nil otherwise (always nil outside Unix, where the
// bits say nothing about who may read a file). It is for callers that load
// the key themselves, such as keyconv doctor, and still want to say whether
// ssh would accept the file.
func CheckKeyFileMode(path string, mode fs.FileMode) error { return checkKeyMode(path, mode) }
