package sshclient

import "strings"

// shellQuote quotes s as one word for a POSIX shell. Inside single quotes
// nothing is special except the single quote itself, which is closed,
// escaped and reopened.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// shellQuoteIfNeeded quotes s only when a shell would not read it as the
// one word it is, so that messages show plain paths plainly.
func shellQuoteIfNeeded(s string) string {
	if s == "" {
		return "''"
	}
	for _, r := range s {
		safe := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("@%+=:,./-_", r)
		if !safe {
			return shellQuote(s)
		}
	}
	return s
}
