package firewall

import (
	"fmt"
	"net/netip"
	"strings"
)

// Network says which of a server's two addresses a packet is sent to, and
// so over which network it arrives: the internet or the private network.
type Network uint8

// The networks a packet can arrive over.
const (
	// NetworkAuto is NetworkPrivate when the packet comes from another
	// server (Packet.SourceServer) and NetworkPublic when it comes from
	// an address.
	NetworkAuto Network = iota
	// NetworkPublic is the internet, to the server's public address:
	// only inbound rules admit.
	NetworkPublic
	// NetworkPrivate is the private network, to the server's private
	// address: only "allow internal network" admits, and only traffic from
	// servers (see [Config.Check]); inbound rules play no part.
	NetworkPrivate
)

// String returns "public", "private" or "auto".
func (n Network) String() string {
	switch n {
	case NetworkPublic:
		return "public"
	case NetworkPrivate:
		return "private"
	}
	return "auto"
}

// MarshalText writes the network as [Network.String] does.
func (n Network) MarshalText() ([]byte, error) { return []byte(n.String()), nil }

// ParseNetwork reads "public" or "private" ("" is NetworkAuto), as
// keyconv firewall check --to takes them.
func ParseNetwork(s string) (Network, error) {
	switch strings.ToLower(s) {
	case "":
		return NetworkAuto, nil
	case "public":
		return NetworkPublic, nil
	case "private":
		return NetworkPrivate, nil
	}
	return NetworkAuto, fmt.Errorf("firewall: destination %q is not public or private", s)
}

// Packet is the first packet of a connection, as Check sees it.
type Packet struct {
	// Server is the destination server's name.
	Server string

	// Source is where the packet comes from. Set either Source or
	// SourceServer: the name of another server in the config, whose
	// private address (public, with To NetworkPublic) is the source.
	Source       netip.Addr
	SourceServer string

	Protocol Protocol // TCP or UDP
	Port     uint16
	To       Network
}

// Check answers whether pkt reaches its server, with the evidence.
//
// The cloud's rules, as its firewall page states them: inbound rules admit
// what arrives at a server's public address; traffic between servers over
// the private network is blocked unless a firewall attached to the
// destination allows the internal network, whatever a rule's source covers
// (a rule from 10.0.0.0/8 or 0.0.0.0/0 admits nothing over the private
// network). The switch admits only servers: a source that is the private
// address of a server in the file, or that lies in the same private range
// as the destination's private address (10.0.0.0/8, 172.16.0.0/12,
// 192.168.0.0/16, 100.64.0.0/10, fc00::/7, or loopback 127.0.0.0/8 for
// test stand-ins). A source of the other address family than the
// server's address never arrives.
//
// Check compiles what the destination server needs and asks [Policy.Check], so a
// one-off check and a compiled policy give the same verdict; to check many
// packets against one config, [Config.Compile] it once instead. The error
// is for a packet that cannot be checked: an unknown server, no source, a
// protocol other than TCP or UDP, port 0.
func (c *Config) Check(pkt Packet) (Verdict, error) {
	return c.compile(pkt.Server, pkt.SourceServer).Check(pkt)
}

// check is the one evaluator behind [Config.Check] and [Policy.Check]:
// it resolves the packet, applies the switches and builds the verdict's
// evidence; dst.set.match does the rule lookup from compiled tables.
func check(pkt Packet, dst, srcServer *compiledServer, isServer func(netip.Addr) bool) (Verdict, error) {
	if pkt.Protocol != TCP && pkt.Protocol != UDP {
		return Verdict{}, fmt.Errorf("firewall: protocol %q is not tcp or udp", pkt.Protocol)
	}
	if pkt.Port == 0 {
		return Verdict{}, fmt.Errorf("firewall: port 0 is out of range 1-65535")
	}
	if pkt.To > NetworkPrivate {
		return Verdict{}, fmt.Errorf("firewall: invalid destination %d", pkt.To)
	}
	switch {
	case srcServer != nil:
		if pkt.Source.IsValid() {
			return Verdict{}, fmt.Errorf("firewall: a packet has a source address or a source server, not both")
		}
		if pkt.To == NetworkAuto {
			pkt.To = NetworkPrivate
		}
		pkt.Source = srcServer.private
		if pkt.To == NetworkPublic {
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
		if pkt.To == NetworkAuto {
			pkt.To = NetworkPublic
		}
	default:
		return Verdict{}, fmt.Errorf("firewall: the packet has no source")
	}

	set := dst.set
	v := Verdict{Packet: pkt, Firewalls: set.names, ServerAddr: dst.public}
	if pkt.To == NetworkPrivate {
		v.ServerAddr = dst.private
	}
	if !v.ServerAddr.IsValid() {
		v.Reason = ReasonNoAddress
		return v, nil
	}
	if pkt.Source.Is4() != v.ServerAddr.Is4() {
		v.Reason = ReasonFamilyMismatch
		return v, nil
	}
	if pkt.To == NetworkPrivate {
		return checkPrivate(v, dst, isServer), nil
	}
	if len(set.names) == 0 {
		v.Reason = ReasonNoFirewall
		v.Fix = smallestFix(&v)
		return v, nil
	}
	best, covering := set.match(pkt.Protocol, pkt.Port, pkt.Source)
	if best >= 0 {
		v.Allowed, v.Reason, v.Rule = true, ReasonRule, covering[best]
		v.Firewall = v.Rule.Firewall
		return v, nil
	}
	v.Near = covering
	v.Reason = ReasonSourceNotAllowed
	if len(covering) == 0 {
		v.Reason = ReasonNoRuleForPort
	}
	v.Fix = smallestFix(&v)
	return v, nil
}

// checkPrivate decides a packet over the private network: from a server,
// and through the "allow internal network" switch alone.
func checkPrivate(v Verdict, dst *compiledServer, isServer func(netip.Addr) bool) Verdict {
	src := v.Packet.Source
	if !isServer(src) && !samePrivateRange(src, dst.private) {
		v.Reason = ReasonNotPrivateSource
		return v
	}
	set := dst.set
	switch {
	case len(set.names) == 0:
		v.Reason = ReasonNoFirewall
		v.Fix = Fix{AllowInternal: true}
	case set.internalFirewall == "":
		v.Reason = ReasonInternalOff
		v.Fix = Fix{Firewall: set.names[0], AllowInternal: true}
	default:
		v.Allowed, v.Reason, v.Firewall = true, ReasonInternal, set.internalFirewall
	}
	return v
}

// smallestFix is the narrowest rule that admits a packet on the public
// path: its protocol, its port, its source address alone.
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
