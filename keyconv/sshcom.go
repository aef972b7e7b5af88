package keyconv

import (
	"bufio"
	"bytes"
	"crypto/cipher"
	"crypto/des"
	"crypto/md5"
	"encoding/base64"
	"errors"
	"math/big"
	"strings"
)

// The ssh.com (SECSH, Tectia) private key format, which puttygen reads and
// so keyconv reads too. Only RSA and DSA keys exist in it. The armour is
// RFC 4716's, with "Name: value" headers that may continue onto the next
// line with a trailing backslash. The base64 body holds:
//
//	uint32 magic (0x3f6ff9eb), uint32 total length,
//	string key type ("if-modn{sign{rsa..." or "dl-modp{sign{dsa..."),
//	string cipher ("none" or "3des-cbc"), string encrypted part.
//
// The encrypted part, once decrypted, is a string holding the key's
// integers, each a uint32 bit count and then the bytes (SSH-1 style), so
// padding after the string does not disturb it. The 3DES key is
// MD5(passphrase) || MD5(passphrase || MD5(passphrase)), cut to 24 bytes,
// with an all-zero IV.

const (
	sshcomBegin = "---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----"
	sshcomEnd   = "---- END SSH2 ENCRYPTED PRIVATE KEY ----"
	sshcomMagic = 0x3f6ff9eb

	sshcomRSAPrefix = "if-modn{sign{rsa"
	sshcomDSAPrefix = "dl-modp{sign{dsa"
)

func parseSSHCom(text []byte, passphrase PassphraseFunc) (*Key, error) {
	comment, blob, err := sshcomArmour(text)
	if err != nil {
		return nil, err
	}
	r := wireReader{buf: blob}
	if r.uint32() != sshcomMagic || r.err != nil {
		return nil, errMalformedf("ssh.com key does not begin with its magic number")
	}
	if total := r.uint32(); r.err == nil && int(total) != len(blob) {
		return nil, errMalformedf("ssh.com key length field says %d bytes, the body has %d", total, len(blob))
	}
	keyType, cipherName, payload := r.string(), r.string(), r.bytes()
	if err := r.done(); err != nil {
		return nil, err
	}
	isRSA := strings.HasPrefix(keyType, sshcomRSAPrefix)
	if !isRSA && !strings.HasPrefix(keyType, sshcomDSAPrefix) {
		return nil, errUnsupportedf("ssh.com key type %q (only RSA and DSA keys exist in this format)", truncateForMessage(keyType))
	}
	encrypted := false
	switch cipherName {
	case "none":
	case "3des-cbc":
		encrypted = true
	default:
		return nil, errUnsupportedf("ssh.com key cipher %q", truncateForMessage(cipherName))
	}
	if len(payload) == 0 {
		return nil, errMalformedf("ssh.com key has no key data")
	}
	if encrypted {
		if len(payload)%des.BlockSize != 0 {
			return nil, errMalformedf("ssh.com key's encrypted part is not a whole number of 3DES blocks")
		}
		pass, err := passphraseFor(passphrase, nil)
		if err != nil {
			return nil, err
		}
		payload = sshcomDecrypt(payload, pass)
	}

	priv, err := sshcomKey(payload, isRSA)
	if err != nil {
		// Once decrypted with a wrong passphrase the payload is noise, so
		// any fault in it is reported as the passphrase's; but noise never
		// gets as far as the DSA checks, so their verdict stands.
		if encrypted && !errors.Is(err, ErrInvalidDSAKey) {
			return nil, ErrWrongPassphrase
		}
		return nil, err
	}
	return &Key{PrivateKey: priv, Comment: comment, Source: Source{Format: FormatSSHCom, Encrypted: encrypted}}, nil
}

