package sshclient

import (
	"io"
	"os"
	"path/filepath"
)

// appendLine adds line (which ends in a newline) at the end of path with a
// single write to a file opened O_APPEND, as OpenSSH records host keys: the
// kernel positions and writes in one step, so keyconv processes recording
// keys for different hosts at once never lose each other's lines, which
// rewriting the file and renaming it over the old one would. A file that
// does not end in a newline gets one first, in the same write. A new file
// is made with mode 0600 and its directory 0700, as ~/.ssh.
//
// [ForgetHost] does rewrite the file, so it and appendLine lock it (where
// the platform has flock): appenders share the lock, ForgetHost holds it
// alone from its read to its rename, and an appender that waited for it
// writes to the new file, not the one renamed away. OpenSSH's ssh takes no
// lock; a line it appends during a ForgetHost can still be lost, as with
// ssh-keygen -R.
func appendLine(path string, line []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	f, err := openLocked(path, os.O_RDWR|os.O_CREATE|os.O_APPEND, false)
	if err != nil {
		return err
	}
	defer f.Close()
	data := line
	if needsNewline(f) {
		data = append([]byte{'\n'}, line...)
	}
	if _, err := f.Write(data); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return err
	}
	return f.Close()
}

// openLocked opens path and locks it, shared or exclusive, retrying when
// the name was given to another file (a ForgetHost's rename) while it
// waited for the lock.
func openLocked(path string, flag int, exclusive bool) (*os.File, error) {
	for {
		f, err := os.OpenFile(path, flag, 0o600)
		if err != nil {
			return nil, err
		}
		locked, err := lockFile(f, exclusive)
		if err != nil {
			f.Close()
			return nil, err
		}
		if !locked {
			return f, nil
		}
		opened, err := f.Stat()
		if err != nil {
			f.Close()
			return nil, err
		}
		if now, err := os.Stat(path); err == nil && os.SameFile(opened, now) {
			return f, nil
		}
		f.Close()
	}
}

// needsNewline reports whether f is non-empty and its last byte is not a
// newline.
func needsNewline(f *os.File) bool {
	info, err := f.Stat()
	if err != nil || info.Size() == 0 {
		return false
	}
	last := make([]byte, 1)
	if _, err := f.ReadAt(last, info.Size()-1); err != nil && err != io.EOF {
		return false
	}
	return last[0] != '\n'
}
