//go:build !windows

package fix

import "github.com/cloudkeypair/keypair/internal/shellquote"

// Rename is the shell command that renames from to to, quoted for a
// POSIX shell.
func Rename(from, to string) string {
	return "mv -- " + shellquote.IfNeeded(from) + " " + shellquote.IfNeeded(to)
}
