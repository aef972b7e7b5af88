// Package shellquote quotes words for a POSIX shell. The library and the
// CLI both put paths and hosts into command lines: sshclient into the line
// sudo runs and into its chmod advice, the doctor and the CLI into fixes
// the user pastes. One quoting rule for all of them keeps what is shown
// and what is run the same.
package shellquote

import "strings"

// Quote returns s as one single-quoted word. Inside single quotes nothing
// is special but the single quote itself, which is closed, escaped and
// reopened, so the result is safe whatever s holds.
func Quote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// IfNeeded returns s as it is when a shell reads it as that one word, and
// [Quote]s it otherwise, so that advice shows plain paths plainly and a
// key file named "cafe24 (1).pem" still pastes as one argument.
func IfNeeded(s string) string {
	if s != "" && strings.Trim(s, safe) == "" {
		return s
	}
	return Quote(s)
}

// safe are the characters no POSIX shell treats specially inside a word.
const safe = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789@%+=:,./-_"
