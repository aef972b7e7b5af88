package firewall

import "slices"

// setRules lists, in file order, the rules for proto of the firewalls
// (indexes into c.Firewalls). Compile, Effective and Lint all work from this
// merged list: a server's policy is the union of its firewalls' rules.
func (c *Config) setRules(firewalls []int, proto Protocol) []RuleRef {
	var rules []RuleRef
	for _, k := range firewalls {
		fw := &c.Firewalls[k]
		for i, r := range fw.Inbound {
			if r.Protocol.Has(proto) {
				rules = append(rules, RuleRef{Firewall: fw.Name, Index: i, Rule: r})
			}
		}
	}
	return rules
}

// portIntervals cuts 1-65535 into the intervals on which the same rules
// apply and calls fn for each, in port order, with the indexes of the rules
// covering it in file order (nil for none; fn must not keep the slice).
// Neighbouring intervals with the same rules are one interval. It is one
// sweep over the rules' start and end points, so its cost grows with the
// rules plus what it hands to fn, not with their product.
func portIntervals(rules []RuleRef, fn func(ports PortRange, covering []int)) {
	type event struct {
		at    uint32 // the first port where the change applies
		rule  int
		start bool
	}
	events := make([]event, 0, 2*len(rules))
	for i, r := range rules {
		from, to := uint32(max(r.Rule.Ports.From, 1)), uint32(r.Rule.Ports.To)
		if from > to {
			continue // only in a config that skipped Validate: it covers no port
		}
		events = append(events, event{from, i, true}, event{to + 1, i, false})
	}
	slices.SortFunc(events, func(a, b event) int { return int(a.at) - int(b.at) })
	var active, current []int // sorted rule indexes
	start := uint32(1)
	for k := 0; k < len(events); {
		at := events[k].at
		for ; k < len(events) && events[k].at == at; k++ {
			e := events[k]
			pos, found := slices.BinarySearch(active, e.rule)
			switch {
			case e.start && !found:
				active = slices.Insert(active, pos, e.rule)
			case !e.start && found:
				active = slices.Delete(active, pos, pos+1)
			}
		}
		if at > 65535 || slices.Equal(active, current) {
			continue
		}
		if at > start {
			fn(PortRange{uint16(start), uint16(at - 1)}, current)
		}
		start = at
		current = nil
		if len(active) > 0 {
			current = slices.Clone(active)
		}
	}
	fn(PortRange{uint16(start), 65535}, current)
}
