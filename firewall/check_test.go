package firewall

import (
	"math/rand/v2"
	"net/netip"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// checkBoth runs a packet through Config.Check and a compiled Policy, which
// must agree exactly.
func checkBoth(t *testing.T, cfg *Config, pkt Packet) (Verdict, error) {
	t.Helper()
	scanned, err1 := cfg.Check(pkt)
	compiled, err2 := cfg.Compile().Check(pkt)
	require.Equal(t, err1, err2, "Config.Check and Policy.Check disagree on the error")
	require.Equal(t, scanned, compiled, "Config.Check and Policy.Check disagree")
	return scanned, err1
}

func addr(s string) netip.Addr { return netip.MustParseAddr(s) }

func TestCheck(t *testing.T) {
	cfg, err := Load("../testdata/firewall/multi.yaml")
	require.NoError(t, err)
	ssh := func(server, from string) Packet {
		return Packet{Server: server, Source: addr(from), Protocol: TCP, Port: 22}
	}
	tests := []struct {
		name     string
		pkt      Packet
		reason   Reason
		firewall string // admitting rule's or internal firewall
		index    int    // admitting rule's index
		near     int    // rules for the port that do not admit
		fix      string // fix.Firewall, "" for a new firewall
		fixRule  string // "" when the fix is the internal-network switch
	}{
		{name: "office ssh", pkt: ssh("web1", "203.0.113.7"), reason: ReasonRule, firewall: "web", index: 0},
		{name: "vpn ssh via the server-side attachment", pkt: ssh("web1", "198.51.100.9"), reason: ReasonRule, firewall: "ops", index: 0},
		{name: "mapped source is read as IPv4", pkt: ssh("web1", "::ffff:203.0.113.7"), reason: ReasonRule, firewall: "web", index: 0},
		{name: "IPv6 source, IPv4-only server", pkt: Packet{Server: "web1", Source: addr("2001:db8::1"), Protocol: TCP, Port: 443}, reason: ReasonFamilyMismatch},
		{name: "port range", pkt: Packet{Server: "web1", Source: addr("198.51.100.1"), Protocol: TCP, Port: 9105}, reason: ReasonRule, firewall: "ops", index: 1},
		{name: "ssh from elsewhere", pkt: ssh("web1", "192.0.2.1"), reason: ReasonSourceNotAllowed, near: 2,
			fix: "web", fixRule: "SSH tcp/22 from 192.0.2.1/32"},
		{name: "no rule for the port", pkt: Packet{Server: "web1", Source: addr("192.0.2.1"), Protocol: TCP, Port: 3306}, reason: ReasonNoRuleForPort,
			fix: "web", fixRule: "MySQL tcp/3306 from 192.0.2.1/32"},
		{name: "no rule for udp", pkt: Packet{Server: "web1", Source: addr("198.51.100.1"), Protocol: UDP, Port: 9105}, reason: ReasonNoRuleForPort,
			fix: "web", fixRule: "udp/9105 from 198.51.100.1/32"},
		{name: "no firewall", pkt: ssh("new1", "203.0.113.7"), reason: ReasonNoFirewall, fix: "", fixRule: "SSH tcp/22 from 203.0.113.7/32"},
		{name: "internal network allowed", pkt: Packet{Server: "web1", SourceServer: "db1", Protocol: TCP, Port: 8080}, reason: ReasonInternal, firewall: "ops"},
		{name: "a rule from the server's private address admits nothing over the private network", pkt: Packet{Server: "db1", SourceServer: "web1", Protocol: TCP, Port: 5432},
			reason: ReasonInternalOff, fix: "db"},
		{name: "internal path, switched off", pkt: Packet{Server: "db1", Source: addr("10.0.0.9"), Protocol: TCP, Port: 5432, To: NetworkPrivate}, reason: ReasonInternalOff, fix: "db"},
		{name: "the switch admits no internet address", pkt: Packet{Server: "web1", Source: addr("8.8.8.8"), Protocol: TCP, Port: 22, To: NetworkPrivate}, reason: ReasonNotPrivateSource},
		{name: "the switch admits no other private range", pkt: Packet{Server: "web1", Source: addr("192.168.1.9"), Protocol: TCP, Port: 22, To: NetworkPrivate}, reason: ReasonNotPrivateSource},
		{name: "the switch admits the server's private range", pkt: Packet{Server: "web1", Source: addr("10.9.9.9"), Protocol: TCP, Port: 22, To: NetworkPrivate}, reason: ReasonInternal, firewall: "ops"},
		{name: "server source over the public path", pkt: Packet{Server: "db1", SourceServer: "web1", Protocol: TCP, Port: 5432, To: NetworkPublic}, reason: ReasonSourceNotAllowed, near: 1,
			fix: "db", fixRule: "PostgreSQL tcp/5432 from 203.0.113.50/32"},
		{name: "no private address", pkt: Packet{Server: "new1", Source: addr("10.0.0.5"), Protocol: TCP, Port: 22, To: NetworkPrivate}, reason: ReasonNoAddress},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := checkBoth(t, cfg, tt.pkt)
			require.NoError(t, err)
			assert.Equal(t, tt.reason, v.Reason, v.String())
			assert.Equal(t, tt.reason == ReasonRule || tt.reason == ReasonInternal, v.Allowed)
			assert.Equal(t, tt.firewall, v.Firewall)
			if tt.reason == ReasonRule {
				assert.Equal(t, tt.index, v.Rule.Index)
				assert.Equal(t, cfg.Firewall(tt.firewall).Inbound[tt.index], v.Rule.Rule)
				assert.True(t, v.Rule.Rule.Source.Contains(v.Packet.Source))
			}
			assert.Len(t, v.Near, tt.near)
			if v.Allowed || tt.reason == ReasonNoAddress || tt.reason == ReasonNotPrivateSource || tt.reason == ReasonFamilyMismatch {
				assert.True(t, v.Fix.IsZero(), "%+v", v.Fix)
				return
			}
			assert.Equal(t, tt.fix, v.Fix.Firewall)
			assert.Equal(t, tt.fixRule == "", v.Fix.AllowInternal, "the fix over the private network is the switch, never a rule")
			if tt.fixRule != "" {
				assert.Equal(t, tt.fixRule, v.Fix.Rule.String())
			}
			// The fix must work: add it and check again.
			fixed := *cfg
			fixed.Firewalls = append([]Firewall(nil), cfg.Firewalls...)
			switch {
			case tt.fix == "":
				fixed.Firewalls = append(fixed.Firewalls, Firewall{Name: "fix", Inbound: []Rule{v.Fix.Rule}, AllowInternal: v.Fix.AllowInternal, Servers: []string{tt.pkt.Server}})
			case v.Fix.AllowInternal:
				for i := range fixed.Firewalls {
					if fixed.Firewalls[i].Name == tt.fix {
						fixed.Firewalls[i].AllowInternal = true
					}
				}
			default:
				for i := range fixed.Firewalls {
					if fixed.Firewalls[i].Name == tt.fix {
						fixed.Firewalls[i].Inbound = append(append([]Rule(nil), fixed.Firewalls[i].Inbound...), v.Fix.Rule)
					}
				}
			}
			require.NoError(t, fixed.Validate())
			again, err := checkBoth(t, &fixed, tt.pkt)
			require.NoError(t, err)
			assert.True(t, again.Allowed, again.String())
		})
	}
}

