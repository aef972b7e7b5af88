package firewall

import (
	"fmt"
	"math/rand/v2"
	"net/netip"
	"strings"
	"testing"
)

// scaleFile writes the account of issue 9's size benchmark as a file:
// servers servers, each attached (from its own side) to the same ten
// firewalls, which share rules rules between them; with oneFirewall, all
// the rules are in the first firewall. bench/firewall/run.sh writes the
// same shape for the CLI.
func scaleFile(servers, rules int, oneFirewall bool) []byte {
	rng := rand.New(rand.NewPCG(uint64(servers), uint64(rules)))
	var b strings.Builder
	const firewalls = 10
	b.WriteString("firewalls:\n")
	for f := 0; f < firewalls; f++ {
		fmt.Fprintf(&b, "  - name: f%d\n    inbound:\n", f)
		n := rules / firewalls
		if oneFirewall {
			n = 0
			if f == 0 {
				n = rules
			}
		}
		if f == 0 {
			b.WriteString("      - {service: SSH, source: 203.0.113.7}\n")
			n--
		}
		for r := 0; r < n; r++ {
			b.WriteString("      - {" + scaleRule(rng) + "}\n")
		}
	}
	b.WriteString("servers:\n")
	names := make([]string, firewalls)
	for f := range names {
		names[f] = fmt.Sprintf("f%d", f)
	}
	attach := strings.Join(names, ",")
	for s := 0; s < servers; s++ {
		fmt.Fprintf(&b, "- {name: s%d, public_ip: 11.%d.%d.%d, private_ip: 10.%d.%d.%d, firewalls: [%s]}\n",
			s, s>>16, s>>8&255, s&255, s>>16, s>>8&255, s&255, attach)
	}
	return []byte(b.String())
}

// scaleRule is a rule as accounts write them: mostly one port, some
// ranges, sources from /8 to /32.
func scaleRule(rng *rand.Rand) string {
	proto := "tcp"
	if rng.IntN(8) == 0 {
		proto = "udp"
	}
	port := fmt.Sprint(1024 + rng.IntN(60000))
	if rng.IntN(10) == 0 {
		from := 1024 + rng.IntN(60000)
		port = fmt.Sprintf("%d-%d", from, from+rng.IntN(200))
	}
	a := netip.AddrFrom4([4]byte{byte(1 + rng.IntN(223)), byte(rng.IntN(256)), byte(rng.IntN(256)), byte(rng.IntN(256))})
	src := netip.PrefixFrom(a, 8+rng.IntN(25)).Masked()
	return fmt.Sprintf("protocol: %s, ports: %s, source: %s", proto, port, src)
}

// BenchmarkScale: lint and show (Effective) on accounts from 1,000 to
// 30,000 servers and 100 to 10,000 rules (target: under 1 s for 1,000
// servers x 10,000 rules, growth no worse than linear). The file is parsed
// once, outside the timing; bench/firewall/run.sh times the whole command.
func BenchmarkScale(b *testing.B) {
	for _, size := range []struct {
		servers, rules int
		one            bool
	}{
		{1000, 100, false}, {1000, 1000, false}, {1000, 10000, false}, {1000, 10000, true},
		{10000, 10000, false}, {30000, 10000, false}, {30000, 100, false},
	} {
		name := fmt.Sprintf("servers=%d/rules=%d", size.servers, size.rules)
		if size.one {
			name += "/one-firewall"
		}
		cfg, err := Parse(scaleFile(size.servers, size.rules, size.one), "scale.yaml")
		if err != nil {
			b.Fatal(err)
		}
		b.Run(name+"/lint", func(b *testing.B) {
			for b.Loop() {
				cfg.Lint()
			}
		})
		b.Run(name+"/show", func(b *testing.B) {
			for b.Loop() {
				cfg.Effective()
			}
		})
	}
}

// BenchmarkParseScale: reading the largest account of BenchmarkScale,
// 30,000 servers and 10,000 rules in 3.7 MB, which every command does first.
func BenchmarkParseScale(b *testing.B) {
	data := scaleFile(30000, 10000, false)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Parse(data, "scale.yaml"); err != nil {
			b.Fatal(err)
		}
	}
}
