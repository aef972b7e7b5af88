package keyconv

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"math/big"
	"testing"
)

// TestECDSAKeyFromScalarMatchesCryptoECDSA: the key built without the
// generator table is the one crypto/ecdsa builds, for random scalars and
// the edges 1 and N-1, and it signs and verifies; 0 and N are refused.
func TestECDSAKeyFromScalarMatchesCryptoECDSA(t *testing.T) {
	for _, curve := range []elliptic.Curve{elliptic.P256(), elliptic.P384(), elliptic.P521()} {
		n := curve.Params().N
		size := (curve.Params().BitSize + 7) / 8
		scalars := []*big.Int{big.NewInt(1), new(big.Int).Sub(n, big.NewInt(1))}
		for range 4 {
			k, err := rand.Int(rand.Reader, n)
			if err != nil {
				t.Fatal(err)
			}
			scalars = append(scalars, k.Add(k, big.NewInt(1)).Mod(k, n))
		}
		for _, s := range scalars {
			if s.Sign() == 0 {
				continue
			}
			want, err := ecdsa.ParseRawPrivateKey(curve, s.FillBytes(make([]byte, size)))
			if err != nil {
				t.Fatal(err)
			}
			wantPoint, _ := want.PublicKey.Bytes()
			got, err := newECDSAKey(curve, s, wantPoint)
			if err != nil {
				t.Fatalf("%s: %v", curve.Params().Name, err)
			}
			if !got.Equal(want) {
				t.Errorf("%s: scalar %x gives another key", curve.Params().Name, s)
			}
			digest := sha256.Sum256([]byte("message"))
			sig, err := ecdsa.SignASN1(rand.Reader, got, digest[:])
			if err != nil || !ecdsa.VerifyASN1(&want.PublicKey, digest[:], sig) {
				t.Errorf("%s: signature does not verify (%v)", curve.Params().Name, err)
			}
		}
		for _, bad := range []*big.Int{big.NewInt(0), n, new(big.Int).Add(n, big.NewInt(1))} {
			if _, err := newECDSAKey(curve, bad, nil); !errors.Is(err, ErrMalformed) {
				t.Errorf("%s: scalar %x: %v, want ErrMalformed", curve.Params().Name, bad, err)
			}
		}
	}
}
