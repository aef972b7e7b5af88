package keyconv

import (
	"crypto"
	"encoding/asn1"
	"math/big"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// Algorithm identifiers of PKCS#8 private keys.
var (
	oidRSA     = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 1}
	oidRSAPSS  = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 10}
	oidDSA     = asn1.ObjectIdentifier{1, 2, 840, 10040, 4, 1}
	oidEC      = asn1.ObjectIdentifier{1, 2, 840, 10045, 2, 1}
	oidX25519  = asn1.ObjectIdentifier{1, 3, 101, 110}
	oidX448    = asn1.ObjectIdentifier{1, 3, 101, 111}
	oidEd25519 = asn1.ObjectIdentifier{1, 3, 101, 112}
	oidEd448   = asn1.ObjectIdentifier{1, 3, 101, 113}
)

// parsePKCS8 reads a PrivateKeyInfo (RFC 5208), or its version 2 successor
// OneAsymmetricKey (RFC 5958), holding an RSA, DSA, ECDSA or Ed25519 key.
func parsePKCS8(der []byte) (crypto.PrivateKey, error) {
	input := cryptobyte.String(der)
	var s, algID, params cryptobyte.String
	var version int64
	var oid asn1.ObjectIdentifier
	var privateKey []byte
	if !input.ReadASN1(&s, cbasn1.SEQUENCE) || !input.Empty() {
		return nil, errMalformedf("PKCS#8 key is not a DER SEQUENCE")
	}
	if !s.ReadASN1Integer(&version) || (version != 0 && version != 1) {
		return nil, errMalformedf("PKCS#8 key has a missing or unknown version")
	}
	if !s.ReadASN1(&algID, cbasn1.SEQUENCE) || !algID.ReadASN1ObjectIdentifier(&oid) {
		return nil, errMalformedf("PKCS#8 key has a bad algorithm identifier")
	}
	params = algID // what follows the OID: the algorithm's parameters, if any
	if !s.ReadASN1Bytes(&privateKey, cbasn1.OCTET_STRING) {
		return nil, errMalformedf("PKCS#8 key has no private key field")
	}
	var publicKey cryptobyte.String
	var hasPublicKey bool
	if !s.SkipOptionalASN1(cbasn1.Tag(0).Constructed().ContextSpecific()) ||
		!s.ReadOptionalASN1(&publicKey, &hasPublicKey, cbasn1.Tag(1).ContextSpecific()) || !s.Empty() {
		return nil, errMalformedf("PKCS#8 key has bad trailing fields")
	}

	switch {
	case oid.Equal(oidRSA):
		if !params.Empty() && !(params.SkipASN1(cbasn1.NULL) && params.Empty()) {
			return nil, errMalformedf("PKCS#8 RSA key has unexpected algorithm parameters")
		}
		return parsePKCS1(privateKey)
	case oid.Equal(oidDSA):
		return parsePKCS8DSA(params, privateKey)
	case oid.Equal(oidEC):
		curve, err := readECParameters(&params)
		if err != nil {
			return nil, err
		}
		if !params.Empty() {
			return nil, errMalformedf("PKCS#8 EC key has trailing algorithm parameters")
		}
		return parseSEC1(privateKey, curve)
	case oid.Equal(oidEd25519):
		return parsePKCS8EdDSA("Ed25519", params, privateKey, publicKey, hasPublicKey, func(seed, pub []byte) (crypto.PrivateKey, error) {
			return newEd25519Key(seed, pub)
		})
	case oid.Equal(oidEd448):
		return parsePKCS8EdDSA("Ed448", params, privateKey, publicKey, hasPublicKey, func(seed, pub []byte) (crypto.PrivateKey, error) {
			return newEd448Key(seed, pub)
		})
	case oid.Equal(oidRSAPSS):
		return nil, errUnsupportedf("RSA-PSS keys cannot be used for SSH; use a plain RSA key")
	case oid.Equal(oidX25519), oid.Equal(oidX448):
		return nil, errUnsupportedf("X25519 and X448 keys are for key agreement, not SSH signing")
	}
	return nil, errUnsupportedf("PKCS#8 key algorithm %s", oid)
}

// parsePKCS8DSA reads a DSA key: p, q and g in the algorithm parameters, x
// as an INTEGER inside the private key field, y computed.
func parsePKCS8DSA(params cryptobyte.String, privateKey []byte) (crypto.PrivateKey, error) {
	var seq cryptobyte.String
	var p, q, g, x big.Int
	if !params.ReadASN1(&seq, cbasn1.SEQUENCE) || !params.Empty() ||
		!seq.ReadASN1Integer(&p) || !seq.ReadASN1Integer(&q) || !seq.ReadASN1Integer(&g) || !seq.Empty() {
		return nil, errMalformedf("PKCS#8 DSA key has bad domain parameters")
	}
	priv := cryptobyte.String(privateKey)
	if !priv.ReadASN1Integer(&x) || !priv.Empty() {
		return nil, errMalformedf("PKCS#8 DSA key has a bad private value")
	}
	// Bound the exponentiation before doing it; newDSAKey checks the rest.
	if p.Sign() <= 0 || p.BitLen() > maxDSABits || q.BitLen() > p.BitLen() || x.Sign() <= 0 || x.Cmp(&q) >= 0 {
		return nil, errMalformedf("DSA key parameters out of range")
	}
	y := new(big.Int).Exp(&g, &x, &p)
	return newDSAKey(&p, &q, &g, y, &x)
}

// parsePKCS8EdDSA reads an Ed25519 or Ed448 key (RFC 8410): the seed as an
// OCTET STRING inside the private key field, and, in version 2, the public
// key, which newKey checks against it.
func parsePKCS8EdDSA(name string, params cryptobyte.String, privateKey []byte, publicKey cryptobyte.String, hasPublicKey bool, newKey func(seed, pub []byte) (crypto.PrivateKey, error)) (crypto.PrivateKey, error) {
	if !params.Empty() {
		return nil, errMalformedf("PKCS#8 %s key has algorithm parameters", name)
	}
	var seed []byte
	priv := cryptobyte.String(privateKey)
	if !priv.ReadASN1Bytes(&seed, cbasn1.OCTET_STRING) || !priv.Empty() {
		return nil, errMalformedf("PKCS#8 %s key has a bad private key field", name)
	}
	var pub []byte
	if hasPublicKey {
		// [1] IMPLICIT BIT STRING: one byte of unused-bit count, then the key.
		if len(publicKey) < 1 || publicKey[0] != 0 {
			return nil, errMalformedf("PKCS#8 %s key has a bad public key field", name)
		}
		pub = publicKey[1:]
	}
	return newKey(seed, pub)
}
