package firewall

import (
	"math/rand/v2"
	"net/netip"
	"testing"
)

// benchConfig is the benchmark's account: 10 firewalls of 100 rules each
// (1,000 rules), all attached to server "big", and 10 more servers with
// three firewalls each. Rules mix catalog services, single ports and
// ranges, and sources from /8 to /32 in both families.
func benchConfig() *Config {
	rng := rand.New(rand.NewPCG(7, 7))
	cfg := &Config{File: "bench.yaml"}
	ports := []uint16{22, 80, 443, 3306, 5432, 6379, 8080, 8443, 9000, 27017}
	for f := 0; f < 10; f++ {
		fw := Firewall{Name: "fw" + string(rune('0'+f)), Servers: []string{"big"}}
		for r := 0; r < 100; r++ {
			rule := Rule{Protocol: TCP, Ports: PortRange{ports[rng.IntN(len(ports))], 0}}
			rule.Ports.To = rule.Ports.From
			switch rng.IntN(10) {
			case 0:
				rule.Protocol = UDP
			case 1:
				rule.Ports = PortRange{uint16(10000 + rng.IntN(50000)), 0}
				rule.Ports.To = rule.Ports.From + uint16(rng.IntN(1000))
			}
			if rng.IntN(8) == 0 {
				a := netip.AddrFrom16([16]byte{0x20, 0x01, 0x0d, 0xb8, 4: byte(rng.IntN(256)), 15: byte(rng.IntN(256))})
				rule.Source = netip.PrefixFrom(a, 32+rng.IntN(97)).Masked()
			} else {
				a := netip.AddrFrom4([4]byte{byte(1 + rng.IntN(223)), byte(rng.IntN(256)), byte(rng.IntN(256)), byte(rng.IntN(256))})
				rule.Source = netip.PrefixFrom(a, 8+rng.IntN(25)).Masked()
			}
			fw.Inbound = append(fw.Inbound, rule)
		}
		cfg.Firewalls = append(cfg.Firewalls, fw)
	}
	cfg.Servers = append(cfg.Servers, Server{Name: "big", PublicIP: netip.MustParseAddr("203.0.113.1"), PrivateIP: netip.MustParseAddr("10.0.0.1")})
	for s := 0; s < 10; s++ {
		name := "s" + string(rune('0'+s))
		cfg.Servers = append(cfg.Servers, Server{
			Name: name, PublicIP: netip.AddrFrom4([4]byte{203, 0, 113, byte(10 + s)}), PrivateIP: netip.AddrFrom4([4]byte{10, 0, 0, byte(10 + s)}),
			Firewalls: []string{cfg.Firewalls[s].Name, cfg.Firewalls[(s+1)%10].Name, cfg.Firewalls[(s+2)%10].Name},
		})
	}
	if err := cfg.Validate(); err != nil {
		panic(err)
	}
	return cfg
}

// benchPackets draws packets to "big": half from a rule's own source (most
// are admitted), half from random addresses (most are denied).
func benchPackets(cfg *Config, n int) []Packet {
	rng := rand.New(rand.NewPCG(8, 8))
	var rules []Rule
	for _, fw := range cfg.Firewalls {
		rules = append(rules, fw.Inbound...)
	}
	pkts := make([]Packet, n)
	for i := range pkts {
		r := rules[rng.IntN(len(rules))]
		p := Packet{Server: "big", Protocol: r.Protocol, Port: r.Ports.From, Source: r.Source.Addr()}
		if i%2 == 1 {
			p.Source = netip.AddrFrom4([4]byte{byte(1 + rng.IntN(223)), byte(rng.IntN(256)), byte(rng.IntN(256)), byte(rng.IntN(256))})
		}
		pkts[i] = p
	}
	return pkts
}

// BenchmarkPolicyCheck: the compiled fast path, checks per second on one
// core over 1,000 rules in 10 firewalls (target: 1,000,000/s).
func BenchmarkPolicyCheck(b *testing.B) {
	cfg := benchConfig()
	policy := cfg.Compile()
	pkts := benchPackets(cfg, 4096)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, err := policy.Check(pkts[i&4095]); err != nil {
			b.Fatal(err)
		}
		i++
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "checks/s")
}

// BenchmarkConfigCheck: the same checks one at a time, each compiling what
// its server needs (what the CLI does for its one check).
func BenchmarkConfigCheck(b *testing.B) {
	cfg := benchConfig()
	pkts := benchPackets(cfg, 4096)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, err := cfg.Check(pkts[i&4095]); err != nil {
			b.Fatal(err)
		}
		i++
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "checks/s")
}

// BenchmarkCompile: the one-off cost of the fast path for the same config.
func BenchmarkCompile(b *testing.B) {
	cfg := benchConfig()
	for b.Loop() {
		cfg.Compile()
	}
}

// BenchmarkLint: every lint rule over 1,000 rules (target: under 100 ms).
func BenchmarkLint(b *testing.B) {
	cfg := benchConfig()
	for b.Loop() {
		cfg.Lint()
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/lint")
}

// BenchmarkConfigCheckNestedRanges: one check against 10,000 nested port
// ranges, the shape that makes compiled tables quadratic; a one-off check
// builds only its port's cell, so it stays linear in the rules.
func BenchmarkConfigCheckNestedRanges(b *testing.B) {
	cfg := &Config{Servers: []Server{{Name: "s", PublicIP: netip.MustParseAddr("192.0.2.1")}}}
	fw := Firewall{Name: "fw", Servers: []string{"s"}}
	for i := 0; i < MaxRules; i++ {
		fw.Inbound = append(fw.Inbound, Rule{Protocol: TCP, Ports: PortRange{uint16(1 + i), uint16(65535 - i)},
			Source: netip.PrefixFrom(netip.AddrFrom4([4]byte{198, 51, byte(i >> 8), byte(i)}), 32)})
	}
	cfg.Firewalls = []Firewall{fw}
	pkt := Packet{Server: "s", Source: netip.MustParseAddr("203.0.113.9"), Protocol: TCP, Port: 30000}
	for b.Loop() {
		if _, err := cfg.Check(pkt); err != nil {
			b.Fatal(err)
		}
	}
}
