package firewall

import (
	"fmt"
	"net/netip"
	"strings"
)

// Dest says which of a server's addresses a packet is sent to.
type Dest uint8

// The paths into a server.
const (
	// DestAuto is DestPrivate when the packet comes from another server
	// (Packet.SourceServer) and DestPublic when it comes from an address.
	DestAuto Dest = iota
	// DestPublic is the server's public address, from the internet:
	// only inbound rules admit.
	DestPublic
	// DestPrivate is the server's private address, over the private
	// network: "allow internal network" admits everything, and inbound
	// rules admit as they do on the public path.
	DestPrivate
)

func (d Dest) String() string {
	switch d {
	case DestPublic:
		return "public"
	case DestPrivate:
		return "private"
	}
	return "auto"
}

// MarshalText writes the path as [Dest.String] does.
func (d Dest) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// ParseDest reads "public" or "private" ("" is DestAuto).
func ParseDest(s string) (Dest, error) {
	switch strings.ToLower(s) {
	case "":
		return DestAuto, nil
	case "public":
		return DestPublic, nil
	case "private":
		return DestPrivate, nil
	}
	return DestAuto, fmt.Errorf("firewall: destination %q is not public or private", s)
}

// Packet is the first packet of a connection, as Check sees it.
type Packet struct {
	// Server is the destination server's name.
	Server string

	// Source is where the packet comes from. Set either Source or
	// SourceServer: the name of another server in the config, whose
	// private address (public, with To DestPublic) is the source.
	Source       netip.Addr
	SourceServer string

	Protocol Protocol // TCP or UDP
	Port     uint16
	To       Dest
}

// Check answers whether pkt reaches its server, with the evidence. It
// evaluates the rules directly; to check many packets against one config,
// [Config.Compile] once and use [Policy.Check]. The error is for a packet
// that cannot be checked: an unknown server, no source, a protocol other than
// TCP or UDP, port 0.
func (c *Config) Check(pkt Packet) (Verdict, error) {
	dst := c.Server(pkt.Server)
	if dst == nil {
		return Verdict{}, fmt.Errorf("firewall: no server is named %q", pkt.Server)
	}
	view := c.serverView(dst)
	var src *serverView
	if pkt.SourceServer != "" {
		s := c.Server(pkt.SourceServer)
		if s == nil {
			return Verdict{}, fmt.Errorf("firewall: no server is named %q", pkt.SourceServer)
		}
		sv := c.serverView(s)
		src = &sv
	}
	return decide(pkt, &view, src, func(proto Protocol, port uint16, from netip.Addr) (int, []RuleRef) {
		var rules []RuleRef
		for _, name := range view.firewalls {
			fw := c.Firewall(name)
			for i := range fw.Inbound {
				if r := &fw.Inbound[i]; r.Protocol.Has(proto) && r.Ports.Contains(port) {
					rules = append(rules, RuleRef{Firewall: fw.Name, Index: i, Rule: *r})
				}
			}
		}
		return bestRule(rules, from), rules
	})
}

// serverView is what a check needs of a server.
type serverView struct {
	name             string
	public, private  netip.Addr
	firewalls        []string
	internalFirewall string // first attached firewall that allows the internal network
}

func (c *Config) serverView(s *Server) serverView {
	v := serverView{name: s.Name, public: s.PublicIP, private: s.PrivateIP, firewalls: c.Attached(s.Name)}
	for _, name := range v.firewalls {
		if c.Firewall(name).AllowInternal {
			v.internalFirewall = name
			break
		}
	}
	return v
}

// bestRule picks, among rules, the admitting rule for from with the
// narrowest source, the first on a tie; -1 when none admits.
func bestRule(rules []RuleRef, from netip.Addr) int {
	best := -1
	for i := range rules {
		src := rules[i].Rule.Source
		if src.Contains(from) && (best < 0 || src.Bits() > rules[best].Rule.Source.Bits()) {
			best = i
		}
	}
	return best
}

// matchFunc finds the rules covering proto/port on the destination server
// and, among them, the index of the one that admits from (-1 for none).
type matchFunc func(proto Protocol, port uint16, from netip.Addr) (best int, covering []RuleRef)

// decide is the part of a check shared by Config.Check and Policy.Check:
// resolving the packet, the switches, and the verdict's evidence; match
// does the rule lookup, by scanning or from compiled tables.
func decide(pkt Packet, dst, srcServer *serverView, match matchFunc) (Verdict, error) {
	if pkt.Protocol != TCP && pkt.Protocol != UDP {
		return Verdict{}, fmt.Errorf("firewall: protocol %q is not tcp or udp", pkt.Protocol)
	}
	if pkt.Port == 0 {
		return Verdict{}, fmt.Errorf("firewall: port 0 is out of range 1-65535")
	}
	if pkt.To > DestPrivate {
		return Verdict{}, fmt.Errorf("firewall: invalid destination %d", pkt.To)
	}
	switch {
	case srcServer != nil:
		if pkt.Source.IsValid() {
			return Verdict{}, fmt.Errorf("firewall: a packet has a source address or a source server, not both")
		}
		if pkt.To == DestAuto {
			pkt.To = DestPrivate
		}
		pkt.Source = srcServer.private
		if pkt.To == DestPublic {
			pkt.Source = srcServer.public
		}
		if !pkt.Source.IsValid() {
			return Verdict{}, fmt.Errorf("firewall: server %q has no %s address to send from", srcServer.name, pkt.To)
		}
	case pkt.Source.IsValid():
		if pkt.Source.Zone() != "" {
			return Verdict{}, fmt.Errorf("firewall: source %s has a zone; zones are not allowed", pkt.Source)
		}
		pkt.Source = pkt.Source.Unmap()
		if pkt.To == DestAuto {
			pkt.To = DestPublic
		}
	default:
		return Verdict{}, fmt.Errorf("firewall: the packet has no source")
	}

	v := Verdict{Packet: pkt, Firewalls: dst.firewalls, Dest: dst.public}
	if pkt.To == DestPrivate {
		v.Dest = dst.private
	}
	if !v.Dest.IsValid() {
		v.Reason = ReasonNoAddress
		return v, nil
	}
	if len(dst.firewalls) == 0 {
		v.Reason = ReasonNoFirewall
		v.Fix = smallestFix(&v)
		return v, nil
	}
	if pkt.To == DestPrivate && dst.internalFirewall != "" {
		v.Allowed, v.Reason, v.Firewall = true, ReasonInternal, dst.internalFirewall
		return v, nil
	}
	best, covering := match(pkt.Protocol, pkt.Port, pkt.Source)
	if best >= 0 {
		v.Allowed, v.Reason, v.Rule = true, ReasonRule, covering[best]
		v.Firewall = v.Rule.Firewall
		return v, nil
	}
	v.Near = covering
	switch {
	case pkt.To == DestPrivate:
		v.Reason = ReasonInternalOff
	case len(covering) == 0:
		v.Reason = ReasonNoRuleForPort
	default:
		v.Reason = ReasonSourceNotAllowed
	}
	v.Fix = smallestFix(&v)
	return v, nil
}

// smallestFix is the narrowest rule that admits the packet: its protocol,
// its port, its source address alone.
func smallestFix(v *Verdict) Fix {
	p := v.Packet
	fix := Fix{Rule: Rule{
		Service:  serviceFor(p.Protocol, p.Port),
		Protocol: p.Protocol,
		Ports:    PortRange{p.Port, p.Port},
		Source:   hostPrefix(p.Source),
	}}
	if len(v.Firewalls) > 0 {
		fix.Firewall = v.Firewalls[0]
	}
	return fix
}
