package clientconf

import (
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/crypto/ssh"
)

// PuTTY keeps a saved session as named values: in the registry on Windows
// (see [WritePuTTYRegistry]) and as NAME=VALUE lines in a file per session
// on Unix (see [WritePuTTYSessions]). The names below are the ones PuTTY's
// settings.c writes and reads (save_open_settings, load_open_settings).

// puttyValue is one saved-session value: a string, or a number, which
// the registry holds as a DWORD.
type puttyValue struct {
	name   string
	str    string
	number int
	isInt  bool
}

// puttySession returns the values of h's saved session, in the order
// PuTTY itself writes them.
func puttySession(h *Host) ([]puttyValue, error) {
	if err := checkPPKHost(h); err != nil {
		return nil, err
	}
	values := []puttyValue{
		{name: "HostName", str: h.Address},
		{name: "Protocol", str: "ssh"},
		{name: "PortNumber", number: h.PortOrDefault(), isInt: true},
		{name: "UserName", str: h.User},
		{name: "PublicKeyFile", str: h.PPKFile},
	}
	if len(h.HostKeys) > 0 {
		values = append(values, puttyValue{name: "SSHManualHostKeys", str: puttyManualHostKeys(h.HostKeys)})
	}
	return values, nil
}

// puttyManualHostKeys returns the SSHManualHostKeys value that makes PuTTY
// accept exactly keys: their SHA-256 fingerprints ("SHA256:" and 43
// characters of unpadded base64, the form validate_manual_hostkey keeps),
// joined as settings.c's wmap joins a set: separated by commas, with "=",
// "," and "\" escaped by a backslash. A session that lists any manual host
// key checks only against that list (verify_ssh_host_key), never prompts
// and never consults the host-key cache, so a changed key is refused.
func puttyManualHostKeys(keys []ssh.PublicKey) string {
	var b strings.Builder
	for i, k := range keys {
		if i > 0 {
			b.WriteByte(',')
		}
		for _, c := range []byte(ssh.FingerprintSHA256(k)) {
			if c == '=' || c == ',' || c == '\\' {
				b.WriteByte('\\')
			}
			b.WriteByte(c)
		}
	}
	return b.String()
}

// puttyMaxEscapedName is the longest escaped session name PuTTY can keep:
// a registry key's name holds 255 characters, a file name (NAME_MAX) 255
// bytes. Each byte PuTTY escapes takes three.
const puttyMaxEscapedName = 255

// puttySessions returns the hosts' sessions, refusing a name given twice
// (in any case: see sessionNames), since the second session would silently
// replace the first, the name of PuTTY's default session, and a name too
// long to store.
func puttySessions(hosts []Host) ([][]puttyValue, error) {
	seen := make(sessionNames, len(hosts))
	sessions := make([][]puttyValue, 0, len(hosts))
	for i := range hosts {
		h := &hosts[i]
		values, err := puttySession(h)
		if err != nil {
			return nil, err
		}
		if err := seen.add(h); err != nil {
			return nil, err
		}
		if n := max(len(puttySessionFileName(h.Name)), len(puttyRegistryKeyName(h.Name))); n > puttyMaxEscapedName {
			return nil, &HostError{Host: h.Name, Err: fmt.Errorf("the name is %d characters once escaped as PuTTY stores it, more than the %d a registry key or file name holds", n, puttyMaxEscapedName)}
		}
		sessions = append(sessions, values)
	}
	return sessions, nil
}

// WritePuTTYSessions returns the saved sessions for PuTTY on Unix (putty,
// plink, pscp, psftp), one file per host, keyed by its path relative to
// PuTTY's settings directory ([PuTTYSettingsDir]): "sessions/" and the
// Name escaped as unix/storage.c escapes it. `plink -load NAME` then
// finds the session. Each file holds HostName, Protocol (ssh),
// PortNumber, UserName, PublicKeyFile (the PPKFile) and, when the host
// keys are known, SSHManualHostKeys.
//
// A Host without a PPKFile gives a [*HostError] wrapping [ErrNoPPK]. A
// Name PuTTY would take for an earlier host's (one differing only in case:
// the registry, and macOS's file system, do not tell them apart) or for
// its defaults ("Default Settings") gives a [*HostError] too. The files
// have no comments: PuTTY would read a comment holding "=" as a setting,
// so opts.Comment is left out.
func WritePuTTYSessions(hosts []Host, opts Options) (map[string][]byte, error) {
	sessions, err := puttySessions(hosts)
	if err != nil {
		return nil, err
	}
	files := make(map[string][]byte, len(sessions))
	for i, values := range sessions {
		var b strings.Builder
		for _, v := range values {
			b.WriteString(v.name)
			b.WriteByte('=')
			if v.isInt {
				b.WriteString(strconv.Itoa(v.number))
			} else {
				b.WriteString(v.str)
			}
			b.WriteByte('\n')
		}
		files["sessions/"+puttySessionFileName(hosts[i].Name)] = []byte(b.String())
	}
	return files, nil
}

// puttySessionFileName escapes a session name as unix/storage.c's
// make_session_filename does: every byte but letters, digits and "+-.@_"
// becomes %XX in upper-case hex.
func puttySessionFileName(name string) string {
	var b strings.Builder
	for _, c := range []byte(name) {
		switch {
		case c >= 'A' && c <= 'Z', c >= 'a' && c <= 'z', c >= '0' && c <= '9',
			c == '+', c == '-', c == '.', c == '@', c == '_':
			b.WriteByte(c)
		default:
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

// puttyRegistryKeyName escapes a session name as PuTTY's
// escape_registry_key does for its registry key: space, "\", "*", "?",
// "%", bytes outside printable ASCII, and a leading ".", become %XX.
func puttyRegistryKeyName(name string) string {
	var b strings.Builder
	for i, c := range []byte(name) {
		if c == ' ' || c == '\\' || c == '*' || c == '?' || c == '%' || c < ' ' || c > '~' || (c == '.' && i == 0) {
			fmt.Fprintf(&b, "%%%02X", c)
		} else {
			b.WriteByte(c)
		}
	}
	return b.String()
}
