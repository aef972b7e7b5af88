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
// covering it (nil for none). Neighbouring intervals with the same rules
// are one interval.
func portIntervals(rules []RuleRef, fn func(ports PortRange, covering []int)) {
	bounds := []uint32{1, 65536}
	for _, r := range rules {
		bounds = append(bounds, uint32(r.Rule.Ports.From), uint32(r.Rule.Ports.To)+1)
	}
	slices.Sort(bounds)
	bounds = slices.Compact(bounds)
	start := uint16(1)
	var current []int
	for k := 0; k+1 < len(bounds); k++ {
		port := uint16(bounds[k])
		var covering []int
		for i := range rules {
			if rules[i].Rule.Ports.Contains(port) {
				covering = append(covering, i)
			}
		}
		if k > 0 && !slices.Equal(covering, current) {
			fn(PortRange{start, port - 1}, current)
			start = port
		}
		current = covering
	}
	fn(PortRange{start, 65535}, current)
}
