package firewall

import (
	"fmt"
	"net/netip"
	"unicode"
)

// Validate checks a config as [Parse] does: names present and unique,
// attachments that refer to firewalls and servers that exist, and every
// rule and address in canonical form. A config from Load or Parse is
// already valid; Validate is for configs built or changed in code.
func (c *Config) Validate() error { return c.validate(nil) }

// validate does the work of Validate. lines, when the decoder has them,
// gives each attachment entry's own line for errors.
func (c *Config) validate(lines *refLines) error {
	errAt := func(line int, where, field, format string, args ...any) error {
		return &Error{File: c.File, Line: line, Where: where, Field: field, Msg: fmt.Sprintf(format, args...)}
	}
	entryLine := func(table [][]int, i, j, fallback int) int {
		if i < len(table) && j < len(table[i]) {
			return table[i][j]
		}
		return fallback
	}
	// checkRefs checks one attachment list (a firewall's servers, a
	// server's firewalls): every name must exist in known and appear once.
	// Both sides of an attachment follow the same rule, so they share it.
	checkRefs := func(names []string, known map[string]int, lineOf func(j int) int, where, field, noun string) error {
		seen := make(map[string]bool, len(names))
		for j, name := range names {
			if _, ok := known[name]; !ok {
				return errAt(lineOf(j), where, field, "no %s is named %q", noun, name)
			}
			if seen[name] {
				return errAt(lineOf(j), where, field, "%q is listed twice", name)
			}
			seen[name] = true
		}
		return nil
	}
	fwLine := make(map[string]int, len(c.Firewalls))
	rules := 0
	for i := range c.Firewalls {
		fw := &c.Firewalls[i]
		where := whereFirewall(i, fw.Name)
		if msg := checkName(fw.Name); msg != "" {
			return errAt(fw.Line, where, "name", "%s", msg)
		}
		if first, dup := fwLine[fw.Name]; dup {
			return errAt(fw.Line, where, "name", "duplicate firewall name %q (first at line %d)", fw.Name, first)
		}
		fwLine[fw.Name] = fw.Line
		for j := range fw.Inbound {
			if field, err := fw.Inbound[j].validate(); err != nil {
				return errAt(fw.Inbound[j].Line, whereRule(i, fw.Name, j), field, "%v", err)
			}
		}
		if rules += len(fw.Inbound); rules > MaxRules {
			return errAt(fw.Line, where, "inbound", "the file has more than %d rules", MaxRules)
		}
	}
	srvLine := make(map[string]int, len(c.Servers))
	for i := range c.Servers {
		s := &c.Servers[i]
		where := whereServer(i, s.Name)
		if msg := checkServerName(s.Name); msg != "" {
			return errAt(s.Line, where, "name", "%s", msg)
		}
		if msg := checkKeypairName(s.Keypair); s.Keypair != "" && msg != "" {
			return errAt(s.Line, where, "keypair", "%s", msg)
		}
		if first, dup := srvLine[s.Name]; dup {
			return errAt(s.Line, where, "name", "duplicate server name %q (first at line %d)", s.Name, first)
		}
		srvLine[s.Name] = s.Line
		for _, a := range []struct {
			field string
			addr  netip.Addr
		}{{"public_ip", s.PublicIP}, {"private_ip", s.PrivateIP}} {
			if err := checkAddr(a.addr); err != nil {
				return errAt(s.Line, where, a.field, "%v", err)
			}
		}
	}
	// References are checked once every name is known.
	for i := range c.Firewalls {
		fw := &c.Firewalls[i]
		lineOf := func(j int) int { return entryLine(lines.tableFw(), i, j, fw.Line) }
		if err := checkRefs(fw.Servers, srvLine, lineOf, whereFirewall(i, fw.Name), "servers", "server"); err != nil {
			return err
		}
	}
	for i := range c.Servers {
		s := &c.Servers[i]
		lineOf := func(j int) int { return entryLine(lines.tableSrv(), i, j, s.Line) }
		if err := checkRefs(s.Firewalls, fwLine, lineOf, whereServer(i, s.Name), "firewalls", "firewall"); err != nil {
			return err
		}
	}
	return nil
}

func (l *refLines) tableFw() [][]int {
	if l == nil {
		return nil
	}
	return l.fwServers
}

func (l *refLines) tableSrv() [][]int {
	if l == nil {
		return nil
	}
	return l.srvFwNames
}

// validate checks one rule; field names the part at fault.
func (r *Rule) validate() (field string, err error) {
	if r.Protocol == 0 {
		return "protocol", fmt.Errorf("is required (tcp or udp)")
	}
	if r.Service != "" {
		svc, ok := LookupService(r.Service)
		if !ok {
			return "service", fmt.Errorf("unknown service %q (known: %s)", r.Service, serviceNames())
		}
		if !svc.Protocol.Has(r.Protocol) {
			return "protocol", fmt.Errorf("%s", serviceConflict(svc, r.Protocol.String()))
		}
		if r.Ports != (PortRange{svc.Port, svc.Port}) {
			return "ports", fmt.Errorf("%s (drop the service to open other ports)", serviceConflict(svc, r.Ports.String()))
		}
	} else if r.Protocol != TCP && r.Protocol != UDP {
		return "protocol", fmt.Errorf("want tcp or udp, got %q", r.Protocol)
	}
	if err := r.Ports.validate(); err != nil {
		return "ports", err
	}
	if err := checkPrefix(r.Source); err != nil {
		return "source", err
	}
	return "", nil
}

// checkName says what is wrong with a firewall, server, OS or keypair name,
// or returns "". Names end up in one-line messages, so control characters
// are refused.
func checkName(s string) string {
	if s == "" {
		return "must not be empty"
	}
	for _, r := range s {
		if unicode.IsControl(r) {
			return "must not contain control characters"
		}
	}
	return ""
}
