package firewall

import (
	"fmt"
	"regexp"
	"sync"
)

// Names as the cloud console allows them (its server creation and keypair
// pages). The fleet work uses server names in file paths, so a server name
// outside the rule (../x, a/b) must never load; a keypair name names the
// KEYPAIR.pem and .ppk files. keyconv's own keypair-name check states the
// same rule for key files; this package imports nothing of the project's,
// so the pattern is written here too.
//
// Compiled on first use: keyconv links this package into every command,
// and a regexp compiled at package init costs the key commands' start-up,
// which must be as fast as puttygen's (issue 13).
var (
	serverNamePattern  = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[A-Za-z0-9-]{1,20}$`) })
	keypairNamePattern = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[A-Za-z0-9]{1,20}$`) })
)

// checkServerName says what is wrong with a server name, or returns "".
func checkServerName(s string) string {
	if msg := checkName(s); msg != "" {
		return msg
	}
	if !serverNamePattern().MatchString(s) {
		return fmt.Sprintf("%s is not a server name the console allows: at most 20 English letters, digits and '-'", quoteShort(s))
	}
	return ""
}

// checkKeypairName says what is wrong with a keypair name, or returns "".
func checkKeypairName(s string) string {
	if msg := checkName(s); msg != "" {
		return msg
	}
	if !keypairNamePattern().MatchString(s) {
		return fmt.Sprintf("%s is not a keypair name the console allows: at most 20 English letters and digits", quoteShort(s))
	}
	return ""
}

// quoteShort quotes a name for a one-line message, cut to a length a
// reader can take in: a hostile file's name may be megabytes long.
func quoteShort(s string) string {
	const limit = 40
	if len(s) > limit {
		cut := limit
		for cut > 0 && s[cut]&0xC0 == 0x80 { // not inside a UTF-8 sequence
			cut--
		}
		return fmt.Sprintf("%q...", s[:cut])
	}
	return fmt.Sprintf("%q", s)
}
