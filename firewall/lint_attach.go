package firewall

import "strings"

// attachments runs the lints about what is attached to what: FW006-FW009.
func (l *linter) attachments() {
	c := l.cfg
	for _, s := range c.Servers {
		fws := l.attached[s.Name]
		if len(fws) == 0 {
			l.add(lintNoFirewall, s.Line, "", -1, s.Name, "server %q has no firewall attached: every port is closed and nobody can log in", s.Name)
			continue
		}
		if !l.anyRuleFor(fws, TCP, 22) {
			l.add(lintNoSSH, s.Line, "", -1, s.Name, "no rule of server %q's firewalls (%s) admits tcp/22: nobody can log in over SSH", s.Name, strings.Join(fws, ", "))
		}
	}
	for _, fw := range c.Firewalls {
		if len(fw.Inbound) == 0 {
			if fw.AllowInternal {
				l.add(lintInternalOnly, fw.Line, fw.Name, -1, "", "firewall %q has no inbound rules: it admits only the internal network", fw.Name)
			} else {
				l.add(lintEmptyFirewall, fw.Line, fw.Name, -1, "", "firewall %q has no inbound rules and does not allow the internal network: it admits nothing", fw.Name)
			}
		}
		if !l.used[fw.Name] {
			l.add(lintUnattached, fw.Line, fw.Name, -1, "", "firewall %q is attached to no server: its rules have no effect", fw.Name)
		}
	}
}

// anyRuleFor reports whether any rule of the firewalls admits proto/port
// from some source.
func (l *linter) anyRuleFor(fws []string, proto Protocol, port uint16) bool {
	for _, ref := range l.cfg.serverRules(fws, proto) {
		if ref.Rule.Ports.Contains(port) {
			return true
		}
	}
	return false
}
