package firewall

import "strings"

// attachments runs the lints about what is attached to what: FW006-FW009.
func (l *linter) attachments() {
	c := l.cfg
	// Whether a set admits SSH depends on the set alone.
	hasSSH := make([]bool, len(l.attach.sets))
	for k, set := range l.attach.sets {
		hasSSH[k] = l.anyRuleFor(set.firewalls, TCP, 22)
	}
	for j, s := range c.Servers {
		k := l.attach.setOf[j]
		fws := l.attach.sets[k].names
		if len(fws) == 0 {
			l.add(lintNoFirewall, s.Line, "", -1, s.Name, "server %q has no firewall attached: every port is closed and nobody can log in", s.Name)
			continue
		}
		if !hasSSH[k] {
			l.add(lintNoSSH, s.Line, "", -1, s.Name, "no rule of server %q's firewalls (%s) admits tcp/22: nobody can log in over SSH", s.Name, strings.Join(fws, ", "))
		}
	}
	for i, fw := range c.Firewalls {
		if len(fw.Inbound) == 0 {
			if fw.AllowInternal {
				l.add(lintInternalOnly, fw.Line, fw.Name, -1, "", "firewall %q has no inbound rules: it admits only the internal network", fw.Name)
			} else {
				l.add(lintEmptyFirewall, fw.Line, fw.Name, -1, "", "firewall %q has no inbound rules and does not allow the internal network: it admits nothing", fw.Name)
			}
		}
		if !l.used[i] {
			l.add(lintUnattached, fw.Line, fw.Name, -1, "", "firewall %q is attached to no server: its rules have no effect", fw.Name)
		}
	}
}

// anyRuleFor reports whether any rule of the firewalls admits proto/port
// from some source.
func (l *linter) anyRuleFor(fws []int, proto Protocol, port uint16) bool {
	for _, i := range fws {
		if l.cfg.Firewalls[i].HasRuleFor(proto, port) {
			return true
		}
	}
	return false
}
