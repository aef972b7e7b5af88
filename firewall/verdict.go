package firewall

import (
	"encoding/json"
	"fmt"
	"net/netip"
	"strings"
)

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
	// To resolved from NetworkAuto.
	Packet Packet

	// ServerAddr is the server's address the packet was sent to, public
	// or private as Packet.To says (zero with ReasonNoAddress).
	ServerAddr netip.Addr

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
	if v.ServerAddr.IsValid() {
		what += " " + v.ServerAddr.String()
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
		To           Network    `json:"to"`
		ServerAddr   netip.Addr `json:"destination,omitzero"`
		Firewalls    []string   `json:"firewalls"`
		Firewall     string     `json:"firewall,omitempty"`
		Rule         *RuleRef   `json:"rule"`
		Near         []RuleRef  `json:"near"`
		Fix          *Fix       `json:"fix"`
	}{
		Verdict: "deny", Allowed: v.Allowed, Reason: v.Reason, Why: v.Why(),
		Server: v.Packet.Server, Source: v.Packet.Source, SourceServer: v.Packet.SourceServer,
		Protocol: v.Packet.Protocol, Port: v.Packet.Port, To: v.Packet.To, ServerAddr: v.ServerAddr,
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
