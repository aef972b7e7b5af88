package firewall

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

// comparePair compares every rule of fa with every later rule (same
// firewall) or every rule of fb. A rule is reported once, on the copy that
// comes later for duplicates, on the narrower rule for shadowing.
func (l *linter) comparePair(fa, fb *Firewall, same bool, server string, reported map[ruleKey]bool) {
	on := ""
	if !same {
		on = " on server \"" + server + "\""
	}
	for i := range fa.Inbound {
		start := 0
		if same {
			start = i + 1
		}
		ra := &fa.Inbound[i]
		for j := start; j < len(fb.Inbound); j++ {
			rb := &fb.Inbound[j]
			if ra.Protocol&rb.Protocol == 0 || ra.Ports.To < rb.Ports.From || rb.Ports.To < ra.Ports.From || !ra.Source.Overlaps(rb.Source) {
				continue // the common case, decided before building any reference
			}
			a := RuleRef{Firewall: fa.Name, Index: i, Rule: *ra}
			b := RuleRef{Firewall: fb.Name, Index: j, Rule: *rb}
			switch {
			case admitsSame(*ra, *rb):
				if !reported[ruleKey{b.Firewall, b.Index}] {
					reported[ruleKey{b.Firewall, b.Index}] = true
					l.addRule(lintDuplicate, b, server, "%s duplicates %s%s", ruleName(b), ruleName(a), on)
				}
			case covers(*ra, *rb):
				l.reportShadow(b, a, server, on, reported)
			case covers(*rb, *ra):
				l.reportShadow(a, b, server, on, reported)
			}
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
