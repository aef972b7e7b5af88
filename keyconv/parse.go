package keyconv

import (
	"bytes"
	"fmt"
)

// MaxInputSize is the largest key file keyconv reads: far above a 16384-bit
// RSA key in any format (about 13 KiB), and small enough that a wrong file
// handed to keyconv by mistake costs nothing.
const MaxInputSize = 1 << 20

// PassphraseFunc returns the passphrase of an encrypted key. [Parse] calls it
// at most once, and only when the key is encrypted, so that a caller can
// prompt lazily. The returned slice is not retained.
type PassphraseFunc func() ([]byte, error)

// Passphrase returns a PassphraseFunc that always returns p.
func Passphrase(p []byte) PassphraseFunc {
	return func() ([]byte, error) { return p, nil }
}

// Parse reads a private key in any format keyconv knows, detecting which:
// PuTTY's PPK versions 2 and 3, OpenSSH's own format, and the PEM family
// (PKCS#1, OpenSSL DSA, SEC1, PKCS#8 plain or encrypted, and legacy
// "Proc-Type: 4,ENCRYPTED" PEM), and ssh.com's format, as puttygen does.
//
// For an encrypted key, passphrase is called once; when it is nil Parse
// returns a [*PassphraseMissingError]. A wrong passphrase gives an error
// that wraps [ErrWrongPassphrase]. A file saved as UTF-16 text gives an
// [*EncodingError].
func Parse(data []byte, passphrase PassphraseFunc) (*Key, error) {
	text, err := privateKeyText(data)
	if err != nil {
		return nil, err
	}
	switch {
	case len(text) == 0:
		return nil, errMalformedf("file is empty")
	case bytes.HasPrefix(text, []byte("PuTTY-User-Key-File-")):
		return parsePPK(text, passphrase)
	case bytes.HasPrefix(text, []byte("SSH PRIVATE KEY FILE FORMAT 1.1")):
		return nil, errUnsupportedf("SSH-1 (PuTTY version 1) keys are not supported; generate a new key")
	case bytes.HasPrefix(text, []byte(sshcomBegin)):
		return parseSSHCom(text, passphrase)
	case bytes.HasPrefix(text, []byte("-----BEGIN ")):
		return parsePEM(text, passphrase)
	case looksLikePublicKey(text):
		return nil, ErrPublicKeyOnly
	}
	return nil, errMalformedf("not a private key file")
}

// privateKeyText is a private key file's text as the parsers read it:
// within the size cap, not UTF-16, without a UTF-8 byte-order mark or
// leading blank lines.
func privateKeyText(data []byte) ([]byte, error) {
	if len(data) > MaxInputSize {
		return nil, errMalformedf("file is larger than %d bytes, too large for a private key", MaxInputSize)
	}
	if err := checkEncoding(data); err != nil {
		return nil, err
	}
	return bytes.TrimLeft(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), " \t\r\n"), nil
}

// DetectFormat names the format of a private key file from its first line,
// without decrypting or fully parsing it. It returns FormatUnknown for
// anything Parse would refuse outright.
func DetectFormat(data []byte) Format {
	text := bytes.TrimLeft(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), " \t\r\n")
	if bytes.HasPrefix(text, []byte("PuTTY-User-Key-File-")) {
		return FormatPPK
	}
	if bytes.HasPrefix(text, []byte(sshcomBegin)) {
		return FormatSSHCom
	}
	for label, format := range map[string]Format{
		"RSA PRIVATE KEY":       FormatPKCS1,
		"DSA PRIVATE KEY":       FormatDSA,
		"EC PRIVATE KEY":        FormatSEC1,
		"EC PARAMETERS":         FormatSEC1,
		"PRIVATE KEY":           FormatPKCS8,
		"ENCRYPTED PRIVATE KEY": FormatPKCS8,
		"OPENSSH PRIVATE KEY":   FormatOpenSSH,
	} {
		if bytes.HasPrefix(text, []byte("-----BEGIN "+label+"-----")) {
			return format
		}
	}
	return FormatUnknown
}

// looksLikePublicKey recognises the public-key files people most often pick
// up by mistake: an authorized_keys line or an RFC 4716 block.
func looksLikePublicKey(text []byte) bool {
	if bytes.HasPrefix(text, []byte("---- BEGIN SSH2 PUBLIC KEY ----")) {
		return true
	}
	for _, prefix := range []string{"ssh-", "ecdsa-sha2-", "sk-"} {
		if bytes.HasPrefix(text, []byte(prefix)) {
			return true
		}
	}
	return false
}

// passphraseFor asks for the passphrase of an encrypted key. With no callback
// it returns the PassphraseMissingError, carrying pub when the format keeps
// the public key in the clear.
func passphraseFor(passphrase PassphraseFunc, pub *PublicKey) ([]byte, error) {
	if passphrase == nil {
		if err := checkDSAPublicBlob(pub); err != nil {
			return nil, err
		}
		return nil, &PassphraseMissingError{PublicKey: pub}
	}
	p, err := passphrase()
	if err != nil {
		return nil, fmt.Errorf("keyconv: reading passphrase: %w", err)
	}
	return p, nil
}
