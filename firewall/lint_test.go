package firewall

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// lintFile wraps rules and attachments into a file: firewall fw with the
// given inbound rules, attached to server s which can otherwise be logged
// into, so that only the rule under test fires.
func lintFile(inbound ...string) string {
	return "firewalls:\n  - name: fw\n    inbound:\n" + rulesYAML(inbound) +
		"    servers: [s]\nservers:\n  - {name: s, public_ip: 192.0.2.10}\n"
}

func rulesYAML(inbound []string) string {
	var b strings.Builder
	for _, r := range inbound {
		fmt.Fprintf(&b, "      - {%s}\n", r)
	}
	return b.String()
}

const sshOK = "service: SSH, source: 192.0.2.7"

// Each lint rule has cases where it fires and where it does not.
func TestLint(t *testing.T) {
	tests := []struct {
		name  string
		file  string
		id    string
		fires bool
		rule  int    // the rule index the finding points to (fires only); -1 for none
		in    string // a word the message must contain (fires only)
	}{
		// FW001: SSH and RDP from the whole internet.
		{"ssh from anywhere", lintFile("service: SSH, source: 0.0.0.0/0"), "FW001", true, 0, "SSH (tcp/22) is open to the whole IPv4 internet"},
		{"ssh from two halves", lintFile("service: SSH, source: 0.0.0.0/1", "service: SSH, source: 128.0.0.0/1"), "FW001", true, 0, "128.0.0.0/1"},
		{"ssh from all public space", lintFile(sshOK,
			"service: SSH, source: 0.0.0.0/5", "service: SSH, source: 8.0.0.0/7", "service: SSH, source: 11.0.0.0/8",
			"service: SSH, source: 12.0.0.0/6", "service: SSH, source: 16.0.0.0/4", "service: SSH, source: 32.0.0.0/3",
			"service: SSH, source: 64.0.0.0/2", "service: SSH, source: 128.0.0.0/1"), "FW001", true, 1, "and 4 more"},
		{"rdp over udp from IPv6 anywhere", lintFile(sshOK, "protocol: udp, ports: 3389, source: '::/0'"), "FW001", true, 1, "udp/3389 is open to the whole IPv6 internet"},
		{"ssh and rdp from all ports rule", lintFile("protocol: tcp, ports: 1-65535, source: 0.0.0.0/0"), "FW001", true, 0, "SSH (tcp/22)"},
		{"ssh from half the internet", lintFile("service: SSH, source: 0.0.0.0/1"), "FW001", false, 0, ""},
		{"ssh from an office", lintFile(sshOK), "FW001", false, 0, ""},
		{"ssh from global IPv6 but one /64", lintFile(sshOK, "service: SSH, source: '2000::/4'", "service: SSH, source: '3000::/5'"), "FW001", false, 0, ""},

		// FW002: sensitive ports from the whole internet.
		{"mysql from anywhere", lintFile(sshOK, "service: MySQL, source: 0.0.0.0/0"), "FW002", true, 1, "MySQL (tcp/3306)"},
		{"mongodb from IPv6 anywhere", lintFile(sshOK, "service: MongoDB, source: '2000::/3'"), "FW002", true, 1, "IPv6"},
		{"dns over udp from anywhere", lintFile(sshOK, "service: DNS, protocol: udp, source: 0.0.0.0/0"), "FW002", true, 1, "DNS (udp/53)"},
		{"http from anywhere", lintFile(sshOK, "service: HTTP, source: 0.0.0.0/0"), "FW002", false, 0, ""},
		{"mysql from the private network", lintFile(sshOK, "service: MySQL, source: 10.0.0.0/8"), "FW002", false, 0, ""},

		// FW003: wide port ranges to wide sources.
		{"all ports to a /16", lintFile(sshOK, "protocol: tcp, ports: 1-65535, source: 172.16.0.0/16"), "FW003", true, 1, "opens all ports"},
		{"31 ports to the internet", lintFile(sshOK, "protocol: udp, ports: 8000-8030, source: 0.0.0.0/0"), "FW003", true, 1, "31 ports (8000-8030)"},
		{"30 ports to the internet", lintFile(sshOK, "protocol: udp, ports: 8000-8029, source: 0.0.0.0/0"), "FW003", false, 0, ""},
		{"all ports to a /24", lintFile(sshOK, "protocol: tcp, ports: 1-65535, source: 198.51.100.0/24"), "FW003", false, 0, ""},

		// FW004: duplicates.
		{"same rule twice", lintFile(sshOK, "service: HTTP, source: 0.0.0.0/0", "protocol: tcp, ports: 80, source: 0.0.0.0/0"), "FW004", true, 2, "duplicates firewall \"fw\" inbound[1]"},
		{"same port, other source", lintFile(sshOK, "service: HTTP, source: 0.0.0.0/0", "service: HTTP, source: '::/0'"), "FW004", false, 0, ""},

		// FW005: shadowed.
		{"office inside the internet", lintFile(sshOK, "service: HTTPS, source: 198.51.100.0/24", "service: HTTPS, source: 0.0.0.0/0"), "FW005", true, 1, "is shadowed by firewall \"fw\" inbound[2]"},
		{"port inside a range", lintFile(sshOK, "protocol: tcp, ports: 8080, source: 198.51.100.0/24", "protocol: tcp, ports: 8000-8100, source: 198.51.100.0/24"), "FW005", true, 1, "shadowed"},
		{"other protocol", lintFile(sshOK, "service: DNS, protocol: udp, source: 198.51.100.0/24", "service: DNS, protocol: tcp, source: 0.0.0.0/0"), "FW005", false, 0, ""},
		{"DNS both protocols covers udp", lintFile(sshOK, "service: DNS, protocol: udp, source: 198.51.100.0/24", "service: DNS, source: 198.51.100.0/23"), "FW005", true, 1, "shadowed"},

		// FW006: server without a firewall.
		{"server alone", "servers:\n  - name: lonely\n", "FW006", true, -1, `server "lonely" has no firewall`},
		{"server with a firewall", lintFile(sshOK), "FW006", false, 0, ""},

		// FW007: nobody can log in.
		{"no ssh rule", lintFile("service: HTTPS, source: 0.0.0.0/0"), "FW007", true, -1, `admits tcp/22`},
		{"ssh from one address", lintFile(sshOK), "FW007", false, 0, ""},

		// FW008: firewall with no rules.
		{"empty firewall", "firewalls:\n  - {name: fw, servers: [s]}\nservers:\n  - {name: s, firewalls: [fw]}\n", "FW008", true, -1, "admits nothing"},
		{"firewall with rules", lintFile(sshOK), "FW008", false, 0, ""},

		// FW009: firewall attached to nothing.
		{"unattached", "firewalls:\n  - name: fw\n    inbound:\n      - {" + sshOK + "}\n", "FW009", true, -1, `firewall "fw" is attached to no server`},
		{"attached from the server side", "firewalls:\n  - name: fw\n    inbound:\n      - {" + sshOK + "}\nservers:\n  - {name: s, firewalls: [fw]}\n", "FW009", false, 0, ""},

		// FW010: SSH from wider than /24.
		{"ssh from a /16", lintFile("service: SSH, source: 172.16.0.0/16"), "FW010", true, 0, "wider than /24"},
		{"ssh from an IPv6 /32", lintFile("service: SSH, source: '2001:db8::/32'"), "FW010", true, 0, "wider than /48"},
		{"ssh from a /24", lintFile("service: SSH, source: 198.51.100.0/24"), "FW010", false, 0, ""},
		{"ssh from anywhere is FW001's", lintFile("service: SSH, source: 0.0.0.0/0"), "FW010", false, 0, ""},

		// FW011: a list given as null.
		{"servers: null", "firewalls: []\nservers:\n", "FW011", true, -1, "servers: is null"},
		{"firewalls: null", "firewalls: null\nservers: []\n", "FW011", true, -1, "firewalls: is null"},
		{"a server's firewalls: ~", "servers:\n  - name: s\n    firewalls: ~\n", "FW011", true, -1, `server "s": firewalls: is null`},
		{"empty lists", "firewalls: []\nservers: []\n", "FW011", false, 0, ""},

		// FW012: two servers, one address.
		{"shared public address", servers("{name: a, public_ip: 192.0.2.10}", "{name: b, public_ip: 192.0.2.10}"), "FW012", true, -1, `server "b"'s public_ip 192.0.2.10 is also server "a"'s public_ip`},
		{"one's public is another's private", servers("{name: a, private_ip: 10.0.0.5}", "{name: b, public_ip: 192.0.2.10, private_ip: 10.0.0.5}"), "FW012", true, -1, `also server "a"'s private_ip`},
		{"distinct addresses", servers("{name: a, public_ip: 192.0.2.10, private_ip: 10.0.0.5}", "{name: b, public_ip: 192.0.2.11, private_ip: 10.0.0.6}"), "FW012", false, 0, ""},
		{"loopback stand-ins share 127.0.0.1", servers("{name: a, public_ip: 127.0.0.1}", "{name: b, public_ip: 127.0.0.1}"), "FW012", false, 0, ""},

		// FW013: an address in the wrong field.
		{"private address as public_ip", servers("{name: a, public_ip: 10.0.0.5}"), "FW013", true, -1, "public_ip 10.0.0.5 is not an address the internet can reach"},
		{"public address as private_ip", servers("{name: a, public_ip: 192.0.2.10, private_ip: 8.8.8.8}"), "FW013", true, -1, "private_ip 8.8.8.8 is not a private address"},
		{"IPv6 unique local as private_ip", servers("{name: a, public_ip: '2001:db8::1', private_ip: 'fd00::1'}"), "FW013", false, 0, ""},
		{"loopback in both fields", servers("{name: a, public_ip: 127.0.0.2, private_ip: 127.0.0.3}"), "FW013", false, 0, ""},

		// FW014: public == private.
		{"public equals private", servers("{name: a, public_ip: 192.0.2.10, private_ip: 192.0.2.10}"), "FW014", true, -1, "both 192.0.2.10"},
		{"loopback as both", servers("{name: a, public_ip: 127.0.0.1, private_ip: 127.0.0.1}"), "FW014", false, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.id+" "+tt.name, func(t *testing.T) {
			cfg := parseYAML(t, tt.file)
			var hits []Finding
			for _, f := range cfg.Lint() {
				if f.ID == tt.id {
					hits = append(hits, f)
				}
			}
			if !tt.fires {
				assert.Empty(t, hits)
				return
			}
			want := 1
			if tt.name == "ssh and rdp from all ports rule" {
				want = 2
			}
			require.Len(t, hits, want, "%v", cfg.Lint())
			f := hits[0]
			assert.Equal(t, tt.rule, f.Rule)
			assert.Contains(t, f.Message, tt.in)
			if f.Rule >= 0 {
				assert.Equal(t, "fw", f.Firewall)
				assert.Contains(t, f.Message, fmt.Sprintf(`firewall "fw" inbound[%d]`, f.Rule))
				assert.Equal(t, cfg.Firewalls[0].Inbound[f.Rule].Line, f.Line)
			}
			assert.Positive(t, f.Line)
		})
	}
}

