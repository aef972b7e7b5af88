package keyconv

import (
	"crypto/rsa"
	"math/big"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// parsePKCS1 reads an RSAPrivateKey (RFC 8017 appendix A.1.2). It reads the
// fields itself rather than through crypto/x509 so that d stays exactly as
// the file gives it and the checks are puttygen's (see newRSAKey). The CRT
// values dp, dq and qinv are read but not trusted, as puttygen ignores them.
func parsePKCS1(der []byte) (*rsa.PrivateKey, error) {
	input := cryptobyte.String(der)
	var s cryptobyte.String
	if !input.ReadASN1(&s, cbasn1.SEQUENCE) || !input.Empty() {
		return nil, errMalformedf("PKCS#1 RSA key is not a DER SEQUENCE")
	}
	var version int64
	if !s.ReadASN1Integer(&version) {
		return nil, errMalformedf("PKCS#1 RSA key has no version")
	}
	var n, e, d, p, q, dp, dq, qinv big.Int
	for _, v := range []*big.Int{&n, &e, &d, &p, &q, &dp, &dq, &qinv} {
		if !s.ReadASN1Integer(v) {
			return nil, errMalformedf("PKCS#1 RSA key is truncated or has a bad integer")
		}
	}
	switch {
	case version == 1 && s.PeekASN1Tag(cbasn1.SEQUENCE):
		return nil, errUnsupportedf("multi-prime RSA keys")
	case version != 0:
		return nil, errMalformedf("PKCS#1 RSA key version %d", version)
	case !s.Empty():
		return nil, errMalformedf("PKCS#1 RSA key has trailing data")
	}
	return newRSAKey(&n, &e, &d, &p, &q)
}

// marshalPKCS1 writes an RSAPrivateKey as puttygen and OpenSSL do: primes
// ordered p > q, dp = d mod (p-1), dq = d mod (q-1), qinv = q^-1 mod p, and d
// as held (unreduced when the source file had it so).
func marshalPKCS1(k *rsa.PrivateKey) ([]byte, error) {
	p, q, iqmp, err := rsaPrimesPuTTYOrder(k)
	if err != nil {
		return nil, err
	}
	dp := new(big.Int).Mod(k.D, new(big.Int).Sub(p, bigOne))
	dq := new(big.Int).Mod(k.D, new(big.Int).Sub(q, bigOne))
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1Int64(0)
		for _, v := range []*big.Int{k.N, big.NewInt(int64(k.E)), k.D, p, q, dp, dq, iqmp} {
			b.AddASN1BigInt(v)
		}
	})
	return b.Bytes()
}

// rsaPrimesPuTTYOrder returns the key's primes with p > q and iqmp =
// q^-1 mod p, the order puttygen writes whatever order the key came in.
func rsaPrimesPuTTYOrder(k *rsa.PrivateKey) (p, q, iqmp *big.Int, err error) {
	if len(k.Primes) != 2 || k.D == nil || k.N == nil {
		return nil, nil, nil, errUnsupportedf("RSA keys with %d primes", len(k.Primes))
	}
	p, q = k.Primes[0], k.Primes[1]
	if p.Cmp(q) < 0 {
		p, q = q, p
	}
	if iqmp = new(big.Int).ModInverse(q, p); iqmp == nil {
		return nil, nil, nil, errMalformedf("RSA key is inconsistent: p and q are not coprime")
	}
	return p, q, iqmp, nil
}
