package keyconv

import (
	"crypto/md5"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"
)

// These methods print public keys and fingerprints in exactly the text
// puttygen 0.78 prints, so that users comparing the two see the same thing.

// AuthorizedKey returns the key as one authorized_keys line, ending in a
// newline, as "puttygen -L" prints it. An empty comment still gets its
// separating space, as PuTTY writes it.
func (p *PublicKey) AuthorizedKey() string {
	return p.Algorithm + " " + base64.StdEncoding.EncodeToString(p.Blob) + " " + p.Comment + "\n"
}

// RFC4716 returns the key in the RFC 4716 (SSH2 public key) format that
// "puttygen -p" prints: a quoted Comment header with backslash and double
// quote escaped, and the base64 body in lines of 64 characters.
func (p *PublicKey) RFC4716() string {
	var b strings.Builder
	b.WriteString("---- BEGIN SSH2 PUBLIC KEY ----\n")
	b.WriteString(`Comment: "`)
	for _, c := range []byte(p.Comment) {
		if c == '\\' || c == '"' {
			b.WriteByte('\\')
		}
		b.WriteByte(c)
	}
	b.WriteString("\"\n")
	writeBase64Lines(&b, p.Blob, 64)
	b.WriteString("---- END SSH2 PUBLIC KEY ----\n")
	return b.String()
}

// writeBase64Lines writes data in base64, width characters to a line.
func writeBase64Lines(b *strings.Builder, data []byte, width int) {
	enc := base64.StdEncoding.EncodeToString(data)
	for len(enc) > width {
		b.WriteString(enc[:width])
		b.WriteByte('\n')
		enc = enc[width:]
	}
	if enc != "" {
		b.WriteString(enc)
		b.WriteByte('\n')
	}
}

// FingerprintHash selects a fingerprint's hash.
type FingerprintHash int

// The fingerprint hashes puttygen and ssh-keygen offer.
const (
	SHA256 FingerprintHash = iota // "SHA256:" and unpadded base64, the default
	MD5                           // colon-separated hex pairs, the pre-2015 form
)

// String returns the hash's name as puttygen's and ssh-keygen's -E flag
// takes it: "sha256" or "md5".
func (h FingerprintHash) String() string {
	switch h {
	case SHA256:
		return "sha256"
	case MD5:
		return "md5"
	}
	return fmt.Sprintf("FingerprintHash(%d)", int(h))
}

// Fingerprint returns the key's fingerprint alone: "SHA256:" followed by
// unpadded base64, or for MD5 sixteen hex pairs separated by colons.
func (p *PublicKey) Fingerprint(h FingerprintHash) string {
	if h == MD5 {
		sum := md5.Sum(p.Blob)
		pairs := make([]string, len(sum))
		for i, c := range sum {
			pairs[i] = hex.EncodeToString([]byte{c})
		}
		return strings.Join(pairs, ":")
	}
	sum := sha256.Sum256(p.Blob)
	return "SHA256:" + base64.RawStdEncoding.EncodeToString(sum[:])
}

// FingerprintLine returns the line "puttygen -l [-E md5]" prints, without
// its newline: algorithm, bits and fingerprint.
func (p *PublicKey) FingerprintLine(h FingerprintHash) string {
	return fmt.Sprintf("%s %d %s", p.Algorithm, p.Bits, p.Fingerprint(h))
}
