package doctor

import "strings"

// shellQuote quotes s for a POSIX shell when it needs it, so that the
// commands in fixes can be pasted as they are: a key file is often named
// "cafe24 (1).pem".
func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_@%+=:,./-") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// errText is an error's message without the library prefixes, which would
// only repeat themselves inside a check's line.
func errText(err error) string {
	msg := err.Error()
	for _, p := range []string{"keyconv: ", "firewall: ", "sshclient: ", "doctor: "} {
		msg = strings.ReplaceAll(msg, p, "")
	}
	return strings.Join(strings.Fields(msg), " ")
}
