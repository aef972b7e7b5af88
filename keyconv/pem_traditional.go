package keyconv

import (
	"crypto"
	"encoding/pem"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// parseTraditionalPEM reads OpenSSL's "traditional" per-algorithm blocks
// (PKCS#1 RSA, OpenSSL DSA, SEC1 EC), plain or with legacy
// "Proc-Type: 4,ENCRYPTED" encryption. curveParams is the DER of a
// preceding EC PARAMETERS block, or nil.
func parseTraditionalPEM(block *pem.Block, curveParams []byte, passphrase PassphraseFunc) (*Key, error) {
	der, encrypted, err := decryptLegacyPEM(block, passphrase)
	if err != nil {
		return nil, err
	}
	if encrypted && !isSingleDERSequence(der) {
		// Legacy PEM has no MAC: a wrong passphrase shows only as CBC padding
		// that happens to be valid around garbage.
		return nil, ErrWrongPassphrase
	}
	var priv crypto.PrivateKey
	var format Format
	switch block.Type {
	case pemTypeRSA:
		priv, err = parsePKCS1(der)
		format = FormatPKCS1
	case pemTypeDSA:
		priv, err = parseOpenSSLDSA(der)
		format = FormatDSA
	case pemTypeEC:
		var curve *curveInfo
		if curveParams != nil {
			if curve, err = parseECParameters(curveParams); err != nil {
				return nil, err
			}
		}
		priv, err = parseSEC1(der, curve)
		format = FormatSEC1
	}
	if err != nil {
		return nil, err
	}
	return &Key{PrivateKey: priv, Comment: DefaultComment, Source: Source{Format: format, Encrypted: encrypted}}, nil
}

// isSingleDERSequence reports whether der is exactly one DER SEQUENCE, as
// every traditional key is.
func isSingleDERSequence(der []byte) bool {
	s := cryptobyte.String(der)
	var seq cryptobyte.String
	return s.ReadASN1(&seq, cbasn1.SEQUENCE) && s.Empty()
}
