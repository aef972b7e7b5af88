package firewall

import (
	"encoding/json"
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

// Reason is why a packet is admitted or denied.
type Reason uint8

// The reasons a [Verdict] gives.
const (
	// ReasonRule: an inbound rule admits the packet (Verdict.Rule).
	ReasonRule Reason = iota + 1
	// ReasonInternal: the packet came over the private network and an
	// attached firewall allows the internal network (Verdict.Firewall).
	ReasonInternal
	// ReasonNoAddress: the server has no address of the kind the packet
	// was sent to (no public_ip or no private_ip in the file).
	ReasonNoAddress
	// ReasonNoFirewall: no firewall is attached, so every port is closed.
	ReasonNoFirewall
	// ReasonNoRuleForPort: no attached firewall has a rule for the
	// protocol and port, from any source.
	ReasonNoRuleForPort
	// ReasonSourceNotAllowed: rules exist for the port (Verdict.Near) but
	// none admits the source address.
	ReasonSourceNotAllowed
	// ReasonInternalOff: the packet came over the private network, no
	// attached firewall allows the internal network, and no rule admits it.
	ReasonInternalOff
)

var reasonNames = [...]string{
	ReasonRule:             "rule",
	ReasonInternal:         "internal",
	ReasonNoAddress:        "no-address",
	ReasonNoFirewall:       "no-firewall",
	ReasonNoRuleForPort:    "no-rule-for-port",
	ReasonSourceNotAllowed: "source-not-allowed",
	ReasonInternalOff:      "internal-off",
}

// String returns the reason's stable name, e.g. "no-rule-for-port".
func (r Reason) String() string {
	if int(r) < len(reasonNames) && reasonNames[r] != "" {
		return reasonNames[r]
	}
	return fmt.Sprintf("reason(%d)", uint8(r))
}

// MarshalText writes the reason's stable name.
func (r Reason) MarshalText() ([]byte, error) { return []byte(r.String()), nil }

// RuleRef is a rule together with where it is: its firewall and its index
// in that firewall's inbound list.
type RuleRef struct {
	Firewall string `json:"firewall"`
	Index    int    `json:"index"`
	Rule     Rule   `json:"rule"`
}

// Fix is the smallest change that would admit a denied packet: Rule added to
// Firewall, or, when Firewall is "", to a new firewall attached to the
// server.
type Fix struct {
	Firewall string `json:"firewall"`
	Rule     Rule   `json:"rule"`
}

// Verdict is Check's answer, with its evidence.
type Verdict struct {
	Allowed bool
	Reason  Reason

	// Packet is the packet as checked: Source resolved from SourceServer,
	// To resolved from DestAuto.
	Packet Packet

	// Dest is the server's address the packet was sent to (zero with
	// ReasonNoAddress).
	Dest netip.Addr

	// Firewalls are the firewalls attached to the server.
	Firewalls []string

	// Firewall is the firewall that admits the packet (ReasonRule,
	// ReasonInternal). Rule is the admitting rule (ReasonRule): of the
	// rules that admit, the one with the narrowest source, then the first
	// in file order.
	Firewall string
	Rule     RuleRef

	// Near are the rules for the packet's protocol and port whose sources
	// do not include it (ReasonSourceNotAllowed, ReasonInternalOff).
	Near []RuleRef

	// Fix is set on every denial but ReasonNoAddress: the one-address
	// rule for exactly this protocol and port.
	Fix Fix
}

// String is the verdict in one line, e.g.
//
//	deny: tcp/3306 from 198.51.100.9 to web1's public address 203.0.113.50: no rule admits tcp/3306 from any source (firewalls: web)
func (v Verdict) String() string {
	p := v.Packet
	word := "deny"
	if v.Allowed {
		word = "allow"
	}
	what := fmt.Sprintf("%s/%d from %s to %s's %s address", p.Protocol, p.Port, p.Source, p.Server, p.To)
	if v.Dest.IsValid() {
		what += " " + v.Dest.String()
	}
	return word + ": " + what + ": " + v.Why()
}

// Why explains the verdict in one sentence, without the packet.
func (v Verdict) Why() string {
	p := v.Packet
	fws := "none"
	if len(v.Firewalls) > 0 {
		fws = strings.Join(v.Firewalls, ", ")
	}
	switch v.Reason {
	case ReasonRule:
		return fmt.Sprintf("firewall %q inbound[%d] admits %s", v.Rule.Firewall, v.Rule.Index, v.Rule.Rule)
	case ReasonInternal:
		return fmt.Sprintf("firewall %q allows the internal network", v.Firewall)
	case ReasonNoAddress:
		return fmt.Sprintf("server %s has no %s address in the file", p.Server, p.To)
	case ReasonNoFirewall:
		return fmt.Sprintf("no firewall is attached to %s, so every port is closed", p.Server)
	case ReasonNoRuleForPort:
		return fmt.Sprintf("no rule admits %s/%d from any source (firewalls: %s)", p.Protocol, p.Port, fws)
	case ReasonSourceNotAllowed:
		return fmt.Sprintf("rules admit %s/%d but not from %s (firewalls: %s)", p.Protocol, p.Port, p.Source, fws)
	case ReasonInternalOff:
		return fmt.Sprintf("no attached firewall allows the internal network and no rule admits %s/%d from %s (firewalls: %s)", p.Protocol, p.Port, p.Source, fws)
	}
	return "invalid verdict"
}

// MarshalJSON writes the verdict as the package doc's schema says.
func (v Verdict) MarshalJSON() ([]byte, error) {
	out := struct {
		Verdict      string     `json:"verdict"`
		Allowed      bool       `json:"allowed"`
		Reason       Reason     `json:"reason"`
		Why          string     `json:"why"`
		Server       string     `json:"server"`
		Source       netip.Addr `json:"source"`
		SourceServer string     `json:"source_server,omitempty"`
		Protocol     Protocol   `json:"protocol"`
		Port         uint16     `json:"port"`
		To           Dest       `json:"to"`
		Dest         netip.Addr `json:"destination,omitzero"`
		Firewalls    []string   `json:"firewalls"`
		Firewall     string     `json:"firewall,omitempty"`
		Rule         *RuleRef   `json:"rule"`
		Near         []RuleRef  `json:"near"`
		Fix          *Fix       `json:"fix"`
	}{
		Verdict: "deny", Allowed: v.Allowed, Reason: v.Reason, Why: v.Why(),
		Server: v.Packet.Server, Source: v.Packet.Source, SourceServer: v.Packet.SourceServer,
		Protocol: v.Packet.Protocol, Port: v.Packet.Port, To: v.Packet.To, Dest: v.Dest,
		Firewalls: v.Firewalls, Firewall: v.Firewall, Near: v.Near,
	}
	if v.Allowed {
		out.Verdict = "allow"
	}
	if v.Reason == ReasonRule {
		out.Rule = &v.Rule
	}
	if !v.Allowed && v.Reason != ReasonNoAddress {
		out.Fix = &v.Fix
	}
	if out.Firewalls == nil {
		out.Firewalls = []string{}
	}
	if out.Near == nil {
		out.Near = []RuleRef{}
	}
	return json.Marshal(out)
}

// String describes a rule as "SSH tcp/22 from 203.0.113.7/32 (office)".
func (r Rule) String() string {
	s := fmt.Sprintf("%s/%s from %s", r.Protocol, r.Ports, r.Source)
	if r.Service != "" {
		s = r.Service + " " + s
	}
	if r.Description != "" {
		s += fmt.Sprintf(" (%s)", r.Description)
	}
	return s
}

// Check answers whether pkt reaches its server, with the evidence. It
// evaluates the rules directly; to check many packets against one config,
// [Config.Compile] once and use [Policy.Check]. The error is for a packet
// that cannot be checked: an unknown server, no source, a protocol other than
// TCP or UDP, port 0.
func (c *Config) Check(pkt Packet) (Verdict, error) {
	dst := c.server(pkt.Server)
	if dst == nil {
		return Verdict{}, fmt.Errorf("firewall: no server is named %q", pkt.Server)
	}
	view := c.serverView(dst)
	var src *serverView
	if pkt.SourceServer != "" {
		s := c.server(pkt.SourceServer)
		if s == nil {
			return Verdict{}, fmt.Errorf("firewall: no server is named %q", pkt.SourceServer)
		}
		sv := c.serverView(s)
		src = &sv
	}
	return decide(pkt, &view, src, func(proto Protocol, port uint16, from netip.Addr) (int, []RuleRef) {
		var rules []RuleRef
		for _, name := range view.firewalls {
			fw := c.firewall(name)
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
		if c.firewall(name).AllowInternal {
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
