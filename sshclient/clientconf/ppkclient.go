package clientconf

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/ssh"

	"github.com/cloudkeypair/keypair/keyconv"
)

// The checks and host-key texts PuTTY, WinSCP and FileZilla share: all
// three read a .ppk, and none of their files can hold a control character
// in a value (a newline would end the value and start another setting).

// ErrNoPPK is wrapped by the [HostError] a PuTTY, WinSCP or FileZilla
// writer returns for a [Host] whose PPKFile is empty: those clients read
// only PuTTY's key format.
var ErrNoPPK = errors.New("no .ppk key file")

// errListedTwice is a Host whose Name an earlier one has: in a client's
// saved sessions the second would silently replace the first.
var errListedTwice = errors.New("listed twice")

// errDefaultSettings is a Host named as the session PuTTY and WinSCP keep
// their defaults in: writing it would change every other session's
// defaults instead of adding a site.
var errDefaultSettings = errors.New(`"Default Settings" is the name of the client's default session`)

// puttyDefaultSession is the session name PuTTY (settings.c) and WinSCP
// (TStoredSessionList's DefaultSettings) keep the defaults under.
const puttyDefaultSession = "Default Settings"

// sessionNames holds the session names written so far, each under the
// form PuTTY and WinSCP compare it in: the registry's keys and WinSCP.ini's
// sections are compared without regard to ASCII case (the escaping has
// made every other byte ASCII), and so are PuTTY's session files on
// macOS's file system. "Web" after "web" would silently replace it.
type sessionNames map[string]string

// add refuses h when its Name is one a client would take for an earlier
// host's, or for the default session; otherwise it records it.
func (seen sessionNames) add(h *Host) error {
	folded := asciiLower(h.Name)
	if folded == asciiLower(puttyDefaultSession) {
		return &HostError{Host: h.Name, Err: errDefaultSettings}
	}
	if first, ok := seen[folded]; ok {
		if first == h.Name {
			return &HostError{Host: h.Name, Err: errListedTwice}
		}
		return &HostError{Host: h.Name, Err: fmt.Errorf("%w: PuTTY and WinSCP take it for %q, as session names do not differ by case", errListedTwice, first)}
	}
	seen[folded] = h.Name
	return nil
}

// asciiLower lowers ASCII letters only, as the registry's and Windows'
// INI comparisons do for the escaped names, which are all ASCII.
func asciiLower(s string) string {
	return strings.Map(func(r rune) rune {
		if 'A' <= r && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}, s)
}

// HostError is a Host a writer cannot write, with the reason.
type HostError struct {
	Host string // the Host's Name
	Err  error
}

// Error names the server and the reason.
func (e *HostError) Error() string {
	return fmt.Sprintf("clientconf: server %q: %v", e.Host, e.Err)
}

// Unwrap returns the reason, such as [ErrNoPPK].
func (e *HostError) Unwrap() error { return e.Err }

// checkPPKHost returns an error when h lacks what a PPK client needs
// (a [*HostError] wrapping [ErrNoPPK] when it has no PPKFile) or has a
// field no format can hold.
func checkPPKHost(h *Host) error {
	if err := checkHost(h); err != nil {
		return err
	}
	if h.User == "" {
		return &HostError{Host: h.Name, Err: errors.New("no user")}
	}
	if h.PPKFile == "" {
		return &HostError{Host: h.Name, Err: ErrNoPPK}
	}
	return nil
}

// checkPPKHosts runs checkPPKHost on each host, in order, and refuses a
// Name an earlier host has, which a client would show as one site.
func checkPPKHosts(hosts []Host) error {
	seen := make(map[string]bool, len(hosts))
	for i := range hosts {
		h := &hosts[i]
		if err := checkPPKHost(h); err != nil {
			return err
		}
		if seen[h.Name] {
			return &HostError{Host: h.Name, Err: errListedTwice}
		}
		seen[h.Name] = true
	}
	return nil
}

// checkUTF8Hosts runs checkUTF8 on each host, in order.
func checkUTF8Hosts(hosts []Host) error {
	for i := range hosts {
		if err := checkUTF8(&hosts[i]); err != nil {
			return err
		}
	}
	return nil
}

// checkUTF8 refuses a host with a field that is not UTF-8, for the
// formats that store text rather than bytes: regedit's UTF-16 and
// FileZilla's XML have no way to hold the byte, and Go's encoders would
// write U+FFFD in its place; WinSCP would read it in the ANSI code page.
// The key file would then be another file's name.
func checkUTF8(h *Host) error {
	fields := []struct{ field, value string }{
		{"name", h.Name}, {"address", h.Address}, {"user", h.User}, {"ppk file", h.PPKFile},
	}
	for _, g := range append(append([]string(nil), h.Groups...), h.Firewalls...) {
		fields = append(fields, struct{ field, value string }{"group", g})
	}
	for _, f := range fields {
		if !utf8.ValidString(f.value) {
			return &HostError{Host: h.Name, Err: fmt.Errorf("%s %q is not UTF-8 text", f.field, f.value)}
		}
	}
	return nil
}

// winSCPFingerprint returns key's fingerprint as WinSCP prints and
// compares it: algorithm, bits, and the SHA-256 hash in unpadded base64
// without the "SHA256:" prefix ("ssh-ed25519 255 Ql0L..."). WinSCP's
// SameChecksum compares the hash text as it is, so the prefix that
// PuTTY's and OpenSSH's fingerprints carry would never match.
func winSCPFingerprint(key ssh.PublicKey) (string, error) {
	pub, err := keyconv.ParsePublicKeyBlob(key.Marshal())
	if err != nil {
		return "", err
	}
	return strings.Replace(pub.FingerprintLine(keyconv.SHA256), " SHA256:", " ", 1), nil
}
