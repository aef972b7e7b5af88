package doctor

import "strings"

// errText is an error's message without the library prefixes, which would
// only repeat themselves inside a check's line.
func errText(err error) string {
	msg := err.Error()
	for _, p := range []string{"keyconv: ", "firewall: ", "sshclient: ", "doctor: "} {
		msg = strings.ReplaceAll(msg, p, "")
	}
	return strings.Join(strings.Fields(msg), " ")
}