// servers wraps server entries into a file where each can be logged into,
// so that only the address lints can fire.
func servers(entries ...string) string {
	return "firewalls:\n  - name: fw\n    inbound:\n      - {" + sshOK + "}\nservers:\n" +
		"  - " + strings.Join(entries, "\n  - ") + "\n"
}

// A file whose servers are loopback stand-ins, as tests write them, and a
// clean file of real-looking addresses lint without a finding.
func TestLintQuietOnCleanAddresses(t *testing.T) {
	for _, file := range []string{
		servers("{name: a, public_ip: 127.0.0.1, firewalls: [fw]}", "{name: b, public_ip: 127.0.0.1, private_ip: 127.0.0.1, firewalls: [fw]}", "{name: c, public_ip: '::1', private_ip: '::1', firewalls: [fw]}"),
		servers("{name: a, public_ip: 192.0.2.10, private_ip: 10.0.0.5, firewalls: [fw]}", "{name: b, public_ip: '2001:db8::5', private_ip: 'fd00::5', firewalls: [fw]}"),
	} {
		assert.Empty(t, parseYAML(t, file).Lint(), file)
	}
}

// Two firewalls on one server can open a port together that neither opens
// alone; the finding names the server. On different servers they cannot.
func TestLintMergesAttachedFirewalls(t *testing.T) {
	file := func(attach string) string {
		return `
firewalls:
  - name: a
    inbound:
      - {service: SSH, source: 0.0.0.0/1}
  - name: b
    inbound:
      - {service: SSH, source: 128.0.0.0/1}
servers:
` + attach
	}
	together := parseYAML(t, file("  - {name: s, firewalls: [a, b]}\n"))
	var hits []Finding
	for _, f := range together.Lint() {
		if f.ID == "FW001" {
			hits = append(hits, f)
		}
	}
	require.Len(t, hits, 1)
	assert.Equal(t, "s", hits[0].Server)
	assert.Contains(t, hits[0].Message, `on server "s"`)

	apart := parseYAML(t, file("  - {name: s1, firewalls: [a]}\n  - {name: s2, firewalls: [b]}\n"))
	for _, f := range apart.Lint() {
		assert.NotEqual(t, "FW001", f.ID, f.String())
	}
}

