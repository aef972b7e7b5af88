//go:build !(darwin || dragonfly || freebsd || linux || netbsd || openbsd)

package sshclient

import "os"

// lockFile takes no lock where flock(2) is missing. On Windows the
// locks there are (LockFileEx) are mandatory, so an appender would fail
// rather than wait, and a file held open cannot be renamed over: ForgetHost
// rewrites known_hosts without a lock there, as ssh-keygen -R does.
func lockFile(*os.File, bool) (bool, error) { return false, nil }
