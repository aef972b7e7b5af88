package firewall

import "net/netip"

// nullLists runs FW011: a list key with nothing after it reads as an empty
// list, which is rarely what the file's author meant (more often the
// entries below it lost their indentation).
func (l *linter) nullLists() {
	for _, n := range l.cfg.nullLists {
		l.add(lintNullList, n.line, "", -1, "", "%s%s: is null, so it lists nothing; write [] for an empty list, or indent its entries under it",
			location("", 0, n.where), n.key)
	}
}

// addresses runs the lints about servers' addresses, FW012-FW014: what
// the console cannot have shown. Loopback addresses are accepted anywhere,
// since test files use them to stand in for servers.
func (l *linter) addresses() {
	type owner struct {
		server int
		field  string
	}
	seen := make(map[netip.Addr]owner, 2*len(l.cfg.Servers))
	for j, s := range l.cfg.Servers {
		fields := []struct {
			name   string
			addr   netip.Addr
			public bool
		}{{"public_ip", s.PublicIP, true}, {"private_ip", s.PrivateIP, false}}
		same := s.PublicIP.IsValid() && s.PublicIP == s.PrivateIP && !isLoopback(s.PublicIP)
		if same {
			l.add(lintSameAddress, s.Line, "", -1, s.Name, "server %q has public_ip and private_ip both %s: a server's public and private addresses differ", s.Name, s.PublicIP)
		}
		for _, f := range fields {
			a := f.addr
			if !a.IsValid() || isLoopback(a) {
				continue
			}
			switch {
			case same:
			case f.public && !isPublic(a):
				l.add(lintAddressKind, s.Line, "", -1, s.Name, "server %q: public_ip %s is not an address the internet can reach; is it the private_ip?", s.Name, a)
			case !f.public && !isPrivate(a):
				l.add(lintAddressKind, s.Line, "", -1, s.Name, "server %q: private_ip %s is not a private address (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 100.64.0.0/10, fc00::/7); is it the public_ip?", s.Name, a)
			}
			if prev, dup := seen[a]; dup && prev.server != j {
				other := l.cfg.Servers[prev.server].Name
				l.add(lintSharedAddress, s.Line, "", -1, s.Name, "server %q's %s %s is also server %q's %s: an address belongs to one server", s.Name, f.name, a, other, prev.field)
			} else if !dup {
				seen[a] = owner{j, f.name}
			}
		}
	}
}
