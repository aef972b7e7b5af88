//go:build !windows

package main

import "strings"

// renameCommand is the shell command that renames from to to, quoted for a
// POSIX shell.
func renameCommand(from, to string) string {
	return "mv -- " + shellQuote(from) + " " + shellQuote(to)
}

func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
