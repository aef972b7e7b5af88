//go:build darwin || dragonfly || freebsd || linux || netbsd || openbsd

package sshclient

import (
	"os"
	"syscall"
)

// lockFile takes an advisory lock on f, shared or exclusive, waiting for
// it; closing f releases it. It reports whether locks exist here.
func lockFile(f *os.File, exclusive bool) (bool, error) {
	how := syscall.LOCK_SH
	if exclusive {
		how = syscall.LOCK_EX
	}
	for {
		err := syscall.Flock(int(f.Fd()), how)
		if err != syscall.EINTR {
			return true, err
		}
	}
}