// sshcomArmour returns the Comment header (without its quotes, as puttygen
// reads it) and the decoded body.
func sshcomArmour(text []byte) (comment string, blob []byte, err error) {
	sc := bufio.NewScanner(bytes.NewReader(text))
	sc.Buffer(make([]byte, 0, 4096), MaxInputSize)
	next := func() (string, bool) {
		if !sc.Scan() {
			return "", false
		}
		return strings.TrimRight(sc.Text(), "\r"), true
	}
	if line, _ := next(); line != sshcomBegin {
		return "", nil, errMalformedf("ssh.com key does not begin with %q", sshcomBegin)
	}
	var body strings.Builder
	inBody := false
	for {
		line, ok := next()
		if !ok {
			return "", nil, errMalformedf("ssh.com key has no %q line", sshcomEnd)
		}
		if line == sshcomEnd {
			break
		}
		if name, value, isHeader := strings.Cut(line, ":"); isHeader {
			if inBody {
				return "", nil, errMalformedf("ssh.com key has a header line inside its base64 body")
			}
			for strings.HasSuffix(value, `\`) {
				more, ok := next()
				if !ok {
					return "", nil, errMalformedf("ssh.com key ends inside a continued header")
				}
				value = strings.TrimSuffix(value, `\`) + more
			}
			if name == "Comment" {
				comment = strings.TrimSpace(value)
				if len(comment) >= 2 && comment[0] == '"' && comment[len(comment)-1] == '"' {
					comment = comment[1 : len(comment)-1]
				}
			}
			continue
		}
		inBody = true
		body.WriteString(strings.TrimSpace(line))
	}
	for {
		line, ok := next()
		if !ok {
			break
		}
		if strings.TrimSpace(line) != "" {
			return "", nil, errMalformedf("text after the end of the ssh.com key")
		}
	}
	blob, err = base64.StdEncoding.DecodeString(body.String())
	if err != nil || len(blob) == 0 {
		return "", nil, errMalformedf("ssh.com key body is not valid base64")
	}
	return comment, blob, nil
}

func sshcomDecrypt(ciphertext, passphrase []byte) []byte {
	a := md5.Sum(passphrase)
	b := md5.Sum(append(append([]byte(nil), passphrase...), a[:]...))
	key := append(a[:], b[:]...)[:24]
	block, err := des.NewTripleDESCipher(key)
	if err != nil {
		panic(err) // the key is 24 bytes by construction
	}
	plain := make([]byte, len(ciphertext))
	cipher.NewCBCDecrypter(block, make([]byte, des.BlockSize)).CryptBlocks(plain, ciphertext)
	return plain
}

// sshcomKey reads the key's integers from the (decrypted) payload. ssh.com
// stores RSA's primes the other way round from PuTTY; newRSAKey puts them in
// PuTTY's order whichever way they come.
func sshcomKey(payload []byte, isRSA bool) (any, error) {
	outer := wireReader{buf: payload}
	inner := wireReader{buf: outer.bytes()}
	if outer.err != nil {
		return nil, errMalformedf("ssh.com key data is not a well-formed string")
	}
	if isRSA {
		e, d, n := sshcomMPInt(&inner), sshcomMPInt(&inner), sshcomMPInt(&inner)
		sshcomMPInt(&inner) // u, recomputed by newRSAKey
		p, q := sshcomMPInt(&inner), sshcomMPInt(&inner)
		if err := inner.done(); err != nil {
			return nil, err
		}
		return newRSAKey(n, e, d, p, q)
	}
	if inner.uint32() != 0 && inner.err == nil {
		return nil, errUnsupportedf("ssh.com DSA keys with predefined parameters")
	}
	p, g, q, y, x := sshcomMPInt(&inner), sshcomMPInt(&inner), sshcomMPInt(&inner), sshcomMPInt(&inner), sshcomMPInt(&inner)
	if err := inner.done(); err != nil {
		return nil, err
	}
	return newDSAKey(p, q, g, y, x)
}

// sshcomMPInt reads an integer as ssh.com writes it: a uint32 bit count,
// then that many bits rounded up to whole bytes.
func sshcomMPInt(r *wireReader) *big.Int {
	bits := r.uint32()
	if r.err != nil || uint64(bits) > 8*uint64(len(r.buf)) {
		r.fail()
		return nil
	}
	n := (int(bits) + 7) / 8
	v := new(big.Int).SetBytes(r.buf[:n])
	r.buf = r.buf[n:]
	return v
}
