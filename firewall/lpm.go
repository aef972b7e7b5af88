package firewall

import (
	"net/netip"
	"slices"
)

// lpm is a longest-prefix-match table flattened into sorted, disjoint
// address segments: segment i runs from from[i] up to from[i+1]-1 and
// belongs to rule[i] (-1: no rule). CIDR prefixes are either nested or
// disjoint, so a sweep over them sorted by start, outermost first, yields
// the segments; a lookup is then one binary search.
type lpm struct {
	from []u128
	rule []int32
}

// u128 is an address as a number; IPv4 and IPv6 live in separate tables.
type u128 struct{ hi, lo uint64 }

func (a u128) less(b u128) bool { return a.hi < b.hi || a.hi == b.hi && a.lo < b.lo }

// next returns a+1, and false when a is the largest value.
func (a u128) next() (u128, bool) {
	lo := a.lo + 1
	hi := a.hi
	if lo == 0 {
		hi++
		if hi == 0 {
			return u128{}, false
		}
	}
	return u128{hi, lo}, true
}

func addrNum(a netip.Addr) u128 {
	b := a.As16()
	var x u128
	for i := 0; i < 8; i++ {
		x.hi = x.hi<<8 | uint64(b[i])
		x.lo = x.lo<<8 | uint64(b[i+8])
	}
	return x
}

// prefixSpan is a prefix as the first and last number it covers.
type prefixSpan struct {
	lo, hi u128
	rule   int32
}

func spanOf(p netip.Prefix, rule int32) prefixSpan {
	lo := addrNum(p.Addr())
	bits := p.Bits()
	if p.Addr().Is4() {
		bits += 96
	}
	hi := lo
	switch {
	case bits <= 64:
		hi.hi |= ^uint64(0) >> bits
		hi.lo = ^uint64(0)
	case bits < 128:
		hi.lo |= ^uint64(0) >> (bits - 64)
	}
	return prefixSpan{lo, hi, rule}
}

// buildLPM makes the table for one address family. spans must be given in
// priority order: among identical prefixes the first wins.
func buildLPM(spans []prefixSpan) lpm {
	slices.SortStableFunc(spans, func(a, b prefixSpan) int {
		switch {
		case a.lo.less(b.lo):
			return -1
		case b.lo.less(a.lo):
			return 1
		case b.hi.less(a.hi): // same start: the wider (outer) prefix first
			return -1
		case a.hi.less(b.hi):
			return 1
		}
		return 0
	})
	var t lpm
	emit := func(from u128, rule int32) {
		n := len(t.from)
		if n > 0 && t.from[n-1] == from {
			t.rule[n-1] = rule
			return
		}
		if n > 0 && t.rule[n-1] == rule {
			return
		}
		t.from = append(t.from, from)
		t.rule = append(t.rule, rule)
	}
	var open []prefixSpan // the prefixes containing the sweep position, outermost first
	closeBefore := func(pos u128, all bool) {
		for len(open) > 0 && (all || open[len(open)-1].hi.less(pos)) {
			top := open[len(open)-1]
			open = open[:len(open)-1]
			after, ok := top.hi.next()
			if !ok {
				continue
			}
			parent := int32(-1)
			if len(open) > 0 {
				parent = open[len(open)-1].rule
			}
			emit(after, parent)
		}
	}
	for i, s := range spans {
		if i > 0 && s.lo == spans[i-1].lo && s.hi == spans[i-1].hi {
			continue // the same prefix again: the earlier rule stands
		}
		closeBefore(s.lo, false)
		emit(s.lo, s.rule)
		open = append(open, s)
	}
	closeBefore(u128{}, true)
	return t
}

// lookup returns the rule of the longest prefix containing x, or -1.
func (t *lpm) lookup(x u128) int32 {
	lo, hi := 0, len(t.from)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if x.less(t.from[m]) {
			hi = m
		} else {
			lo = m + 1
		}
	}
	if lo == 0 {
		return -1
	}
	return t.rule[lo-1]
}
