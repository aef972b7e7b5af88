package firewall

import (
	"encoding/json"
	"net/netip"
	"slices"

	"go4.org/netipx"
)

// ServerPolicy is what reaches one server: the union of its firewalls'
// rules, as `keyconv firewall show` prints it. Its JSON form is documented
// in the package doc.
type ServerPolicy struct {
	Server    string     `json:"server"`
	PublicIP  netip.Addr `json:"public_ip,omitzero"`
	PrivateIP netip.Addr `json:"private_ip,omitzero"`
	Firewalls []string   `json:"firewalls"`

	// InternalFirewall is the first attached firewall that allows the
	// internal network ("" when none does): what other servers send to
	// the private address is admitted; without it nothing is.
	InternalFirewall string `json:"internal_firewall,omitempty"`

	// Inbound lists what the rules admit at the public address: for each
	// protocol, port ranges in order, each with the smallest set of
	// prefixes that covers its sources. Neighbouring ranges with the same
	// sources are merged.
	Inbound []Admit `json:"inbound"`

	// SameAs names the first server, in file order, that carries the same
	// set of firewalls, when this one is not that first server and the set
	// admits something; its Inbound is then the same slice as that
	// server's. The JSON form
	// leaves inbound out for such a server, and show prints the lines
	// once per set, so that their size grows with servers plus rules, not
	// with their product.
	SameAs string `json:"same_as,omitempty"`
}

// MarshalJSON writes the policy as the package doc's schema says: without
// "inbound" when SameAs names the server whose inbound it is.
func (sp ServerPolicy) MarshalJSON() ([]byte, error) {
	type plain ServerPolicy // the same fields, without this method
	if sp.SameAs == "" {
		return json.Marshal(plain(sp))
	}
	return json.Marshal(struct {
		plain
		Inbound []Admit `json:"inbound,omitempty"` // hides plain's
	}{plain: plain(sp)})
}

// Admit is one line of a server's effective policy.
type Admit struct {
	Protocol Protocol       `json:"protocol"`
	Ports    PortRange      `json:"ports"`
	Sources  []netip.Prefix `json:"sources"`
}

// Effective returns every server's effective inbound policy, in file order.
// Servers that carry the same set of firewalls share one computed policy:
// their Firewalls and Inbound slices are the same slices, not copies, and
// all but the first have SameAs set.
func (c *Config) Effective() []ServerPolicy {
	idx := c.attachIndex()
	type shared struct {
		firewalls []string
		internal  string
		inbound   []Admit
	}
	sets := make([]*shared, len(idx.sets))
	out := make([]ServerPolicy, 0, len(c.Servers))
	for j := range c.Servers {
		s := &c.Servers[j]
		k := idx.setOf[j]
		if sets[k] == nil {
			set := idx.sets[k]
			sh := &shared{firewalls: set.names, inbound: []Admit{}}
			if sh.firewalls == nil {
				sh.firewalls = []string{}
			}
			for _, i := range set.firewalls {
				if c.Firewalls[i].AllowInternal {
					sh.internal = c.Firewalls[i].Name
					break
				}
			}
			for _, proto := range protocols {
				sh.inbound = appendAdmits(sh.inbound, proto, c.setRules(set.firewalls, proto))
			}
			sets[k] = sh
		}
		sh := sets[k]
		sp := ServerPolicy{
			Server: s.Name, PublicIP: s.PublicIP, PrivateIP: s.PrivateIP,
			Firewalls: sh.firewalls, InternalFirewall: sh.internal, Inbound: sh.inbound,
		}
		if first := idx.sets[k].servers[0]; first != j && len(sh.inbound) > 0 {
			sp.SameAs = c.Servers[first].Name
		}
		out = append(out, sp)
	}
	return out
}

func appendAdmits(out []Admit, proto Protocol, rules []RuleRef) []Admit {
	u := newUnioner(rules)
	portIntervals(rules, func(ports PortRange, covering []int) {
		if len(covering) == 0 {
			return
		}
		sources := u.union(covering)
		if n := len(out); n > 0 && out[n-1].Protocol == proto && out[n-1].Ports.To+1 == ports.From && slices.Equal(out[n-1].Sources, sources) {
			out[n-1].Ports.To = ports.To
			return
		}
		out = append(out, Admit{Protocol: proto, Ports: ports, Sources: sources})
	})
	return out
}

// unioner computes the union of some rules' sources as the smallest list
// of prefixes. A server's port intervals can number twice its rules, so the
// rules are ranked by address once; each union then sorts only the chosen
// rules by rank and merges them in one pass, rather than building a set
// from scratch or walking every rule.
type unioner struct {
	rules []RuleRef
	rank  []int        // each rule's place by family (IPv4 first), start, then wider first; -1 for no source
	last  []netip.Addr // each rule's last source address
	buf   []int
}

func newUnioner(rules []RuleRef) *unioner {
	u := &unioner{rules: rules, rank: make([]int, len(rules)), last: make([]netip.Addr, len(rules))}
	var order []int
	for i, r := range rules {
		u.rank[i] = -1
		if r.Rule.Source.IsValid() {
			order = append(order, i)
			u.last[i] = netipx.PrefixLastIP(r.Rule.Source)
		}
	}
	slices.SortStableFunc(order, func(a, b int) int {
		pa, pb := rules[a].Rule.Source, rules[b].Rule.Source
		if c := pa.Addr().Compare(pb.Addr()); c != 0 {
			return c
		}
		return pa.Bits() - pb.Bits()
	})
	for k, i := range order {
		u.rank[i] = k
	}
	return u
}

func (u *unioner) union(chosen []int) []netip.Prefix {
	u.buf = u.buf[:0]
	for _, i := range chosen {
		if u.rank[i] >= 0 {
			u.buf = append(u.buf, i)
		}
	}
	slices.SortFunc(u.buf, func(a, b int) int { return u.rank[a] - u.rank[b] })
	var out []netip.Prefix
	var lo, hi netip.Addr
	for _, i := range u.buf {
		first, last := u.rules[i].Rule.Source.Addr(), u.last[i]
		if lo.IsValid() && first.Is4() == lo.Is4() && (first.Compare(hi) <= 0 || first == hi.Next()) {
			if last.Compare(hi) > 0 {
				hi = last
			}
			continue
		}
		if lo.IsValid() {
			out = append(out, netipx.IPRangeFrom(lo, hi).Prefixes()...)
		}
		lo, hi = first, last
	}
	if lo.IsValid() {
		out = append(out, netipx.IPRangeFrom(lo, hi).Prefixes()...)
	}
	return out
}
