package keyconv

import (
	"bytes"
	"encoding/pem"
	"strings"
)

// PEM block types of the private key formats keyconv reads.
const (
	pemTypeRSA          = "RSA PRIVATE KEY"
	pemTypeDSA          = "DSA PRIVATE KEY"
	pemTypeEC           = "EC PRIVATE KEY"
	pemTypeECParameters = "EC PARAMETERS"
	pemTypePKCS8        = "PRIVATE KEY"
	pemTypePKCS8Enc     = "ENCRYPTED PRIVATE KEY"
	pemTypeOpenSSH      = "OPENSSH PRIVATE KEY"
)

// parsePEM reads the PEM family and OpenSSH's format, both of which arrive
// as "-----BEGIN ...-----" armour. The input must hold exactly one private
// key block (after an optional EC PARAMETERS block, which openssl ecparam
// writes in front of SEC1 keys) and nothing after it but white space: a file
// that also carries a certificate or a second key is refused rather than
// guessed at.
func parsePEM(data []byte, passphrase PassphraseFunc) (*Key, error) {
	block, rest, err := decodePEMBlock(data)
	if err != nil {
		return nil, err
	}
	var curveParams []byte
	if block.Type == pemTypeECParameters {
		curveParams = block.Bytes
		if len(rest) == 0 {
			return nil, errMalformedf("the file holds only EC PARAMETERS, no private key")
		}
		if block, rest, err = decodePEMBlock(rest); err != nil {
			return nil, err
		}
		if block.Type != pemTypeEC {
			return nil, errMalformedf("EC PARAMETERS block is followed by %q, want %q", truncateForMessage(block.Type), pemTypeEC)
		}
	}
	if len(rest) != 0 {
		if bytes.Contains(rest, []byte("-----BEGIN ")) {
			return nil, errMalformedf("the file holds more than one PEM block; give keyconv the private key on its own")
		}
		return nil, errMalformedf("unexpected data after the %s block's END line", truncateForMessage(block.Type))
	}

	switch block.Type {
	case pemTypeRSA, pemTypeDSA, pemTypeEC:
		return parseTraditionalPEM(block, curveParams, passphrase)
	case pemTypePKCS8:
		if err := refusePEMHeaders(block); err != nil {
			return nil, err
		}
		priv, err := parsePKCS8(block.Bytes)
		if err != nil {
			return nil, err
		}
		return &Key{PrivateKey: priv, Comment: DefaultComment, Source: Source{Format: FormatPKCS8}}, nil
	case pemTypePKCS8Enc:
		if err := refusePEMHeaders(block); err != nil {
			return nil, err
		}
		priv, err := parseEncryptedPKCS8(block.Bytes, passphrase)
		if err != nil {
			return nil, err
		}
		return &Key{PrivateKey: priv, Comment: DefaultComment, Source: Source{Format: FormatPKCS8, Encrypted: true}}, nil
	case pemTypeOpenSSH:
		if err := refusePEMHeaders(block); err != nil {
			return nil, err
		}
		return parseOpenSSH(block.Bytes, passphrase)
	}
	return nil, notAPrivateKeyBlock(block.Type)
}

// decodePEMBlock decodes the block data starts with and returns what follows
// it with leading white space removed. encoding/pem skips a block it cannot
// decode and returns the next one, so the block's BEGIN line is checked to
// be the one data starts with.
func decodePEMBlock(data []byte) (*pem.Block, []byte, error) {
	block, rest := pem.Decode(data)
	if block == nil || !bytes.HasPrefix(data, []byte("-----BEGIN "+block.Type+"-----")) {
		return nil, nil, errMalformedf("damaged PEM block: %s", pemDamage(data))
	}
	return block, bytes.TrimLeft(rest, " \t\r\n"), nil
}

// pemDamage says what is most likely wrong with a PEM block that
// encoding/pem refused, which reports no reason of its own.
func pemDamage(data []byte) string {
	line, _, _ := bytes.Cut(data, []byte("\n"))
	line = bytes.TrimRight(line, " \t\r")
	typ, ok := bytes.CutPrefix(line, []byte("-----BEGIN "))
	if !ok {
		return "no BEGIN line"
	}
	typ, ok = bytes.CutSuffix(typ, []byte("-----"))
	if !ok {
		return "bad BEGIN line"
	}
	if !bytes.Contains(data, []byte("-----END "+string(typ)+"-----")) {
		return "no matching END line (is the file truncated?)"
	}
	return "bad base64 or headers"
}

// refusePEMHeaders rejects headers on block types that never carry any, so
// that a "Proc-Type: 4,ENCRYPTED" pasted onto the wrong block is not ignored.
func refusePEMHeaders(block *pem.Block) error {
	for name := range block.Headers {
		return errMalformedf("unexpected PEM header %q in a %s block", truncateForMessage(name), block.Type)
	}
	return nil
}

// notAPrivateKeyBlock explains the PEM blocks people hand keyconv by mistake.
func notAPrivateKeyBlock(typ string) error {
	switch {
	case typ == pemTypeECParameters:
		return errMalformedf("the file holds only EC PARAMETERS, no private key")
	case strings.Contains(typ, "CERTIFICATE REQUEST"):
		return errMalformedf("this is a certificate request, not a private key")
	case strings.Contains(typ, "CERTIFICATE"):
		return errMalformedf("this is an X.509 certificate, not a private key")
	case strings.HasSuffix(typ, "PUBLIC KEY"):
		return ErrPublicKeyOnly
	case strings.HasSuffix(typ, "PRIVATE KEY"):
		return errUnsupportedf("%q keys are not supported", truncateForMessage(typ))
	}
	return errMalformedf("PEM block %q is not a private key", truncateForMessage(typ))
}
