//go:build !windows

package main

import "github.com/cloudkeypair/keypair/internal/shellquote"

// renameCommand is the shell command that renames from to to, quoted for a
// POSIX shell.
func renameCommand(from, to string) string {
	return "mv -- " + shellquote.IfNeeded(from) + " " + shellquote.IfNeeded(to)
}
