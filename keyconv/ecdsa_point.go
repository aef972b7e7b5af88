package keyconv

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"math/big"
)

// ecdsaKeyFromScalar builds an ECDSA key from its fixed-length private
// scalar (already checked to lie in 1..N-1), computing the public point
// without a generator table built at run time.
//
// crypto/ecdsa.ParseRawPrivateKey computes it with ScalarBaseMult, which
// for P-384 and P-521 first builds a table of multiples of the generator,
// once per process: for P-521 that table costs several times the
// multiplication itself and dominated a one-key conversion, which never
// uses it again. P-521 uses a comb over a table that ships in the binary
// (p521ScalarBaseMult), the others one variable-base scalar multiplication
// of the generator. The point is checked to be on the curve by
// ParseUncompressedPublicKey, and the key is usable with every crypto/ecdsa
// function (they rebuild their own state from D, X and Y).
func ecdsaKeyFromScalar(curve elliptic.Curve, scalar []byte) (*ecdsa.PrivateKey, error) {
	point, err := scalarBaseMult(curve, scalar)
	if err != nil {
		return nil, err
	}
	pub, err := ecdsa.ParseUncompressedPublicKey(curve, point)
	if err != nil {
		return nil, errMalformedf("ECDSA private scalar out of range")
	}
	//lint:ignore SA1019 D is how crypto/ecdsa takes a key not built by ParseRawPrivateKey
	return &ecdsa.PrivateKey{PublicKey: *pub, D: new(big.Int).SetBytes(scalar)}, nil
}

// scalarBaseMult returns the uncompressed encoding of scalar*G.
func scalarBaseMult(curve elliptic.Curve, scalar []byte) ([]byte, error) {
	if curve == elliptic.P521() {
		return p521ScalarBaseMult(scalar)
	}
	params := curve.Params()
	//lint:ignore SA1019 the low-level call is the one without the generator table (crypto/ecdh's ECDH gives x alone)
	x, y := curve.ScalarMult(params.Gx, params.Gy, scalar)
	size := (params.BitSize + 7) / 8
	point := make([]byte, 1+2*size)
	point[0] = 4
	x.FillBytes(point[1 : 1+size])
	y.FillBytes(point[1+size:])
	return point, nil
}
