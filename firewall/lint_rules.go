package firewall

import (
	"fmt"
	"net/netip"
)

// maxNarrowRange is the widest port range (FW003) a wide source may be
// given without a finding: a service rarely needs more than a few dozen
// consecutive ports, and a wide range to a wide source is usually "open
// everything" written another way.
const maxNarrowRange = 30

// ruleShapes runs the lints that look at one rule at a time: FW003 and
// FW010.
func (l *linter) ruleShapes() {
	for _, fw := range l.cfg.Firewalls {
		for i, r := range fw.Inbound {
			ref := RuleRef{Firewall: fw.Name, Index: i, Rule: r}
			if isWide(r.Source) && r.Ports.Len() > maxNarrowRange {
				what := "all ports"
				if r.Ports != allPorts {
					what = fmt.Sprintf("%d ports (%s)", r.Ports.Len(), r.Ports)
				}
				l.addRule(lintWidePortRange, ref, "", "%s opens %s to a wide source; open only the ports a service needs", ruleName(ref), what)
			}
			if r.Protocol.Has(TCP) && r.Ports.Contains(22) && isWide(r.Source) && !l.adminExposed[ruleKey{fw.Name, i}] {
				l.addRule(lintWideSSHSource, ref, "", "%s admits SSH from %s, wider than /%d; admit only the addresses you log in from", ruleName(ref), r.Source, wideLimit(r.Source))
			}
		}
	}
}

func wideLimit(p netip.Prefix) int {
	if p.Addr().Is4() {
		return wideBits4
	}
	return wideBits6
}
