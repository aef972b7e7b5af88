package keyconv

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"encoding/asn1"
	"math/big"
	"sync"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// curveInfo ties a NIST curve to its ASN.1 name.
type curveInfo struct {
	curve elliptic.Curve
	oid   asn1.ObjectIdentifier
}

// namedCurves is built on first use, as ecdsaCurves is.
var namedCurves = sync.OnceValue(func() []*curveInfo {
	return []*curveInfo{
		{elliptic.P256(), asn1.ObjectIdentifier{1, 2, 840, 10045, 3, 1, 7}},
		{elliptic.P384(), asn1.ObjectIdentifier{1, 3, 132, 0, 34}},
		{elliptic.P521(), asn1.ObjectIdentifier{1, 3, 132, 0, 35}},
	}
})

func curveByOID(oid asn1.ObjectIdentifier) (*curveInfo, error) {
	for _, c := range namedCurves() {
		if c.oid.Equal(oid) {
			return c, nil
		}
	}
	return nil, errUnsupportedf("elliptic curve %s (keyconv handles P-256, P-384 and P-521)", oid)
}

func curveByCurve(curve elliptic.Curve) (*curveInfo, error) {
	for _, c := range namedCurves() {
		if c.curve == curve {
			return c, nil
		}
	}
	return nil, errUnsupportedf("ECDSA curve %s", curve.Params().Name)
}

// readECParameters reads SEC1's ECParameters, of which keyconv handles the
// namedCurve choice only; explicit parameters are what old OpenSSL wrote with
// -param_enc explicit, and no SSH implementation accepts them.
func readECParameters(s *cryptobyte.String) (*curveInfo, error) {
	var oid asn1.ObjectIdentifier
	if s.PeekASN1Tag(cbasn1.SEQUENCE) {
		return nil, errUnsupportedf("EC keys with explicit curve parameters; use a named curve")
	}
	if !s.ReadASN1ObjectIdentifier(&oid) {
		return nil, errMalformedf("EC key has bad curve parameters")
	}
	return curveByOID(oid)
}

// parseECParameters reads the DER of an "EC PARAMETERS" PEM block.
func parseECParameters(der []byte) (*curveInfo, error) {
	s := cryptobyte.String(der)
	c, err := readECParameters(&s)
	if err != nil {
		return nil, err
	}
	if !s.Empty() {
		return nil, errMalformedf("EC PARAMETERS block has trailing data")
	}
	return c, nil
}

// parseSEC1 reads an ECPrivateKey (RFC 5915). outer is the curve named
// outside the structure (PKCS#8's algorithm parameters, or an EC PARAMETERS
// block), or nil; when both name one they must agree.
func parseSEC1(der []byte, outer *curveInfo) (*ecdsa.PrivateKey, error) {
	input := cryptobyte.String(der)
	var s cryptobyte.String
	if !input.ReadASN1(&s, cbasn1.SEQUENCE) || !input.Empty() {
		return nil, errMalformedf("EC private key is not a DER SEQUENCE")
	}
	var version int64
	var scalar []byte
	if !s.ReadASN1Integer(&version) || version != 1 {
		return nil, errMalformedf("EC private key has a missing or unknown version")
	}
	if !s.ReadASN1Bytes(&scalar, cbasn1.OCTET_STRING) {
		return nil, errMalformedf("EC private key has no private scalar")
	}
	curve := outer
	var params, pub cryptobyte.String
	var hasParams, hasPub bool
	if !s.ReadOptionalASN1(&params, &hasParams, cbasn1.Tag(0).Constructed().ContextSpecific()) ||
		!s.ReadOptionalASN1(&pub, &hasPub, cbasn1.Tag(1).Constructed().ContextSpecific()) || !s.Empty() {
		return nil, errMalformedf("EC private key has bad optional fields")
	}
	if hasParams {
		inner, err := readECParameters(&params)
		if err != nil {
			return nil, err
		}
		if !params.Empty() || (outer != nil && inner != outer) {
			return nil, errMalformedf("EC private key names two different curves")
		}
		curve = inner
	}
	if curve == nil {
		return nil, errMalformedf("EC private key does not say which curve it is on")
	}
	var point []byte
	if hasPub {
		var bits asn1.BitString
		if !pub.ReadASN1BitString(&bits) || !pub.Empty() || bits.BitLength%8 != 0 {
			return nil, errMalformedf("EC private key has a bad public key field")
		}
		point = bits.Bytes
		if len(point) > 0 && point[0] != 4 {
			return nil, errUnsupportedf("EC keys with a compressed public point")
		}
	}
	// puttygen writes the scalar as an mpint body, so it may be one byte
	// longer (a zero) or shorter than the fixed length RFC 5915 asks for.
	size := (curve.curve.Params().BitSize + 7) / 8
	if len(scalar) > size+1 {
		return nil, errMalformedf("EC private scalar is %d bytes, too long for %s", len(scalar), curve.curve.Params().Name)
	}
	return newECDSAKey(curve.curve, new(big.Int).SetBytes(scalar), point)
}

// marshalSEC1 writes an ECPrivateKey as OpenSSL and ssh-keygen do: the scalar
// at the curve's fixed length, the curve OID in [0] and the public point in
// [1]. (puttygen 0.78 shortens the scalar; this keeps PEM -> PPK -> PEM
// byte-identical for files made by OpenSSL.)
func marshalSEC1(k *ecdsa.PrivateKey) ([]byte, error) {
	c, err := curveByCurve(k.Curve)
	if err != nil {
		return nil, err
	}
	scalar, err := k.Bytes()
	if err != nil {
		return nil, errMalformedf("ECDSA private key: %v", err)
	}
	point, err := k.PublicKey.Bytes()
	if err != nil {
		return nil, errMalformedf("ECDSA public key: %v", err)
	}
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1Int64(1)
		b.AddASN1OctetString(scalar)
		b.AddASN1(cbasn1.Tag(0).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) {
			b.AddASN1ObjectIdentifier(c.oid)
		})
		b.AddASN1(cbasn1.Tag(1).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) {
			b.AddASN1BitString(point)
		})
	})
	return b.Bytes()
}