func TestLintDuplicateAcrossFirewalls(t *testing.T) {
	file := func(attach string) string {
		return `
firewalls:
  - name: a
    inbound:
      - {service: SSH, source: 192.0.2.7}
  - name: b
    inbound:
      - {protocol: tcp, ports: 22, source: 192.0.2.7/32}
servers:
` + attach
	}
	together := parseYAML(t, file("  - {name: s, firewalls: [a, b]}\n"))
	var ids []string
	for _, f := range together.Lint() {
		ids = append(ids, f.ID)
		if f.ID == "FW004" {
			assert.Equal(t, "b", f.Firewall)
			assert.Contains(t, f.Message, `on server "s"`)
		}
	}
	assert.Contains(t, ids, "FW004")
	apart := parseYAML(t, file("  - {name: s1, firewalls: [a]}\n  - {name: s2, firewalls: [b]}\n"))
	for _, f := range apart.Lint() {
		assert.NotEqual(t, "FW004", f.ID, f.String())
	}
}

func TestLintSeverities(t *testing.T) {
	cfg, err := Load("../testdata/firewall/risky.yaml")
	require.NoError(t, err)
	want := map[string]Severity{
		"FW001": SeverityError, "FW002": SeverityError, "FW003": SeverityWarning, "FW004": SeverityWarning,
		"FW005": SeverityInfo, "FW006": SeverityWarning, "FW008": SeverityWarning, "FW009": SeverityWarning, "FW010": SeverityWarning,
	}
	seen := map[string]bool{}
	lastLine := 0
	for _, f := range cfg.Lint() {
		seen[f.ID] = true
		assert.Equal(t, want[f.ID], f.Severity, f.String())
		assert.GreaterOrEqual(t, f.Line, lastLine, "findings are ordered by line")
		lastLine = f.Line
	}
	for id := range want {
		assert.True(t, seen[id], "risky.yaml should show %s", id)
	}
	internalOnly := parseYAML(t, "firewalls:\n  - {name: fw, allow_internal: true, servers: [s]}\nservers:\n  - {name: s}\n")
	for _, f := range internalOnly.Lint() {
		if f.ID == "FW008" {
			assert.Equal(t, SeverityInfo, f.Severity)
		}
	}
}

