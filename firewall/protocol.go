package firewall

import (
	"fmt"
	"strconv"
	"strings"
)

// Protocol is a set of transport protocols. A rule normally has one; a rule
// made from a catalog service that runs on both (DNS) has [TCP]|[UDP].
type Protocol uint8

// The protocols a cloud firewall filters on.
const (
	TCP Protocol = 1 << iota
	UDP
)

// protocols lists the single protocols in the order they are printed.
var protocols = [...]Protocol{TCP, UDP}

// String returns "tcp", "udp", "tcp+udp", or "" for the empty set.
func (p Protocol) String() string {
	switch p {
	case TCP:
		return "tcp"
	case UDP:
		return "udp"
	case TCP | UDP:
		return "tcp+udp"
	case 0:
		return ""
	}
	return fmt.Sprintf("protocol(%d)", uint8(p))
}

// MarshalText writes the protocol as [Protocol.String] does.
func (p Protocol) MarshalText() ([]byte, error) { return []byte(p.String()), nil }

// Has reports whether p includes every protocol in q.
func (p Protocol) Has(q Protocol) bool { return q != 0 && p&q == q }

// ParseProtocol reads "tcp" or "udp", in any case.
func ParseProtocol(s string) (Protocol, error) {
	switch strings.ToLower(s) {
	case "tcp":
		return TCP, nil
	case "udp":
		return UDP, nil
	}
	return 0, fmt.Errorf("firewall: protocol %q is not tcp or udp", s)
}

// PortRange is an inclusive range of ports, From <= To, both within 1-65535.
// A single port has From == To.
type PortRange struct {
	From, To uint16
}

// allPorts is every port a rule can name.
var allPorts = PortRange{1, 65535}

// String returns "22" for a single port and "60000-61000" for a range.
func (r PortRange) String() string {
	if r.From == r.To {
		return strconv.Itoa(int(r.From))
	}
	return strconv.Itoa(int(r.From)) + "-" + strconv.Itoa(int(r.To))
}

// MarshalText writes the range as [PortRange.String] does.
func (r PortRange) MarshalText() ([]byte, error) { return []byte(r.String()), nil }

// Contains reports whether port is in the range.
func (r PortRange) Contains(port uint16) bool { return r.From <= port && port <= r.To }

// Covers reports whether every port of o is in r.
func (r PortRange) Covers(o PortRange) bool { return r.From <= o.From && o.To <= r.To }

// Len is the number of ports in the range.
func (r PortRange) Len() int { return int(r.To) - int(r.From) + 1 }

// validate checks what a decoded or hand-built range must satisfy.
func (r PortRange) validate() error {
	if r.From == 0 || r.To == 0 {
		return fmt.Errorf("port 0 is out of range 1-65535")
	}
	if r.From > r.To {
		return fmt.Errorf("%d-%d runs backwards (FROM must not be above TO)", r.From, r.To)
	}
	return nil
}

// ParsePortRange reads a single port ("22") or a range ("60000-61000").
// Ports are decimal without leading zeros (so "022" cannot be mistaken for
// octal) and within 1-65535, and FROM must not be above TO.
func ParsePortRange(s string) (PortRange, error) {
	r, err := parsePorts(s)
	if err == nil {
		err = r.validate()
	}
	if err != nil {
		return PortRange{}, fmt.Errorf("firewall: ports: %v", err)
	}
	return r, nil
}

// parsePorts reads the syntax of a port range; range order and port 0 are
// left to [PortRange.validate], which hand-built configs go through too.
func parsePorts(s string) (PortRange, error) {
	from, to, isRange := strings.Cut(s, "-")
	lo, err := parsePort(from, s)
	if err != nil {
		return PortRange{}, err
	}
	hi := lo
	if isRange {
		if hi, err = parsePort(to, s); err != nil {
			return PortRange{}, err
		}
	}
	return PortRange{lo, hi}, nil
}

func parsePort(s, whole string) (uint16, error) {
	if s == "" {
		return 0, fmt.Errorf("%q is not a port or FROM-TO range", whole)
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return 0, fmt.Errorf("%q is not a port or FROM-TO range", whole)
		}
	}
	if len(s) > 1 && s[0] == '0' {
		return 0, fmt.Errorf("port %q has a leading zero", s)
	}
	if len(s) > 5 {
		return 0, fmt.Errorf("port %s is out of range 1-65535", s)
	}
	n, _ := strconv.Atoi(s)
	if n > 65535 {
		return 0, fmt.Errorf("port %d is out of range 1-65535", n)
	}
	return uint16(n), nil
}