// A rule whose source covers private addresses (10.0.0.0/8, 0.0.0.0/0,
// 0.0.0.0/1) does not admit server-to-server traffic over the private
// network; it does on the public path.
func TestCheckRulesDoNotAdmitPrivateTraffic(t *testing.T) {
	for _, source := range []string{"10.0.0.0/8", "0.0.0.0/0", "0.0.0.0/1", "10.0.0.5"} {
		cfg := parseYAML(t, `
firewalls:
  - name: db
    inbound:
      - {service: PostgreSQL, source: `+source+`}
servers:
  - {name: app, public_ip: 198.51.100.5, private_ip: 10.0.0.5}
  - {name: db1, public_ip: 198.51.100.6, private_ip: 10.0.0.6, firewalls: [db]}
`)
		v, err := checkBoth(t, cfg, Packet{Server: "db1", SourceServer: "app", Protocol: TCP, Port: 5432})
		require.NoError(t, err)
		assert.False(t, v.Allowed, "%s: %s", source, v)
		assert.Equal(t, ReasonInternalOff, v.Reason, source)
		assert.Equal(t, Fix{Firewall: "db", AllowInternal: true}, v.Fix, source)
		assert.Empty(t, v.Near, source)
	}
}

// The switch admits the private address of any server of the file, even
// one numbered from another private range.
func TestCheckInternalAdmitsServersOfTheFile(t *testing.T) {
	cfg := parseYAML(t, `
firewalls:
  - {name: inside, allow_internal: true}
servers:
  - {name: app, private_ip: 192.168.0.5}
  - {name: db1, private_ip: 10.0.0.6, firewalls: [inside]}
`)
	v, err := checkBoth(t, cfg, Packet{Server: "db1", SourceServer: "app", Protocol: TCP, Port: 5432})
	require.NoError(t, err)
	assert.Equal(t, ReasonInternal, v.Reason, v.String())
	v, err = checkBoth(t, cfg, Packet{Server: "db1", Source: addr("192.168.0.9"), Protocol: TCP, Port: 5432, To: NetworkPrivate})
	require.NoError(t, err)
	assert.Equal(t, ReasonNotPrivateSource, v.Reason, v.String())
}

