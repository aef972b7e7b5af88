package authkeys

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/cloudkeypair/keypair/keyconv"
)

// Find returns the lines of data that let the key with this blob log in:
// Key lines with the same blob, whatever their options and comment, but
// not cert-authority lines.
func Find(data, blob []byte) []Line {
	var found []Line
	for _, l := range Parse(data) {
		if l.Kind == Key && !l.CertAuthority() && bytes.Equal(l.Blob, blob) {
			found = append(found, l)
		}
	}
	return found
}

// FindFingerprint is [Find] by a key's SHA256 fingerprint, as
// [Fingerprint] returns it.
func FindFingerprint(data []byte, fingerprint string) []Line {
	var found []Line
	for _, l := range Parse(data) {
		if l.Kind == Key && !l.CertAuthority() && l.Fingerprint() == fingerprint {
			found = append(found, l)
		}
	}
	return found
}

// Add returns data with pub's authorized_keys line (type, base64 and
// comment) appended, and true; or data itself and false when [Find]
// finds the key already, with whatever comment or options. A last line
// without a newline gets one first; the new line ends in a newline.
func Add(data []byte, pub *keyconv.PublicKey) ([]byte, bool, error) {
	return AddWithOptions(data, pub, "")
}

// AddWithOptions is [Add] with options (such as a Key line's Options)
// before the key type of the line added.
func AddWithOptions(data []byte, pub *keyconv.PublicKey, options string) ([]byte, bool, error) {
	if len(Find(data, pub.Blob)) > 0 {
		return data, false, nil
	}
	if strings.ContainsAny(options, "\r\n") {
		return nil, false, fmt.Errorf("authkeys: options hold a line break")
	}
	line, err := pub.AuthorizedKey()
	if err != nil {
		return nil, false, fmt.Errorf("authkeys: %w", err)
	}
	if options != "" {
		line = options + " " + line
		// Options that sshd would read otherwise (a space outside quotes,
		// an unterminated quote) would make a line that is not this key.
		if l := parseLine([]byte(line)); l.Kind != Key || l.Options != options || !bytes.Equal(l.Blob, pub.Blob) {
			return nil, false, fmt.Errorf("authkeys: %q are not options sshd reads before a key", options)
		}
	}
	out := make([]byte, 0, len(data)+len(line)+2)
	out = append(out, data...)
	if len(out) > 0 && out[len(out)-1] != '\n' {
		out = append(out, '\n')
	}
	out = append(out, line...)
	if len(line) == 0 || line[len(line)-1] != '\n' {
		out = append(out, '\n')
	}
	return out, true, nil
}

// Remove returns data without the lines [FindFingerprint] finds for
// fingerprint, and how many it removed; every other byte is kept.
func Remove(data []byte, fingerprint string) ([]byte, int) {
	found := FindFingerprint(data, fingerprint)
	if len(found) == 0 {
		return data, 0
	}
	out := make([]byte, 0, len(data))
	at := 0
	for _, l := range found {
		out = append(out, data[at:l.Start]...)
		at = l.End
	}
	return append(out, data[at:]...), len(found)
}
