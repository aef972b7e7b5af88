package firewall

import (
	"fmt"
	"net/netip"
)

// Policy is a config compiled for fast checks. Servers that carry the same
// set of firewalls share one compiled form: for each protocol, the ports
// are cut into intervals on which the same rules apply, and each interval
// holds a longest-prefix-match table of their sources. A check is then two
// binary searches. A Policy is immutable and safe for concurrent use.
type Policy struct {
	servers map[string]*compiledServer

	// privateAddrs are the servers' private addresses: the sources "allow
	// internal network" admits wherever they are.
	privateAddrs map[netip.Addr]bool
}

// compiledServer is what a check needs of one server.
type compiledServer struct {
	name            string
	public, private netip.Addr
	set             *compiledSet
}

// compiledSet is one distinct set of attached firewalls, compiled.
type compiledSet struct {
	names            []string // the firewalls, in file order
	internalFirewall string   // the first that allows the internal network

	// rules are the set's rules for each protocol, in file order; tables,
	// when built, hold every port interval's cell. A set built for one
	// check has no tables: its one cell is built for the packet's port,
	// so that a single check costs time linear in the rules, whatever
	// the port ranges (nested ranges make the tables quadratic).
	rules  [len(protocols)][]RuleRef
	tables *[len(protocols)]portTable
}

// portTable is a set's rules for one protocol. Interval i covers ports
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
// with each distinct set of attached firewalls' rules times the distinct
// port ranges among them, once per set however many servers share it.
func (c *Config) Compile() *Policy {
	idx := c.attachIndex()
	p := &Policy{servers: make(map[string]*compiledServer, len(c.Servers)), privateAddrs: c.privateAddrs()}
	sets := make([]*compiledSet, len(idx.sets))
	for j := range c.Servers {
		k := idx.setOf[j]
		if sets[k] == nil {
			sets[k] = c.compileSet(idx.sets[k].firewalls, true)
		}
		p.add(&c.Servers[j], sets[k])
	}
	return p
}

// compile builds a Policy that holds only the named servers (an unknown
// or empty name is left out), without tables, for a one-off [Config.Check].
func (c *Config) compile(names ...string) *Policy {
	p := &Policy{servers: make(map[string]*compiledServer, len(names)), privateAddrs: c.privateAddrs()}
	for _, name := range names {
		if s := c.Server(name); s != nil && p.servers[name] == nil {
			p.add(s, c.compileSet(c.firewallIndexes(name), false))
		}
	}
	return p
}

func (c *Config) privateAddrs() map[netip.Addr]bool {
	m := make(map[netip.Addr]bool, len(c.Servers))
	for i := range c.Servers {
		if a := c.Servers[i].PrivateIP; a.IsValid() {
			m[a] = true
		}
	}
	return m
}

func (p *Policy) add(s *Server, set *compiledSet) {
	if p.servers[s.Name] == nil { // the first of a duplicated name, as in Config.Server
		p.servers[s.Name] = &compiledServer{name: s.Name, public: s.PublicIP, private: s.PrivateIP, set: set}
	}
}

func (c *Config) compileSet(firewalls []int, tables bool) *compiledSet {
	set := &compiledSet{}
	for _, i := range firewalls {
		fw := &c.Firewalls[i]
		set.names = append(set.names, fw.Name)
		if fw.AllowInternal && set.internalFirewall == "" {
			set.internalFirewall = fw.Name
		}
	}
	for k, proto := range protocols {
		set.rules[k] = c.setRules(firewalls, proto)
	}
	if tables {
		set.tables = new([len(protocols)]portTable)
		for k := range protocols {
			set.tables[k] = compileTable(set.rules[k])
		}
	}
	return set
}

func compileTable(rules []RuleRef) portTable {
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
			// nothing.
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

// Check answers whether pkt reaches its server, as [Config.Check] does,
// from the compiled tables. The verdict's Near and Firewalls slices are
// shared with the Policy and must not be modified.
func (p *Policy) Check(pkt Packet) (Verdict, error) {
	dst := p.servers[pkt.Server]
	if dst == nil {
		return Verdict{}, fmt.Errorf("firewall: no server is named %q", pkt.Server)
	}
	var src *compiledServer
	if pkt.SourceServer != "" {
		if src = p.servers[pkt.SourceServer]; src == nil {
			return Verdict{}, fmt.Errorf("firewall: no server is named %q", pkt.SourceServer)
		}
	}
	return check(pkt, dst, src, func(a netip.Addr) bool { return p.privateAddrs[a] })
}

// match finds the rules covering proto/port and, among them, the index of
// the one that admits from with the narrowest source, the first in file
// order on a tie (-1 when none admits).
func (s *compiledSet) match(proto Protocol, port uint16, from netip.Addr) (best int, covering []RuleRef) {
	k := 0
	if proto == UDP {
		k = 1
	}
	var c *cell
	if s.tables != nil {
		c = s.tables[k].find(port)
	} else {
		var idx []int
		for i := range s.rules[k] {
			if s.rules[k][i].Rule.Ports.Contains(port) {
				idx = append(idx, i)
			}
		}
		c = newCell(s.rules[k], idx)
	}
	if c == nil {
		return -1, nil
	}
	table := &c.v6
	if from.Is4() {
		table = &c.v4
	}
	return int(table.lookup(addrNum(from))), c.rules
}