func TestReadmeExampleIsClean(t *testing.T) {
	cfg, err := Load("../testdata/firewall/cloud.yaml")
	require.NoError(t, err)
	assert.Empty(t, cfg.Lint())
}

func TestFindingJSON(t *testing.T) {
	f := Finding{ID: "FW006", Name: "server-no-firewall", Severity: SeverityWarning, File: "c.yaml", Line: 3, Rule: -1, Server: "s", Message: "m"}
	b, err := json.Marshal(f)
	require.NoError(t, err)
	assert.JSONEq(t, `{"id":"FW006","name":"server-no-firewall","severity":"warning","file":"c.yaml","line":3,"rule":null,"server":"s","message":"m"}`, string(b))
	f.Rule, f.Firewall = 2, "fw"
	b, err = json.Marshal(f)
	require.NoError(t, err)
	assert.Contains(t, string(b), `"firewall":"fw","rule":2`)
}

// The sweep in comparePair must report exactly what comparing every pair
// of rules in file order reports: the same rules, with the same partners.
func TestOverlapsMatchAllPairs(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	total := 0
	for round := 0; round < 200; round++ {
		cfg := randomConfig(rng, 1+rng.IntN(4), 1+rng.IntN(30), 3)
		require.NoError(t, cfg.Validate())
		got := &linter{cfg: cfg, attach: cfg.attachIndex()}
		got.overlaps()
		want := &linter{cfg: cfg, attach: cfg.attachIndex()}
		allPairsOverlaps(want)
		require.Equal(t, want.findings, got.findings, "round %d", round)
		total += len(want.findings)
	}
	require.Greater(t, total, 1000, "the random configs must overlap often to test anything")
}