// A source of the other family than the server's address is denied on both
// paths, however wide the rules.
func TestCheckFamilyMismatch(t *testing.T) {
	cfg := parseYAML(t, `
firewalls:
  - name: all
    allow_internal: true
    inbound:
      - {service: HTTPS, source: 0.0.0.0/0}
      - {service: HTTPS, source: "::/0"}
servers:
  - {name: v4, public_ip: 198.51.100.5, private_ip: 10.0.0.5, firewalls: [all]}
  - {name: v6, public_ip: "2001:db8::5", private_ip: "fd00::5", firewalls: [all]}
`)
	for _, tt := range []struct {
		server, from string
		to           Network
		want         Reason
	}{
		{"v4", "2001:db8::7", NetworkPublic, ReasonFamilyMismatch},
		{"v6", "198.51.100.7", NetworkPublic, ReasonFamilyMismatch},
		{"v4", "fd00::9", NetworkPrivate, ReasonFamilyMismatch},
		{"v6", "2001:db8::7", NetworkPublic, ReasonRule},
		{"v4", "198.51.100.7", NetworkPublic, ReasonRule},
		{"v6", "fd00::9", NetworkPrivate, ReasonInternal},
	} {
		v, err := checkBoth(t, cfg, Packet{Server: tt.server, Source: addr(tt.from), Protocol: TCP, Port: 443, To: tt.to})
		require.NoError(t, err)
		assert.Equal(t, tt.want, v.Reason, v.String())
		if tt.want == ReasonFamilyMismatch {
			assert.Contains(t, v.Why(), "other family")
			assert.True(t, v.Fix.IsZero())
		}
	}
}

// Of several admitting rules, the evidence is the one with the narrowest
// source, then the first in file order.
func TestCheckEvidenceIsMostSpecific(t *testing.T) {
	cfg := parseYAML(t, `
firewalls:
  - name: a
    inbound:
      - {service: SSH, source: 0.0.0.0/0}
      - {protocol: tcp, ports: 1-1024, source: 203.0.113.0/24}
      - {protocol: tcp, ports: 20-30, source: 203.0.113.0/24}
  - name: b
    inbound:
      - {service: SSH, source: 203.0.113.0/25}
servers:
  - {name: s, public_ip: 192.0.2.10, firewalls: [a, b]}
`)
	for _, tt := range []struct {
		from, firewall string
		index          int
	}{
		{"203.0.113.5", "b", 0},
		{"203.0.113.200", "a", 1},
		{"8.8.8.8", "a", 0},
	} {
		v, err := checkBoth(t, cfg, Packet{Server: "s", Source: addr(tt.from), Protocol: TCP, Port: 22})
		require.NoError(t, err)
		assert.Equal(t, tt.firewall, v.Rule.Firewall, tt.from)
		assert.Equal(t, tt.index, v.Rule.Index, tt.from)
	}
}

func TestCheckErrors(t *testing.T) {
	cfg, err := Load("../testdata/firewall/multi.yaml")
	require.NoError(t, err)
	for _, tt := range []struct {
		pkt  Packet
		want string
	}{
		{Packet{Server: "nope", Source: addr("192.0.2.1"), Protocol: TCP, Port: 22}, `no server is named "nope"`},
		{Packet{Server: "web1", SourceServer: "nope", Protocol: TCP, Port: 22}, `no server is named "nope"`},
		{Packet{Server: "web1", Protocol: TCP, Port: 22}, `no source`},
		{Packet{Server: "web1", Source: addr("192.0.2.1"), SourceServer: "db1", Protocol: TCP, Port: 22}, `not both`},
		{Packet{Server: "web1", Source: addr("192.0.2.1"), Protocol: TCP | UDP, Port: 22}, `not tcp or udp`},
		{Packet{Server: "web1", Source: addr("192.0.2.1"), Protocol: TCP}, `port 0`},
		{Packet{Server: "web1", Source: addr("fe80::1%eth0"), Protocol: TCP, Port: 22}, `zone`},
		{Packet{Server: "db1", SourceServer: "new1", Protocol: TCP, Port: 22}, `server "new1" has no private address`},
	} {
		_, err := checkBoth(t, cfg, tt.pkt)
		assert.ErrorContains(t, err, tt.want)
	}
}

