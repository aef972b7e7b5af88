package keyconv

import (
	"crypto/subtle"
	_ "embed"
	"fmt"
	"sync"

	"filippo.io/nistec"
)

// P-521's public point d*G, by a fixed-base comb over a small table that
// ships in the binary.
//
// Checking a P-521 key means computing d*G once. crypto/ecdsa does it with
// a generator table built at run time (for P-521 several times the cost of
// the multiplication, paid again in every process), and the variable-base
// ScalarMult that avoids the table does 521 doublings, about 2 ms, most of
// a one-key conversion. A comb (Lim and Lee) with p521CombTeeth teeth and
// p521Combs combs needs only p521CombSpacing doublings and
// p521Combs*p521CombSpacing additions, from 45 precomputed points (6 KB),
// about a third of the time. filippo.io/nistec is the standard library's own
// constant-time P-521 arithmetic, published for callers outside it; every
// table entry is read at every step, so the time and the memory accessed do
// not depend on the scalar.
const (
	p521CombTeeth   = 4
	p521Combs       = 3
	p521CombSpacing = 44 // ceil(528 / (p521CombTeeth * p521Combs)): covers a 66-byte scalar
	p521PointSize   = 1 + 2*66
)

// p521CombTableBytes holds, for comb c and each v in 1..2^teeth-1, the
// uncompressed point sum over the bits j of v of 2^((c*teeth+j)*spacing) * G.
// TestP521CombTable rebuilds it from the generator (go test -update
// rewrites it).
//
//go:embed ecdsa_p521_comb.bin
var p521CombTableBytes []byte

// p521CombTable is p521CombTableBytes decoded, once per process: each
// SetBytes checks that the point is on the curve. An error here means a
// damaged binary, not a bad key.
var p521CombTable = sync.OnceValues(func() ([]*nistec.P521Point, error) {
	n := p521Combs * (1<<p521CombTeeth - 1)
	if len(p521CombTableBytes) != n*p521PointSize {
		return nil, fmt.Errorf("keyconv: the built-in P-521 comb table has %d bytes, want %d", len(p521CombTableBytes), n*p521PointSize)
	}
	table := make([]*nistec.P521Point, n)
	for i := range table {
		p, err := nistec.NewP521Point().SetBytes(p521CombTableBytes[i*p521PointSize : (i+1)*p521PointSize])
		if err != nil {
			return nil, fmt.Errorf("keyconv: the built-in P-521 comb table, entry %d: %w", i, err)
		}
		table[i] = p
	}
	return table, nil
})

// p521ScalarBaseMult returns the uncompressed encoding of scalar*G, for a
// 66-byte big-endian scalar.
func p521ScalarBaseMult(scalar []byte) ([]byte, error) {
	if len(scalar) != 66 {
		return nil, errMalformedf("P-521 scalar is %d bytes, want 66", len(scalar))
	}
	table, err := p521CombTable()
	if err != nil {
		return nil, err
	}
	bit := func(i int) int { return int(scalar[len(scalar)-1-i/8]>>(i%8)) & 1 }
	const entries = 1<<p521CombTeeth - 1
	r := nistec.NewP521Point()
	entry := nistec.NewP521Point()
	identity := nistec.NewP521Point()
	for i := p521CombSpacing - 1; i >= 0; i-- {
		r.Double(r)
		for c := range p521Combs {
			v := 0
			for j := range p521CombTeeth {
				v |= bit(i+(c*p521CombTeeth+j)*p521CombSpacing) << j
			}
			entry.Set(identity)
			for k := 1; k <= entries; k++ {
				entry.Select(table[c*entries+k-1], entry, subtle.ConstantTimeEq(int32(k), int32(v)))
			}
			r.Add(r, entry)
		}
	}
	return r.Bytes(), nil
}
