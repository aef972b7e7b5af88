package firewall

import "slices"

// overlaps runs FW004 (duplicate) and FW005 (shadowed) on every pair of
// rules that can apply to the same server: rules of one firewall, and rules
// of two firewalls attached to a common server.
func (l *linter) overlaps() {
	c := l.cfg
	type pair struct{ a, b int }
	compared := make(map[pair]bool)
	reported := make(map[ruleKey]bool)
	compare := func(a, b int, server string) {
		if a > b {
			a, b = b, a
		}
		if compared[pair{a, b}] {
			return
		}
		compared[pair{a, b}] = true
		l.comparePair(&c.Firewalls[a], &c.Firewalls[b], a == b, server, reported)
	}
	for i := range c.Firewalls {
		compare(i, i, "")
	}
	// Sets come in the order of their first server, so a pair is
	// reported on the first server that brings it together.
	for _, set := range l.attach.sets {
		var fws []int
		for _, i := range set.firewalls {
			if len(c.Firewalls[i].Inbound) > 0 {
				fws = append(fws, i)
			}
		}
		server := c.Servers[set.servers[0]].Name
		for x := range fws {
			for y := x + 1; y < len(fws); y++ {
				compare(fws[x], fws[y], server)
			}
		}
	}
}

// comparePair finds, among the rules of fa and fb (of fa alone when same),
// each rule that duplicates or is shadowed by another. A rule is reported
// once, on the copy that comes later for duplicates, on the narrower rule
// for shadowing, with the partner the pairs taken in file order (every rule
// of fa against every later rule of fa, or every rule of fb) meet first.
//
// Only rules whose port ranges overlap can admit the same packets, so the
// pairs are found by one sweep over the port ranges rather than by trying
// all of them: the cost grows with the rules plus the overlapping pairs.
// What each rule is reported with depends only on its own pairs, so the
// pairs may come in any order; the earliest one, as the nested loop in file
// order would meet it, is kept for each rule.
func (l *linter) comparePair(fa, fb *Firewall, same bool, server string, reported map[ruleKey]bool) {
	on := ""
	if !same {
		on = " on server \"" + server + "\""
	}
	// finding is what the earliest pair (key) says about one rule.
	type finding struct {
		key            [2]int // the pair's (index in fa, index in fb)
		self, other    RuleRef
		duplicate, set bool
	}
	findA := make([]finding, len(fa.Inbound))
	findB := findA
	if !same {
		findB = make([]finding, len(fb.Inbound))
	}
	note := func(f *finding, key [2]int, self, other RuleRef, duplicate bool) {
		if !f.set || key[0] < f.key[0] || key[0] == f.key[0] && key[1] < f.key[1] {
			*f = finding{key, self, other, duplicate, true}
		}
	}
	overlappingPorts(fa.Inbound, fb.Inbound, same, func(i, j int) {
		ra, rb := &fa.Inbound[i], &fb.Inbound[j]
		if ra.Protocol&rb.Protocol == 0 || !ra.Source.Overlaps(rb.Source) {
			return // the common case, decided before building any reference
		}
		a := RuleRef{Firewall: fa.Name, Index: i, Rule: *ra}
		b := RuleRef{Firewall: fb.Name, Index: j, Rule: *rb}
		key := [2]int{i, j}
		switch {
		case admitsSame(*ra, *rb):
			note(&findB[j], key, b, a, true)
		case covers(*ra, *rb):
			note(&findB[j], key, b, a, false)
		case covers(*rb, *ra):
			note(&findA[i], key, a, b, false)
		}
	})
	var found []finding
	for _, f := range findA {
		if f.set {
			found = append(found, f)
		}
	}
	if !same {
		for _, f := range findB {
			if f.set {
				found = append(found, f)
			}
		}
	}
	slices.SortFunc(found, func(x, y finding) int {
		if x.key[0] != y.key[0] {
			return x.key[0] - y.key[0]
		}
		return x.key[1] - y.key[1]
	})
	for _, f := range found {
		if f.duplicate {
			if k := (ruleKey{f.self.Firewall, f.self.Index}); !reported[k] {
				reported[k] = true
				l.addRule(lintDuplicate, f.self, server, "%s duplicates %s%s", ruleName(f.self), ruleName(f.other), on)
			}
			continue
		}
		l.reportShadow(f.self, f.other, server, on, reported)
	}
}

// overlappingPorts calls fn(i, j) for every rule i of a and j of b (i < j
// of a alone when same) whose port ranges overlap, in no particular order.
// It sweeps the ranges by their first port, keeping the ranges still open.
func overlappingPorts(a, b []Rule, same bool, fn func(i, j int)) {
	type item struct {
		from, to uint16
		inB      bool
		index    int
	}
	items := make([]item, 0, len(a)+len(b))
	for i, r := range a {
		items = append(items, item{r.Ports.From, r.Ports.To, false, i})
	}
	if !same {
		for j, r := range b {
			items = append(items, item{r.Ports.From, r.Ports.To, true, j})
		}
	}
	slices.SortFunc(items, func(x, y item) int { return int(x.from) - int(y.from) })
	var openA, openB []item
	keepOpen := func(open []item, from uint16) []item {
		kept := open[:0]
		for _, o := range open {
			if o.to >= from {
				kept = append(kept, o)
			}
		}
		return kept
	}
	for _, it := range items {
		openA, openB = keepOpen(openA, it.from), keepOpen(openB, it.from)
		switch {
		case same:
			for _, o := range openA {
				fn(min(o.index, it.index), max(o.index, it.index))
			}
		case it.inB:
			for _, o := range openA {
				fn(o.index, it.index)
			}
		default:
			for _, o := range openB {
				fn(it.index, o.index)
			}
		}
		if it.inB {
			openB = append(openB, it)
		} else {
			openA = append(openA, it)
		}
	}
}

func (l *linter) reportShadow(narrow, wide RuleRef, server, on string, reported map[ruleKey]bool) {
	k := ruleKey{narrow.Firewall, narrow.Index}
	if reported[k] {
		return
	}
	reported[k] = true
	l.addRule(lintShadowed, narrow, server, "%s is shadowed by %s%s: everything it admits is already admitted", ruleName(narrow), ruleName(wide), on)
}

// admitsSame reports whether two rules admit exactly the same packets.
func admitsSame(a, b Rule) bool {
	return a.Protocol == b.Protocol && a.Ports == b.Ports && a.Source == b.Source
}

// covers reports whether wide admits everything narrow admits.
func covers(wide, narrow Rule) bool {
	return wide.Protocol.Has(narrow.Protocol) && wide.Ports.Covers(narrow.Ports) &&
		wide.Source.Bits() <= narrow.Source.Bits() && wide.Source.Contains(narrow.Source.Addr())
}