// The compiled tables, and the one cell a one-off check builds, must find
// exactly the rules a plain scan finds, on configs with nested and
// overlapping sources and port ranges.
func TestCompiledMatchesScan(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for round := 0; round < 30; round++ {
		cfg := randomConfig(rng, 1+rng.IntN(4), 1+rng.IntN(40), 3)
		require.NoError(t, cfg.Validate())
		policy := cfg.Compile()
		for i := 0; i < 300; i++ {
			pkt := randomPacket(rng, cfg)
			if !pkt.Source.IsValid() {
				continue
			}
			wantBest, wantCovering := scanMatch(cfg, pkt.Server, pkt.Protocol, pkt.Port, pkt.Source)
			for _, set := range []*compiledSet{policy.servers[pkt.Server].set, cfg.compile(pkt.Server).servers[pkt.Server].set} {
				gotBest, gotCovering := set.match(pkt.Protocol, pkt.Port, pkt.Source)
				require.Equal(t, wantBest, gotBest, "round %d packet %+v", round, pkt)
				require.Equal(t, wantCovering, gotCovering, "round %d packet %+v", round, pkt)
			}
		}
	}
}

// scanMatch is the reference for the compiled tables: every rule of the
// server's firewalls in file order, and of those that admit from, the one
// with the narrowest source, the first on a tie.
func scanMatch(cfg *Config, server string, proto Protocol, port uint16, from netip.Addr) (best int, covering []RuleRef) {
	best = -1
	for _, name := range cfg.FirewallsOf(server) {
		fw := cfg.Firewall(name)
		for i, r := range fw.Inbound {
			if !r.Protocol.Has(proto) || !r.Ports.Contains(port) {
				continue
			}
			covering = append(covering, RuleRef{Firewall: fw.Name, Index: i, Rule: r})
			if r.Source.Contains(from) && (best < 0 || r.Source.Bits() > covering[best].Rule.Source.Bits()) {
				best = len(covering) - 1
			}
		}
	}
	return best, covering
}

// randomConfig builds firewalls with rules drawn from a small pool of ports
// and nested prefixes, so that rules overlap often, attached to servers at
// random.
func randomConfig(rng *rand.Rand, firewalls, rulesPer, servers int) *Config {
	cfg := &Config{}
	for s := 0; s < servers; s++ {
		cfg.Servers = append(cfg.Servers, Server{
			Name:      "s" + string(rune('a'+s)),
			PublicIP:  netip.AddrFrom4([4]byte{203, 0, 113, byte(s)}),
			PrivateIP: netip.AddrFrom4([4]byte{10, 0, 0, byte(s)}),
		})
	}
	for f := 0; f < firewalls; f++ {
		fw := Firewall{Name: "f" + string(rune('a'+f)), AllowInternal: rng.IntN(4) == 0}
		for r := 0; r < rulesPer; r++ {
			fw.Inbound = append(fw.Inbound, randomRule(rng))
		}
		for s := range cfg.Servers {
			if rng.IntN(2) == 0 {
				fw.Servers = append(fw.Servers, cfg.Servers[s].Name)
			}
		}
		cfg.Firewalls = append(cfg.Firewalls, fw)
	}
	return cfg
}

var testPorts = []uint16{1, 21, 22, 53, 80, 443, 1000, 3306, 8080, 65535}

func randomRule(rng *rand.Rand) Rule {
	r := Rule{Protocol: TCP}
	if rng.IntN(4) == 0 {
		r.Protocol = UDP
	}
	from := testPorts[rng.IntN(len(testPorts))]
	to := from
	if rng.IntN(3) == 0 {
		to = testPorts[rng.IntN(len(testPorts))]
		if to < from {
			from, to = to, from
		}
	}
	r.Ports = PortRange{from, to}
	var a netip.Addr
	if rng.IntN(5) == 0 {
		a = netip.AddrFrom16([16]byte{0x20, 0x01, 0x0d, 0xb8, 15: byte(rng.IntN(4))})
	} else {
		a = netip.AddrFrom4([4]byte{byte(rng.IntN(2) * 128), 0, byte(rng.IntN(3)), byte(rng.IntN(4))})
	}
	bits := rng.IntN(a.BitLen() + 1)
	r.Source = netip.PrefixFrom(a, bits).Masked()
	return r
}

