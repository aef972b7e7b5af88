//go:build !windows

package main

import "github.com/cloudkeypair/keypair/internal/shellquote"

// fileArg is path as a hint spells it in a command to type, quoted for a
// POSIX shell.
func fileArg(path string) string { return shellquote.IfNeeded(path) }