// allPairsOverlaps is the reference for overlaps: every pair of rules that
// can meet on a server, in file order.
func allPairsOverlaps(l *linter) {
	c := l.cfg
	type pair struct{ a, b int }
	compared := make(map[pair]bool)
	reported := make(map[ruleKey]bool)
	compare := func(x, y int, server string) {
		if x > y {
			x, y = y, x
		}
		if compared[pair{x, y}] {
			return
		}
		compared[pair{x, y}] = true
		fa, fb, same := &c.Firewalls[x], &c.Firewalls[y], x == y
		on := ""
		if !same {
			on = " on server \"" + server + "\""
		}
		for i := range fa.Inbound {
			start := 0
			if same {
				start = i + 1
			}
			for j := start; j < len(fb.Inbound); j++ {
				ra, rb := fa.Inbound[i], fb.Inbound[j]
				if ra.Protocol&rb.Protocol == 0 || ra.Ports.To < rb.Ports.From || rb.Ports.To < ra.Ports.From || !ra.Source.Overlaps(rb.Source) {
					continue
				}
				a := RuleRef{Firewall: fa.Name, Index: i, Rule: ra}
				b := RuleRef{Firewall: fb.Name, Index: j, Rule: rb}
				switch {
				case admitsSame(ra, rb):
					if !reported[ruleKey{b.Firewall, b.Index}] {
						reported[ruleKey{b.Firewall, b.Index}] = true
						l.addRule(lintDuplicate, b, server, "%s duplicates %s%s", ruleName(b), ruleName(a), on)
					}
				case covers(ra, rb):
					l.reportShadow(b, a, server, on, reported)
				case covers(rb, ra):
					l.reportShadow(a, b, server, on, reported)
				}
			}
		}
	}
	for i := range c.Firewalls {
		compare(i, i, "")
	}
	for _, set := range l.attach.sets {
		var fws []int
		for _, i := range set.firewalls {
			if len(c.Firewalls[i].Inbound) > 0 {
				fws = append(fws, i)
			}
		}
		for x := range fws {
			for y := x + 1; y < len(fws); y++ {
				compare(fws[x], fws[y], c.Servers[set.servers[0]].Name)
			}
		}
	}
}

// outermost must keep what comparing every rule with every other keeps.
func TestOutermostMatchesAllPairs(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	for round := 0; round < 500; round++ {
		var refs []RuleRef
		for i := 0; i < rng.IntN(20); i++ {
			refs = append(refs, RuleRef{Index: i, Rule: randomRule(rng)})
		}
		var want []RuleRef
		for i, r := range refs {
			inside := false
			for j, o := range refs {
				if i != j && o.Rule.Source.Overlaps(r.Rule.Source) && o.Rule.Source.Bits() <= r.Rule.Source.Bits() &&
					(o.Rule.Source.Bits() < r.Rule.Source.Bits() || j < i) {
					inside = true
				}
			}
			if !inside {
				want = append(want, r)
			}
		}
		require.Equal(t, want, outermost(refs), "round %d", round)
	}
}