func randomPacket(rng *rand.Rand, cfg *Config) Packet {
	pkt := Packet{Server: cfg.Servers[rng.IntN(len(cfg.Servers))].Name, Protocol: TCP}
	if rng.IntN(4) == 0 {
		pkt.Protocol = UDP
	}
	pkt.Port = testPorts[rng.IntN(len(testPorts))] + uint16(rng.IntN(2))
	if pkt.Port == 0 {
		pkt.Port = 1
	}
	switch rng.IntN(6) {
	case 0:
		pkt.SourceServer = cfg.Servers[rng.IntN(len(cfg.Servers))].Name
	case 1:
		pkt.Source = netip.AddrFrom16([16]byte{0x20, 0x01, 0x0d, 0xb8, 15: byte(rng.IntN(8))})
	default:
		pkt.Source = netip.AddrFrom4([4]byte{byte(rng.IntN(256)), 0, byte(rng.IntN(4)), byte(rng.IntN(8))})
	}
	pkt.To = Network(rng.IntN(3))
	return pkt
}

func TestLPM(t *testing.T) {
	p := func(s string) netip.Prefix { return netip.MustParsePrefix(s) }
	rules := []netip.Prefix{p("10.0.0.0/8"), p("10.1.0.0/16"), p("10.1.2.0/24"), p("10.1.2.0/24"), p("0.0.0.0/0"), p("255.255.255.255/32"), p("10.255.255.0/24")}
	var spans []prefixSpan
	for i, r := range rules {
		spans = append(spans, spanOf(r, int32(i)))
	}
	table := buildLPM(spans)
	for _, tt := range []struct {
		addr string
		want int32
	}{
		{"9.255.255.255", 4}, {"10.0.0.0", 0}, {"10.1.0.0", 1}, {"10.1.2.3", 2}, {"10.1.3.0", 1},
		{"10.2.0.0", 0}, {"10.255.255.1", 6}, {"11.0.0.0", 4}, {"255.255.255.254", 4}, {"255.255.255.255", 5}, {"0.0.0.0", 4},
	} {
		assert.Equal(t, tt.want, table.lookup(addrNum(addr(tt.addr))), tt.addr)
	}
	empty := buildLPM(nil)
	assert.Equal(t, int32(-1), empty.lookup(addrNum(addr("10.0.0.1"))))
	v6 := buildLPM([]prefixSpan{spanOf(p("::/0"), 0), spanOf(p("2001:db8::/32"), 1), spanOf(p("ffff:ffff:ffff:ffff:ffff:ffff:ffff:fff0/124"), 2)})
	assert.Equal(t, int32(0), v6.lookup(addrNum(addr("::1"))))
	assert.Equal(t, int32(1), v6.lookup(addrNum(addr("2001:db8:ffff::1"))))
	assert.Equal(t, int32(0), v6.lookup(addrNum(addr("2001:db9::"))))
	assert.Equal(t, int32(2), v6.lookup(addrNum(addr("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"))))
}

// A config that skipped Validate must not crash Compile or Check; a rule
// without a source admits nothing on either path.
func TestCheckUnvalidatedConfig(t *testing.T) {
	cfg := &Config{
		Firewalls: []Firewall{{Name: "fw", Servers: []string{"s"}, Inbound: []Rule{
			{Protocol: TCP, Ports: PortRange{22, 22}},
			{Protocol: TCP, Ports: PortRange{30, 20}, Source: netip.MustParsePrefix("0.0.0.0/0")},
		}}},
		Servers: []Server{{Name: "s", PublicIP: addr("192.0.2.1")}},
	}
	require.Error(t, cfg.Validate())
	v, err := checkBoth(t, cfg, Packet{Server: "s", Source: addr("192.0.2.9"), Protocol: TCP, Port: 22})
	require.NoError(t, err)
	assert.False(t, v.Allowed)
	assert.Equal(t, ReasonSourceNotAllowed, v.Reason)
	for _, port := range []uint16{25, 40} {
		v, err = checkBoth(t, cfg, Packet{Server: "s", Source: addr("192.0.2.9"), Protocol: TCP, Port: port})
		require.NoError(t, err)
		assert.Equal(t, ReasonNoRuleForPort, v.Reason, "a backwards range covers no port")
	}
}
