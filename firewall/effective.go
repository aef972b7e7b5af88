package firewall

import (
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
	// internal network ("" when none does): everything arriving at the
	// private address is admitted.
	InternalFirewall string `json:"internal_firewall,omitempty"`

	// Inbound lists what the rules admit on either address: for each
	// protocol, port ranges in order, each with the smallest set of
	// prefixes that covers its sources. Neighbouring ranges with the same
	// sources are merged.
	Inbound []Admit `json:"inbound"`
}

// Admit is one line of a server's effective policy.
type Admit struct {
	Protocol Protocol       `json:"protocol"`
	Ports    PortRange      `json:"ports"`
	Sources  []netip.Prefix `json:"sources"`
}

// Effective returns every server's effective inbound policy, in file order.
func (c *Config) Effective() []ServerPolicy {
	out := make([]ServerPolicy, 0, len(c.Servers))
	for i := range c.Servers {
		s := &c.Servers[i]
		view := c.serverView(s)
		sp := ServerPolicy{
			Server: s.Name, PublicIP: s.PublicIP, PrivateIP: s.PrivateIP,
			Firewalls: view.firewalls, InternalFirewall: view.internalFirewall,
			Inbound: []Admit{},
		}
		if sp.Firewalls == nil {
			sp.Firewalls = []string{}
		}
		for _, proto := range protocols {
			sp.Inbound = appendAdmits(sp.Inbound, proto, c.serverRules(view.firewalls, proto))
		}
		out = append(out, sp)
	}
	return out
}

func appendAdmits(out []Admit, proto Protocol, rules []RuleRef) []Admit {
	portIntervals(rules, func(ports PortRange, covering []int) {
		if len(covering) == 0 {
			return
		}
		sources := sourceSet(rules, covering).Prefixes()
		if n := len(out); n > 0 && out[n-1].Protocol == proto && out[n-1].Ports.To+1 == ports.From && slices.Equal(out[n-1].Sources, sources) {
			out[n-1].Ports.To = ports.To
			return
		}
		out = append(out, Admit{Protocol: proto, Ports: ports, Sources: sources})
	})
	return out
}

// sourceSet is the union of the chosen rules' sources.
func sourceSet(rules []RuleRef, chosen []int) *netipx.IPSet {
	var b netipx.IPSetBuilder
	for _, i := range chosen {
		b.AddPrefix(rules[i].Rule.Source)
	}
	set, _ := b.IPSet() // only fails for invalid prefixes, which validation rules out
	return set
}
