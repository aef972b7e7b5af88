package keyconv

import (
	"bytes"
	"crypto/elliptic"
	"crypto/rand"
	"math/big"
	"testing"

	"filippo.io/nistec"

	"github.com/cloudkeypair/keypair/internal/golden"
)

// TestP521CombTable rebuilds the comb table from the generator by
// doublings and additions, and compares it with the one the binary embeds
// (go test -update rewrites it).
func TestP521CombTable(t *testing.T) {
	teeth := make([]*nistec.P521Point, p521Combs*p521CombTeeth)
	g := nistec.NewP521Point().SetGenerator()
	for j := range teeth {
		teeth[j] = nistec.NewP521Point().Set(g) // 2^(j*spacing) * G
		for range p521CombSpacing {
			g.Double(g)
		}
	}
	var table []byte
	for c := range p521Combs {
		for v := 1; v < 1<<p521CombTeeth; v++ {
			sum := nistec.NewP521Point()
			for j := range p521CombTeeth {
				if v>>j&1 == 1 {
					sum.Add(sum, teeth[c*p521CombTeeth+j])
				}
			}
			table = append(table, sum.Bytes()...)
		}
	}
	golden.Check(t, "ecdsa_p521_comb.bin", table)
}

// TestP521ScalarBaseMult compares the comb with crypto/elliptic's
// ScalarBaseMult on scalars that set each bit alone, each comb column
// alone, the edges of the group order, values up to 2^528-1 (every bit a
// 66-byte scalar can hold), and random ones.
func TestP521ScalarBaseMult(t *testing.T) {
	curve := elliptic.P521()
	n := curve.Params().N
	one := big.NewInt(1)
	scalars := []*big.Int{one, big.NewInt(2), big.NewInt(15), new(big.Int).Sub(n, one), new(big.Int).Sub(n, big.NewInt(2)),
		new(big.Int).Sub(new(big.Int).Lsh(one, 521), one), new(big.Int).Sub(new(big.Int).Lsh(one, 528), one)}
	for i := 0; i < 528; i += 7 {
		scalars = append(scalars, new(big.Int).Lsh(one, uint(i)))
	}
	for i := range p521CombSpacing {
		column := new(big.Int)
		for j := range p521Combs * p521CombTeeth {
			column.SetBit(column, i+j*p521CombSpacing, 1)
		}
		scalars = append(scalars, column)
	}
	for range 32 {
		k, err := rand.Int(rand.Reader, n)
		if err != nil {
			t.Fatal(err)
		}
		scalars = append(scalars, k)
	}
	for _, s := range scalars {
		b := s.FillBytes(make([]byte, 66))
		got, err := p521ScalarBaseMult(b)
		if err != nil {
			t.Fatal(err)
		}
		//lint:ignore SA1019 the reference to compare with
		x, y := curve.ScalarBaseMult(b)
		//lint:ignore SA1019 the reference to compare with
		if want := elliptic.Marshal(curve, x, y); !bytes.Equal(got, want) {
			t.Errorf("scalar %x: comb gives %x, want %x", s, got, want)
		}
	}
	if _, err := p521ScalarBaseMult(make([]byte, 65)); err == nil {
		t.Errorf("a 65-byte scalar was accepted")
	}
}

// BenchmarkP521PublicPoint compares the comb, its table decoded once,
// with the variable-base ScalarMult it replaced.
func BenchmarkP521PublicPoint(b *testing.B) {
	curve := elliptic.P521()
	k, err := rand.Int(rand.Reader, curve.Params().N)
	if err != nil {
		b.Fatal(err)
	}
	scalar := k.FillBytes(make([]byte, 66))
	b.Run("comb", func(b *testing.B) {
		for b.Loop() {
			if _, err := p521ScalarBaseMult(scalar); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("ScalarMult", func(b *testing.B) {
		for b.Loop() {
			//lint:ignore SA1019 the call the comb replaced
			curve.ScalarMult(curve.Params().Gx, curve.Params().Gy, scalar)
		}
	})
}
