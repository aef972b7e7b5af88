package authkeys

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"strconv"
	"strings"

	"github.com/cloudkeypair/keypair/keyconv"
)

// Kind says what a line of an authorized_keys file is.
type Kind int

// The kinds of lines, as sshd reads them.
const (
	Blank   Kind = iota // empty or only spaces and tabs
	Comment             // starts with '#' after any spaces
	Key                 // a key sshd reads: options, type, base64 blob, comment
	Invalid             // anything else; sshd skips it
)

// String returns the kind's name in lower case.
func (k Kind) String() string {
	switch k {
	case Blank:
		return "blank"
	case Comment:
		return "comment"
	case Key:
		return "key"
	case Invalid:
		return "invalid"
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

// Line is one line of an authorized_keys file.
type Line struct {
	// Start and End locate the line in the parsed data: data[Start:End]
	// is the line with its line ending.
	Start, End int
	Kind       Kind

	// For Key lines only.
	Options   string // the options before the key type, "" when none
	Algorithm string // the key type, such as "ssh-ed25519"
	Blob      []byte // the decoded key blob
	Comment   string // what follows the blob, spaces trimmed
}

// Fingerprint returns a Key line's SHA256 fingerprint, as ssh-keygen -l
// prints it, or "" for other lines.
func (l Line) Fingerprint() string {
	if l.Kind != Key {
		return ""
	}
	return Fingerprint(l.Blob)
}

// CertAuthority reports whether a Key line has the cert-authority option:
// it then trusts certificates signed by the key, and the key itself
// cannot log in with it.
func (l Line) CertAuthority() bool { return l.HasOption("cert-authority") }

// HasOption reports whether a Key line has the option name (such as
// "command" or "no-pty"), with or without a value; sshd reads option
// names in any case.
func (l Line) HasOption(name string) bool {
	for _, opt := range splitOptions(l.Options) {
		opt, _, _ = strings.Cut(opt, "=")
		if strings.EqualFold(opt, name) {
			return true
		}
	}
	return false
}

// Fingerprint returns the SHA256 fingerprint of a key blob:
// "SHA256:" and unpadded base64, as ssh-keygen -l prints it.
func Fingerprint(blob []byte) string {
	return (&keyconv.PublicKey{Blob: blob}).Fingerprint(keyconv.SHA256)
}

// Parse splits data into its lines, in order; the lines cover data
// exactly, so joining data[l.Start:l.End] for every line gives data back.
func Parse(data []byte) []Line {
	var lines []Line
	for start := 0; start < len(data); {
		end := len(data)
		if i := bytes.IndexByte(data[start:], '\n'); i >= 0 {
			end = start + i + 1
		}
		l := parseLine(data[start:end])
		l.Start, l.End = start, end
		lines = append(lines, l)
		start = end
	}
	return lines
}

// parseLine reads one line as sshd's authorized_keys reader does: a key
// at the start, or else options (up to the first space or tab outside
// double quotes) and then a key.
func parseLine(raw []byte) Line {
	text := strings.TrimRight(string(raw), "\r\n")
	text = strings.TrimLeft(text, " \t")
	switch {
	case strings.TrimRight(text, " \t\r") == "":
		return Line{Kind: Blank}
	case text[0] == '#':
		return Line{Kind: Comment}
	}
	if l, ok := parseKey(text); ok {
		return l
	}
	options, rest, ok := cutOptions(text)
	if !ok {
		return Line{Kind: Invalid}
	}
	l, ok := parseKey(strings.TrimLeft(rest, " \t"))
	if !ok {
		return Line{Kind: Invalid}
	}
	l.Options = options
	return l
}

// parseKey reads "TYPE BASE64 [COMMENT]" whose blob names TYPE.
func parseKey(text string) (Line, bool) {
	algorithm, rest, ok := cutField(text)
	if !ok {
		return Line{}, false
	}
	encoded, comment, _ := cutField(strings.TrimLeft(rest, " \t"))
	// sshd's base64 decoder skips a carriage return left at a line's end.
	blob, err := base64.StdEncoding.DecodeString(strings.TrimRight(encoded, "\r"))
	if err != nil || blobAlgorithm(blob) != algorithm {
		return Line{}, false
	}
	return Line{Kind: Key, Algorithm: algorithm, Blob: blob, Comment: strings.Trim(comment, " \t\r")}, true
}

// cutField splits text at its first space or tab.
func cutField(text string) (field, rest string, ok bool) {
	i := strings.IndexAny(text, " \t")
	if i < 0 {
		return text, "", text != ""
	}
	return text[:i], text[i:], i > 0
}

// blobAlgorithm returns the algorithm name a key blob starts with, or "".
func blobAlgorithm(blob []byte) string {
	if len(blob) < 4 {
		return ""
	}
	n := binary.BigEndian.Uint32(blob)
	if uint64(n) > uint64(len(blob)-4) {
		return ""
	}
	return string(blob[4 : 4+n])
}

// cutOptions splits off the options at the start of text as sshd does:
// up to the first space or tab outside double quotes, where \" does not
// end a quote. An unterminated quote is not options.
func cutOptions(text string) (options, rest string, ok bool) {
	quoted := false
	for i := 0; i < len(text); i++ {
		switch c := text[i]; {
		case c == '\\' && i+1 < len(text) && text[i+1] == '"':
			i++
		case c == '"':
			quoted = !quoted
		case !quoted && (c == ' ' || c == '\t'):
			return text[:i], text[i:], true
		}
	}
	return text, "", !quoted
}

// splitOptions splits options at commas outside double quotes.
func splitOptions(options string) []string {
	var out []string
	quoted, start := false, 0
	for i := 0; i < len(options); i++ {
		switch c := options[i]; {
		case c == '\\' && i+1 < len(options) && options[i+1] == '"':
			i++
		case c == '"':
			quoted = !quoted
		case c == ',' && !quoted:
			out = append(out, options[start:i])
			start = i + 1
		}
	}
	if options != "" {
		out = append(out, options[start:])
	}
	return out
}
