package firewall

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"go4.org/netipx"
)

// adminPorts are the remote-login ports whose exposure to the whole
// internet is FW001: SSH, and RDP over TCP and UDP.
var adminPorts = []struct {
	proto Protocol
	port  uint16
}{{TCP, 22}, {TCP, 3389}, {UDP, 3389}}

// sensitivePorts are trivy's AZU-0074 list plus MongoDB: databases, mail,
// directory, file sharing and management ports that should not face the
// internet (FW002), on either protocol.
var sensitivePorts = []uint16{20, 21, 23, 25, 53, 110, 135, 139, 143, 161, 389, 636, 993, 995, 1433, 1521, 3306, 5432, 6379, 27017}

// family is one address family with its whole internet.
type family struct {
	name     string
	is4      bool
	internet *netipx.IPSet
}

func families() []family {
	internet4, internet6 := internetSets()
	return []family{{"IPv4", true, internet4}, {"IPv6", false, internet6}}
}

// exposureKey is one (firewall, protocol, port, family) already reported,
// so that a server's merged firewalls are only reported for what none of
// them exposes alone.
type exposureKey struct {
	firewall string
	proto    Protocol
	port     uint16
	is4      bool
}

// exposure runs FW001 and FW002 on each firewall alone, then on each
// server's set of two or more firewalls.
func (l *linter) exposure() {
	l.exposed = make(map[exposureKey]bool)
	l.adminExposed = make(map[ruleKey]bool)
	for i := range l.cfg.Firewalls {
		l.exposeGroup([]int{i}, "")
	}
	for _, set := range l.attach.sets {
		if len(set.firewalls) >= 2 {
			l.exposeGroup(set.firewalls, l.cfg.Servers[set.servers[0]].Name)
		}
	}
}

// ruleKey identifies a rule across findings.
type ruleKey struct {
	firewall string
	index    int
}

// exposeGroup checks the union of some firewalls' rules. server names the
// server whose attachments made the group, "" for a single firewall.
func (l *linter) exposeGroup(set []int, server string) {
	fws := make([]string, len(set))
	for k, i := range set {
		fws[k] = l.cfg.Firewalls[i].Name
	}
	byProto := [len(protocols)][]RuleRef{}
	for k, proto := range protocols {
		byProto[k] = l.cfg.setRules(set, proto)
	}
	rulesFor := func(proto Protocol) []RuleRef {
		if proto == TCP {
			return byProto[0]
		}
		return byProto[1]
	}
	on := ""
	if server != "" {
		on = fmt.Sprintf(" on server %q (firewalls %s)", server, strings.Join(fws, ", "))
	}
	for _, fam := range families() {
		for _, ap := range adminPorts {
			via, ok := l.opensToInternet(fws, rulesFor(ap.proto), ap.proto, ap.port, fam)
			if !ok {
				continue
			}
			for _, ref := range via {
				l.adminExposed[ruleKey{ref.Firewall, ref.Index}] = true
			}
			l.addRule(lintAdminPort, via[0], server, "%s is open to the whole %s internet%s: %s",
				portLabel(ap.proto, ap.port), fam.name, on, ruleList(via))
		}
		var ports []string
		var via []RuleRef
		named := make(map[ruleKey]bool)
		for _, port := range sensitivePorts {
			for _, proto := range protocols {
				v, ok := l.opensToInternet(fws, rulesFor(proto), proto, port, fam)
				if !ok {
					continue
				}
				ports = append(ports, portLabel(proto, port))
				for _, r := range v {
					if k := (ruleKey{r.Firewall, r.Index}); !named[k] {
						named[k] = true
						via = append(via, r)
					}
				}
			}
		}
		if len(ports) > 0 {
			l.addRule(lintSensitivePort, via[0], server, "sensitive ports are open to the whole %s internet%s: %s; via %s",
				fam.name, on, strings.Join(ports, ", "), ruleList(via))
		}
	}
}

// opensToInternet reports whether rules (all for proto) admit proto/port
// from the whole internet of fam, and which rules contribute. A port one
// of fws already exposes alone is not reported again for the group.
func (l *linter) opensToInternet(fws []string, rules []RuleRef, proto Protocol, port uint16, fam family) ([]RuleRef, bool) {
	var b netipx.IPSetBuilder
	var via []RuleRef
	for _, ref := range rules {
		src := ref.Rule.Source
		if src.Addr().Is4() == fam.is4 && ref.Rule.Ports.Contains(port) && fam.internet.OverlapsPrefix(src) {
			b.AddPrefix(src)
			via = append(via, ref)
		}
	}
	if len(via) == 0 {
		return nil, false
	}
	set, err := b.IPSet()
	if err != nil || !coversInternet(set, fam.internet) {
		return nil, false
	}
	via = outermost(via)
	for _, fw := range fws {
		key := exposureKey{fw, proto, port, fam.is4}
		if l.exposed[key] {
			return nil, false
		}
		if len(fws) == 1 {
			l.exposed[key] = true
		}
	}
	return via, true
}

// outermost drops the rules whose source lies inside another rule's (or
// repeats an earlier rule's): they add nothing to the exposure, and naming
// them would blame the wrong rule. Prefixes are nested or disjoint, so
// sorted by address, wider first, each one is either inside the last kept
// prefix or starts a new one.
func outermost(refs []RuleRef) []RuleRef {
	order := make([]int, len(refs))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		pa, pb := refs[a].Rule.Source, refs[b].Rule.Source
		if c := pa.Addr().Compare(pb.Addr()); c != 0 {
			return c
		}
		return pa.Bits() - pb.Bits()
	})
	keep := make([]bool, len(refs))
	var last netip.Prefix
	for _, i := range order {
		p := refs[i].Rule.Source
		if last.IsValid() && last.Bits() <= p.Bits() && last.Contains(p.Addr()) {
			continue
		}
		keep[i], last = true, p
	}
	var out []RuleRef
	for i, r := range refs {
		if keep[i] {
			out = append(out, r)
		}
	}
	return out
}

// portLabel names a port for messages: "SSH (tcp/22)" or "tcp/135".
func portLabel(proto Protocol, port uint16) string {
	if name := serviceFor(proto, port); name != "" {
		return fmt.Sprintf("%s (%s/%d)", name, proto, port)
	}
	return fmt.Sprintf("%s/%d", proto, port)
}

// ruleList names up to four rules, then counts the rest.
func ruleList(refs []RuleRef) string {
	const shown = 4
	var names []string
	for i, ref := range refs {
		if i == shown {
			names = append(names, fmt.Sprintf("and %d more", len(refs)-shown))
			break
		}
		names = append(names, ruleName(ref))
	}
	return strings.Join(names, ", ")
}
