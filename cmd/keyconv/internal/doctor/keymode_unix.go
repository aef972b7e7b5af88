//go:build unix

package doctor

import "io/fs"

// sshRefusesMode reports whether ssh (OpenSSH, and keyconv ssh) refuses a
// private key with this mode: one that group or others can access. The
// doctor reads the key itself, to report the mode and still go on to log
// in with the key, so it asks the question here rather than through Dial.
func sshRefusesMode(mode fs.FileMode) bool { return mode.Perm()&0o077 != 0 }
