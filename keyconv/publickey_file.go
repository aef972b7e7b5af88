package keyconv

import (
	"bytes"
	"encoding/base64"
	"strings"
)

const (
	rfc4716Begin = "---- BEGIN SSH2 PUBLIC KEY ----"
	rfc4716End   = "---- END SSH2 PUBLIC KEY ----"
	// rfc4716MaxLine is RFC 4716's cap on a line: 72 bytes, line break
	// excluded.
	rfc4716MaxLine = 72
)

// ParsePublicKey reads a public key file, as puttygen and ssh-keygen read
// one for -l and -L: an OpenSSH public key line, an RFC 4716 block, or a
// PPK file, of which only the lines up to the public key are read (a PPK
// file holding only its public half is one). It returns the key, with the
// file's comment, and the file's format.
func ParsePublicKey(data []byte) (*PublicKey, Format, error) {
	if len(data) > MaxInputSize {
		return nil, FormatUnknown, errMalformedf("file is larger than %d bytes, too large for a public key", MaxInputSize)
	}
	text := bytes.TrimLeft(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), " \t\r\n")
	switch {
	case bytes.HasPrefix(text, []byte(ppkMagic)):
		pub, err := parsePPKPublic(text)
		return pub, FormatPPK, err
	case bytes.HasPrefix(text, []byte(rfc4716Begin)):
		pub, err := parseRFC4716(text)
		return pub, FormatRFC4716, err
	case looksLikePublicKey(text):
		pub, err := parseOpenSSHPublicLine(text)
		return pub, FormatOpenSSHPublic, err
	}
	if DetectFormat(text) != FormatUnknown {
		return nil, FormatUnknown, errMalformedf("this is a private key, not a public key file")
	}
	return nil, FormatUnknown, errMalformedf("not a public key file")
}

// parsePPKPublic reads the public half of a PPK file, checked as strictly
// as the whole file is.
func parsePPKPublic(text []byte) (*PublicKey, error) {
	f, err := readPPKPublicPart(&ppkText{rest: text})
	if err != nil {
		return nil, err
	}
	return f.publicKey()
}

// parseOpenSSHPublicLine reads "ALGORITHM BASE64 [COMMENT]", the only line
// of the file but for blank ones.
func parseOpenSSHPublicLine(text []byte) (*PublicKey, error) {
	line, rest, _ := bytes.Cut(text, []byte("\n"))
	if len(bytes.TrimSpace(rest)) != 0 {
		return nil, errMalformedf("public key file has more than one line; give one key a file")
	}
	line = bytes.TrimRight(line, "\r")
	fields := strings.SplitN(string(line), " ", 3)
	if len(fields) < 2 {
		return nil, errMalformedf("public key line has no base64 key after %q", truncateForMessage(fields[0]))
	}
	blob, err := base64.StdEncoding.DecodeString(fields[1])
	if err != nil {
		return nil, errMalformedf("public key line has bad base64")
	}
	pub, err := ParsePublicKeyBlob(blob)
	if err != nil {
		return nil, err
	}
	if pub.Algorithm != fields[0] {
		return nil, errMalformedf("public key line says %q but holds a %s key", truncateForMessage(fields[0]), pub.Algorithm)
	}
	if len(fields) == 3 {
		pub.Comment = strings.TrimRight(fields[2], " \t")
	}
	return pub, nil
}

// parseRFC4716 reads an SSH2 public key block: header lines "Tag: value"
// (continued on the next line when they end in a backslash), of which
// Comment is kept, unquoted as puttygen -p quotes it, then the base64 body,
// then the end line.
func parseRFC4716(text []byte) (*PublicKey, error) {
	lines := strings.Split(strings.ReplaceAll(string(text), "\r\n", "\n"), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, "\r")
	}
	i := 1 // the begin line is lines[0]
	comment := ""
	for ; i < len(lines) && strings.Contains(lines[i], ":"); i++ {
		header := lines[i]
		for strings.HasSuffix(header, `\`) && i+1 < len(lines) {
			i++
			header = header[:len(header)-1] + lines[i]
		}
		tag, value, _ := strings.Cut(header, ":")
		if strings.EqualFold(tag, "Comment") {
			value = strings.TrimSpace(value)
			comment = unquoteRFC4716(value)
		}
	}
	var body strings.Builder
	for ; i < len(lines) && lines[i] != rfc4716End; i++ {
		if len(lines[i]) > rfc4716MaxLine {
			return nil, errMalformedf("RFC 4716 line %d is over %d characters", i+1, rfc4716MaxLine)
		}
		body.WriteString(strings.TrimSpace(lines[i]))
	}
	if i == len(lines) {
		return nil, errMalformedf("RFC 4716 public key has no %q line", rfc4716End)
	}
	for _, l := range lines[i+1:] {
		if strings.TrimSpace(l) != "" {
			return nil, errMalformedf("RFC 4716 public key file has data after its end line")
		}
	}
	blob, err := base64.StdEncoding.DecodeString(body.String())
	if err != nil {
		return nil, errMalformedf("RFC 4716 public key has bad base64")
	}
	pub, err := ParsePublicKeyBlob(blob)
	if err != nil {
		return nil, err
	}
	pub.Comment = comment
	return pub, nil
}

// unquoteRFC4716 undoes the quoting "puttygen -p" gives a comment: double
// quotes around it, and a backslash before each quote and backslash inside.
func unquoteRFC4716(v string) string {
	if len(v) < 2 || v[0] != '"' || v[len(v)-1] != '"' {
		return v
	}
	var b strings.Builder
	for i := 1; i < len(v)-1; i++ {
		if v[i] == '\\' && i+1 < len(v)-1 {
			i++
		}
		b.WriteByte(v[i])
	}
	return b.String()
}
