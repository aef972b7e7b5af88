package keyconv

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rsa"
	"crypto/subtle"
	"math/big"
)

// Size limits for key parameters, checked before any arithmetic so that a
// hostile file cannot make keyconv spend unbounded time on a modular
// exponentiation or inversion. They match OpenSSH's own ceilings.
const (
	maxRSABits = 16384
	maxDSABits = 8192
)

var bigOne = big.NewInt(1)

// newRSAKey builds an RSA key from its parts, checking them as puttygen does
// on import (n = p*q, e*d = 1 mod p-1 and mod q-1) and ordering the primes
// p > q with iqmp recomputed. d is kept as given, unreduced, because
// puttygen writes it back unchanged and byte-exact output depends on it.
func newRSAKey(n, e, d, p, q *big.Int) (*rsa.PrivateKey, error) {
	for _, v := range []*big.Int{n, e, d, p, q} {
		if v == nil || v.Sign() <= 0 {
			return nil, errMalformedf("RSA key has a zero or missing parameter")
		}
	}
	if n.BitLen() > maxRSABits || d.BitLen() > maxRSABits || p.BitLen() > maxRSABits || q.BitLen() > maxRSABits {
		return nil, errUnsupportedf("RSA keys over %d bits", maxRSABits)
	}
	if !e.IsInt64() || e.Int64() > 1<<31-1 || e.Int64() < 3 {
		return nil, errUnsupportedf("RSA public exponent out of range")
	}
	if p.Cmp(bigOne) <= 0 || q.Cmp(bigOne) <= 0 || new(big.Int).Mul(p, q).Cmp(n) != 0 {
		return nil, errMalformedf("RSA key is inconsistent: n is not p*q")
	}
	ed := new(big.Int).Mul(e, d)
	for _, prime := range []*big.Int{p, q} {
		pm1 := new(big.Int).Sub(prime, bigOne)
		if new(big.Int).Mod(ed, pm1).Cmp(bigOne) != 0 {
			return nil, errMalformedf("RSA key is inconsistent: e*d is not 1 mod p-1 and q-1")
		}
	}
	if p.Cmp(q) < 0 {
		p, q = q, p
	}
	iqmp := new(big.Int).ModInverse(q, p)
	if iqmp == nil {
		return nil, errMalformedf("RSA key is inconsistent: p and q are not coprime")
	}
	key := &rsa.PrivateKey{
		PublicKey: rsa.PublicKey{N: new(big.Int).Set(n), E: int(e.Int64())},
		D:         new(big.Int).Set(d),
		Primes:    []*big.Int{new(big.Int).Set(p), new(big.Int).Set(q)},
	}
	// Giving Precompute the CRT values makes it check them instead of
	// deriving them, which skips a modular exponentiation (about 5 ms for
	// RSA-4096, most of a conversion's time); it keeps Qinv as given, so
	// the PPK writer never depends on the standard library's prime order.
	key.Precomputed.Dp = new(big.Int).Mod(d, new(big.Int).Sub(p, bigOne))
	key.Precomputed.Dq = new(big.Int).Mod(d, new(big.Int).Sub(q, bigOne))
	key.Precomputed.Qinv = iqmp
	key.Precompute()
	return key, nil
}

// newECDSAKey builds an ECDSA key from its private scalar and, when the
// format stores one, checks the stored public point against it.
func newECDSAKey(curve elliptic.Curve, scalar *big.Int, point []byte) (*ecdsa.PrivateKey, error) {
	size := (curve.Params().BitSize + 7) / 8
	if scalar == nil || scalar.Sign() <= 0 || scalar.Cmp(curve.Params().N) >= 0 {
		return nil, errMalformedf("ECDSA private scalar out of range")
	}
	key, err := ecdsaKeyFromScalar(curve, scalar.FillBytes(make([]byte, size)))
	if err != nil {
		return nil, err
	}
	if point != nil {
		want, err := key.PublicKey.Bytes()
		if err != nil || subtle.ConstantTimeCompare(want, point) != 1 {
			return nil, errMalformedf("ECDSA public point does not match the private key")
		}
	}
	return key, nil
}

// newEd25519Key builds an Ed25519 key from its 32-byte seed and, when the
// format stores one, checks the stored public key against it.
func newEd25519Key(seed, pub []byte) (ed25519.PrivateKey, error) {
	if len(seed) != ed25519.SeedSize {
		return nil, errMalformedf("Ed25519 private key is %d bytes, want %d", len(seed), ed25519.SeedSize)
	}
	key := ed25519.NewKeyFromSeed(seed)
	if pub != nil && subtle.ConstantTimeCompare(key[32:], pub) != 1 {
		return nil, errMalformedf("Ed25519 public key does not match the private key")
	}
	return key, nil
}
