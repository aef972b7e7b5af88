package firewall

import (
	"encoding/json"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
	"go4.org/netipx"
)

// The one-pass union must give what netipx's set algebra gives.
func TestUnionMatchesIPSet(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for round := 0; round < 500; round++ {
		var rules []RuleRef
		for i := 0; i < 1+rng.IntN(12); i++ {
			rules = append(rules, RuleRef{Index: i, Rule: randomRule(rng)})
		}
		var chosen []int
		var b netipx.IPSetBuilder
		for i := range rules {
			if rng.IntN(3) > 0 {
				chosen = append(chosen, i)
				b.AddPrefix(rules[i].Rule.Source)
			}
		}
		if len(chosen) == 0 {
			continue // Effective never asks for the union of nothing
		}
		want, err := b.IPSet()
		require.NoError(t, err)
		u := newUnioner(rules)
		require.Equal(t, want.Prefixes(), u.union(chosen), "round %d", round)
		require.Equal(t, want.Prefixes(), u.union(chosen), "a second union from the same unioner")
	}
}

func TestEffective(t *testing.T) {
	cfg := parseYAML(t, `
firewalls:
  - name: a
    inbound:
      - {protocol: tcp, ports: 8000-8100, source: 0.0.0.0/1}
      - {protocol: tcp, ports: 8101-8200, source: 0.0.0.0/1}
      - {service: DNS, source: 10.0.0.0/8}
  - name: b
    allow_internal: true
    inbound:
      - {protocol: tcp, ports: 8050, source: 128.0.0.0/1}
servers:
  - {name: s, public_ip: 192.0.2.1, firewalls: [a, b]}
  - {name: t}
`)
	got := cfg.Effective()
	require.Len(t, got, 2)
	s := got[0]
	require.Equal(t, []string{"a", "b"}, s.Firewalls)
	require.Equal(t, "b", s.InternalFirewall)
	var lines []string
	for _, a := range s.Inbound {
		line := a.Protocol.String() + "/" + a.Ports.String()
		for _, p := range a.Sources {
			line += " " + p.String()
		}
		lines = append(lines, line)
	}
	require.Equal(t, []string{
		"tcp/53 10.0.0.0/8",
		"tcp/8000-8049 0.0.0.0/1",
		"tcp/8050 0.0.0.0/0",
		"tcp/8051-8200 0.0.0.0/1",
		"udp/53 10.0.0.0/8",
	}, lines)
	require.Empty(t, got[1].Inbound)
	require.NotNil(t, got[1].Inbound, "JSON shows [] rather than null")
	require.Equal(t, []string{}, got[1].Firewalls)
}

// portIntervals must cut the ports as checking each port against every
// rule does.
func TestPortIntervalsMatchPerPortScan(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for round := 0; round < 200; round++ {
		var rules []RuleRef
		for i := 0; i < rng.IntN(15); i++ {
			rules = append(rules, RuleRef{Index: i, Rule: randomRule(rng)})
		}
		var got [65536][]int
		next := uint32(1)
		portIntervals(rules, func(ports PortRange, covering []int) {
			require.Equal(t, next, uint32(ports.From), "intervals must be contiguous")
			require.LessOrEqual(t, ports.From, ports.To)
			for p := uint32(ports.From); p <= uint32(ports.To); p++ {
				got[p] = slices.Clone(covering)
			}
			next = uint32(ports.To) + 1
		})
		require.Equal(t, uint32(65536), next)
		for _, p := range append(slices.Clone(testPorts), 2, 23, 54, 1001, 65534) {
			var want []int
			for i := range rules {
				if rules[i].Rule.Ports.Contains(p) {
					want = append(want, i)
				}
			}
			require.Equal(t, want, got[p], "port %d", p)
		}
	}
}

// Servers on the same firewalls share one computed policy, and all but the
// first say whose it is; JSON then leaves their inbound out.
func TestEffectiveSharedSets(t *testing.T) {
	cfg := parseYAML(t, `
firewalls:
  - name: web
    inbound:
      - {service: SSH, source: 203.0.113.7}
    servers: [a, c]
  - name: db
    inbound:
      - {service: PostgreSQL, source: 203.0.113.7}
servers:
  - {name: a}
  - {name: b, firewalls: [db]}
  - {name: c}
  - {name: d, firewalls: [db]}
  - {name: e}
  - {name: f}
`)
	policies := cfg.Effective()
	require.Len(t, policies, 6)
	same := []string{"", "", "a", "b", "", ""} // nothing to repeat for servers without firewalls
	for i, sp := range policies {
		require.Equal(t, same[i], sp.SameAs, sp.Server)
	}
	require.Equal(t, policies[0].Inbound, policies[2].Inbound)
	require.Equal(t, policies[1].Inbound, policies[3].Inbound)
	out, err := json.Marshal(policies[2])
	require.NoError(t, err)
	require.JSONEq(t, `{"server": "c", "firewalls": ["web"], "same_as": "a"}`, string(out))
	out, err = json.Marshal(policies[0])
	require.NoError(t, err)
	require.Contains(t, string(out), `"inbound":[{"protocol":"tcp","ports":"22","sources":["203.0.113.7/32"]}]`)
}
