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
	// ReasonInternal: the packet came from a server over the private
	// network and an attached firewall allows the internal network
	// (Verdict.Firewall).
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
	// ReasonInternalOff: the packet came from a server over the private
	// network and no attached firewall allows the internal network, the
	// only thing that admits it (inbound rules do not).
	ReasonInternalOff
	// ReasonNotPrivateSource: the packet was sent to the private address
	// from an address that is no server's: neither a server's private
	// address in the file nor in the destination's private range.
	ReasonNotPrivateSource
	// ReasonFamilyMismatch: the source is IPv6 and the server's address
	// IPv4, or the reverse, so the packet cannot arrive.
	ReasonFamilyMismatch
)

var reasonNames = [...]string{
	ReasonRule:             "rule",
	ReasonInternal:         "internal",
	ReasonNoAddress:        "no-address",
	ReasonNoFirewall:       "no-firewall",
	ReasonNoRuleForPort:    "no-rule-for-port",
	ReasonSourceNotAllowed: "source-not-allowed",
	ReasonInternalOff:      "internal-off",
	ReasonNotPrivateSource: "not-private-source",
	ReasonFamilyMismatch:   "family-mismatch",
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

// Fix is the smallest change that would admit a denied packet. On the
// public path it is Rule added to Firewall; over the private network it is
// AllowInternal, the "allow internal network" switch turned on in Firewall.
// Firewall "" means a new firewall attached to the server.
type Fix struct {
	Firewall      string
	AllowInternal bool
	Rule          Rule // zero when AllowInternal
}

// IsZero reports whether f is no fix at all: the verdict allowed the
// packet, or no change to the firewalls would admit it.
func (f Fix) IsZero() bool { return f == Fix{} }

// MarshalJSON writes the fix as the package doc's schema says: with
// "allow_internal": true, or with the rule to add.
func (f Fix) MarshalJSON() ([]byte, error) {
	if f.AllowInternal {
		return json.Marshal(struct {
			Firewall      string `json:"firewall"`
			AllowInternal bool   `json:"allow_internal"`
		}{f.Firewall, true})
	}
	return json.Marshal(struct {
		Firewall string `json:"firewall"`
		Rule     Rule   `json:"rule"`
	}{f.Firewall, f.Rule})
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
	// do not include it (ReasonSourceNotAllowed).
	Near []RuleRef

	// Fix is set on every denial a firewall change can lift: on the public
	// path the one-address rule for exactly this protocol and port, over
	// the private network the "allow internal network" switch. It is zero
	// for ReasonNoAddress, ReasonNotPrivateSource and ReasonFamilyMismatch.
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
		return fmt.Sprintf("no attached firewall allows the internal network, the only way in over the private network: inbound rules admit only what arrives at the public address (firewalls: %s)", fws)
	case ReasonNotPrivateSource:
		return fmt.Sprintf("%s is not a server's private address: over the private network only servers of the file, or of %s's private range, reach %s", p.Source, v.ServerAddr, p.Server)
	case ReasonFamilyMismatch:
		return fmt.Sprintf("%s's %s address %s is %s, so a source of the other family (%s) cannot reach it", p.Server, p.To, v.ServerAddr, familyName(v.ServerAddr), p.Source)
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
	if !v.Fix.IsZero() {
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

// familyName names an address's family for messages.
func familyName(a netip.Addr) string {
	if a.Is4() {
		return "IPv4"
	}
	return "IPv6"
}
