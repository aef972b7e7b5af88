package firewall

import (
	"fmt"
	"net/netip"
	"slices"
)

// Policy is a config compiled for fast checks: for every server and
// protocol, the ports are cut into intervals on which the same rules apply,
// and each interval holds a longest-prefix-match table of their sources. A
// check is then two binary searches. A Policy is immutable and safe for
// concurrent use.
type Policy struct {
	servers map[string]*compiledServer
}

type compiledServer struct {
	view  serverView
	proto [len(protocols)]portTable
}

// portTable is one server's rules for one protocol. Interval i covers ports
// starts[i] up to starts[i+1]-1 (the last up to 65535).
type portTable struct {
	starts []uint16
	cells  []*cell
}

// cell is the rules covering one port interval, in file order, and the
// tables that find the admitting one for an address.
type cell struct {
	rules  []RuleRef
	v4, v6 lpm
}

// Compile builds the fast form of c for [Policy.Check]. It takes a snapshot:
// later changes to c are not seen. Compiling costs time and memory that grow
// with each server's rules times the distinct port ranges among them; for a
// handful of checks [Config.Check] is cheaper.
func (c *Config) Compile() *Policy {
	p := &Policy{servers: make(map[string]*compiledServer, len(c.Servers))}
	for i := range c.Servers {
		cs := &compiledServer{view: c.serverView(&c.Servers[i])}
		// The view's firewall list must not alias the config's.
		cs.view.firewalls = slices.Clone(cs.view.firewalls)
		for k, proto := range protocols {
			cs.proto[k] = c.compileTable(cs.view.firewalls, proto)
		}
		p.servers[cs.view.name] = cs
	}
	return p
}

func (c *Config) compileTable(firewalls []string, proto Protocol) portTable {
	rules := c.serverRules(firewalls, proto)
	var t portTable
	portIntervals(rules, func(ports PortRange, covering []int) {
		t.starts = append(t.starts, ports.From)
		t.cells = append(t.cells, newCell(rules, covering))
	})
	return t
}

func newCell(rules []RuleRef, covering []int) *cell {
	if len(covering) == 0 {
		return nil
	}
	c := &cell{rules: make([]RuleRef, len(covering))}
	var v4, v6 []prefixSpan
	for k, i := range covering {
		c.rules[k] = rules[i]
		src := rules[i].Rule.Source
		switch {
		case !src.IsValid():
			// Only a config that skipped Validate has one; it admits
			// nothing, as in the scan.
		case src.Addr().Is4():
			v4 = append(v4, spanOf(src, int32(k)))
		default:
			v6 = append(v6, spanOf(src, int32(k)))
		}
	}
	c.v4, c.v6 = buildLPM(v4), buildLPM(v6)
	return c
}

// find returns the cell for port, or nil when no rule covers it.
func (t *portTable) find(port uint16) *cell {
	lo, hi := 0, len(t.starts)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if port < t.starts[m] {
			hi = m
		} else {
			lo = m + 1
		}
	}
	if lo == 0 {
		return nil
	}
	return t.cells[lo-1]
}

// Check answers as [Config.Check] does, from the compiled tables. The
// verdict's Near and Firewalls slices are shared with the Policy and must
// not be modified.
func (p *Policy) Check(pkt Packet) (Verdict, error) {
	dst := p.servers[pkt.Server]
	if dst == nil {
		return Verdict{}, fmt.Errorf("firewall: no server is named %q", pkt.Server)
	}
	var src *serverView
	if pkt.SourceServer != "" {
		s := p.servers[pkt.SourceServer]
		if s == nil {
			return Verdict{}, fmt.Errorf("firewall: no server is named %q", pkt.SourceServer)
		}
		src = &s.view
	}
	return decide(pkt, &dst.view, src, dst.match)
}

func (s *compiledServer) match(proto Protocol, port uint16, from netip.Addr) (int, []RuleRef) {
	t := &s.proto[0]
	if proto == UDP {
		t = &s.proto[1]
	}
	c := t.find(port)
	if c == nil {
		return -1, nil
	}
	table := &c.v6
	if from.Is4() {
		table = &c.v4
	}
	return int(table.lookup(addrNum(from))), c.rules
}
