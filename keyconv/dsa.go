package keyconv

import (
	//lint:ignore SA1019 DSA keys are part of the formats keyconv reads and writes (see key.go)
	"crypto/dsa"
	"math/big"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// parseOpenSSLDSA reads OpenSSL's DSA private key structure, a SEQUENCE of
// version (0), p, q, g, y and x, which no standard defines but OpenSSL,
// OpenSSH and puttygen all write.
func parseOpenSSLDSA(der []byte) (*dsa.PrivateKey, error) {
	input := cryptobyte.String(der)
	var s cryptobyte.String
	if !input.ReadASN1(&s, cbasn1.SEQUENCE) || !input.Empty() {
		return nil, errMalformedf("DSA key is not a DER SEQUENCE")
	}
	var version int64
	if !s.ReadASN1Integer(&version) || version != 0 {
		return nil, errMalformedf("DSA key has a missing or unknown version")
	}
	var p, q, g, y, x big.Int
	for _, v := range []*big.Int{&p, &q, &g, &y, &x} {
		if !s.ReadASN1Integer(v) {
			return nil, errMalformedf("DSA key is truncated or has a bad integer")
		}
	}
	if !s.Empty() {
		return nil, errMalformedf("DSA key has trailing data")
	}
	return newDSAKey(&p, &q, &g, &y, &x)
}

// marshalOpenSSLDSA writes the structure parseOpenSSLDSA reads.
func marshalOpenSSLDSA(k *dsa.PrivateKey) ([]byte, error) {
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1Int64(0)
		for _, v := range []*big.Int{k.P, k.Q, k.G, k.Y, k.X} {
			b.AddASN1BigInt(v)
		}
	})
	return b.Bytes()
}
