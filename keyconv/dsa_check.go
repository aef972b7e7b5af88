package keyconv

import (
	//lint:ignore SA1019 DSA keys are part of the formats keyconv reads and writes (see key.go)
	"crypto/dsa"
	"fmt"
	"math/big"
)

// ErrInvalidDSAKey means a DSA key's numbers do not make a working DSA key:
// its domain parameters (p, q, g) are not a prime-order subgroup, or its
// public value y is not g^x. Such a key converts without complaint in most
// tools, but signs nothing or signs things anyone can forge (with g = 1 every
// signature whose r is 1 verifies), and puttygen aborts on some. It wraps
// [ErrMalformed]; the message names the first check that failed.
var ErrInvalidDSAKey = fmt.Errorf("%w: not a valid DSA key", ErrMalformed)

// DSA sizes keyconv accepts. FIPS 186 fixes q at 160, 224 or 256 bits;
// every generator in use (ssh-keygen, puttygen, OpenSSL, Go) makes one of
// those. p may be anything from the 512 bits of FIPS 186-2's smallest keys
// to OpenSSH's ceiling, maxDSABits, so that old keys still convert.
const minDSABits = 512

var dsaSubgroupBits = [...]int{160, 224, 256}

func errInvalidDSAf(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrInvalidDSAKey}, args...)...)
}

// newDSAKey builds a DSA key after checking that it is one: that p, q and g
// are domain parameters (p odd and of a size DSA uses, q a prime of a
// FIPS 186 size dividing p-1, g of order q), that 0 < x < q and that
// y = g^x mod p. The checks run cheapest first, and the size checks come
// before any exponentiation, so a hostile file costs bounded time. p is not
// tested for primality: that would cost milliseconds, more than a whole
// conversion, and no other tool does it either; q is, which costs
// microseconds, because a composite q lets g have a tiny order.
func newDSAKey(p, q, g, y, x *big.Int) (*dsa.PrivateKey, error) {
	for _, v := range []*big.Int{p, q, g, y, x} {
		if v == nil || v.Sign() <= 0 {
			return nil, errInvalidDSAf("a parameter is zero, negative or missing")
		}
	}
	if err := checkDSAParameters(p, q, g); err != nil {
		return nil, err
	}
	if x.Cmp(q) >= 0 {
		return nil, errInvalidDSAf("the private value x is not less than q")
	}
	if y.Cmp(p) >= 0 {
		return nil, errInvalidDSAf("the public value y is not less than p")
	}
	if new(big.Int).Exp(g, x, p).Cmp(y) != 0 {
		return nil, errInvalidDSAf("y is not g^x mod p (the public key does not belong to the private key)")
	}
	return &dsa.PrivateKey{
		PublicKey: dsa.PublicKey{Parameters: dsa.Parameters{P: p, Q: q, G: g}, Y: y},
		X:         x,
	}, nil
}

// checkDSAParameters checks p, q and g, which must all be positive.
func checkDSAParameters(p, q, g *big.Int) error {
	if bits := p.BitLen(); bits < minDSABits || bits > maxDSABits {
		return errInvalidDSAf("p is %d bits, outside the %d to %d DSA allows", bits, minDSABits, maxDSABits)
	}
	if p.Bit(0) == 0 {
		return errInvalidDSAf("p is even, so it is not a prime")
	}
	if !validSubgroupBits(q.BitLen()) {
		return errInvalidDSAf("q is %d bits, not one of DSA's 160, 224 or 256", q.BitLen())
	}
	pm1 := new(big.Int).Sub(p, bigOne)
	if new(big.Int).Mod(pm1, q).Sign() != 0 {
		return errInvalidDSAf("q does not divide p-1")
	}
	if g.Cmp(bigOne) <= 0 || g.Cmp(p) >= 0 {
		return errInvalidDSAf("g is not between 1 and p (exclusive)")
	}
	// ProbablyPrime(0) is the Baillie-PSW test alone: no known composite
	// passes it, and it is a few microseconds on a 256-bit number.
	if !q.ProbablyPrime(0) {
		return errInvalidDSAf("q is not a prime")
	}
	if new(big.Int).Exp(g, q, p).Cmp(bigOne) != 0 {
		return errInvalidDSAf("g^q is not 1 mod p (g does not generate the subgroup of order q)")
	}
	return nil
}

func validSubgroupBits(bits int) bool {
	for _, b := range dsaSubgroupBits {
		if bits == b {
			return true
		}
	}
	return false
}

// checkDSAPublicBlob checks the domain parameters of an ssh-dss public key
// blob, and that y is in range. It is for a public key handed out without
// its private half (the public key of an encrypted file, before any
// passphrase), which newDSAKey has not seen; other blobs pass untouched.
func checkDSAPublicBlob(pub *PublicKey) error {
	if pub == nil || pub.Algorithm != keyAlgoDSA {
		return nil
	}
	r := wireReader{buf: pub.Blob}
	r.string()
	p, q, g, y := r.mpint(), r.mpint(), r.mpint(), r.mpint()
	if r.err != nil {
		return r.err
	}
	for _, v := range []*big.Int{p, q, g, y} {
		if v == nil || v.Sign() <= 0 {
			return errInvalidDSAf("a parameter is zero, negative or missing")
		}
	}
	if err := checkDSAParameters(p, q, g); err != nil {
		return err
	}
	if y.Cmp(bigOne) <= 0 || y.Cmp(p) >= 0 {
		return errInvalidDSAf("the public value y is not between 1 and p (exclusive)")
	}
	return nil
}
