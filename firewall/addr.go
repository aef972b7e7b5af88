package firewall

import (
	"fmt"
	"net/netip"
	"strings"
)

// Addresses are parsed once, with net/netip, into the one canonical form the
// rest of the package relies on: no zone, IPv4 never written as IPv4-mapped
// IPv6, prefixes with no host bits. A CIDR with host bits set is an error
// rather than silently masked, because "203.0.113.7/24" usually means the
// user wanted one address and would open 256.

// ParseAddr reads one address as the firewall file does: no zone, no
// leading zeros, and an IPv4-mapped IPv6 address (::ffff:192.0.2.1) becomes
// its IPv4 address.
func ParseAddr(s string) (netip.Addr, error) {
	a, _, err := parseAddr(s)
	if err != nil {
		return netip.Addr{}, fmt.Errorf("firewall: %v", err)
	}
	return a, nil
}

// ParsePrefix reads a rule's source as the firewall file does: a CIDR, or a
// bare address meaning /32 (IPv4) or /128 (IPv6). It rejects zones, leading
// zeros and host bits set after the prefix length, and turns an
// IPv4-mapped IPv6 prefix (::ffff:192.0.2.0/120) into IPv4 (192.0.2.0/24).
func ParsePrefix(s string) (netip.Prefix, error) {
	p, _, err := parsePrefix(s)
	if err == nil {
		err = checkPrefix(p)
	}
	if err != nil {
		return netip.Prefix{}, fmt.Errorf("firewall: %v", err)
	}
	return p, nil
}

// parseAddr is [ParseAddr] that also says whether the address was
// IPv4-mapped, so the decoder can warn about it.
func parseAddr(s string) (a netip.Addr, mapped bool, err error) {
	a, mapped, reason := readAddr(s)
	if reason != "" {
		return netip.Addr{}, false, fmt.Errorf("%q is not an IP address: %s", s, reason)
	}
	return a, mapped, nil
}

// readAddr parses an address and unmaps it, or says why it cannot.
func readAddr(s string) (a netip.Addr, mapped bool, reason string) {
	if strings.Contains(s, "%") {
		return netip.Addr{}, false, fmt.Sprintf("zones (%q) are not allowed", s[strings.Index(s, "%"):])
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Addr{}, false, netipReason(err)
	}
	if a.Is4In6() {
		return a.Unmap(), true, ""
	}
	return a, false, ""
}

// parsePrefix reads the syntax of a source. Host bits are left to
// checkPrefix, which hand-built configs go through too.
func parsePrefix(s string) (p netip.Prefix, mapped bool, err error) {
	addrPart, bitsPart, hasBits := strings.Cut(s, "/")
	if !hasBits {
		a, mapped, err := parseAddr(s)
		return hostPrefix(a), mapped, err
	}
	bad := func(reason string) error { return fmt.Errorf("%q is not an address or CIDR: %s", s, reason) }
	a, mapped, reason := readAddr(addrPart)
	if reason != "" {
		return netip.Prefix{}, false, bad(reason)
	}
	// Parse the length against the address as written, so that a mapped
	// prefix is checked as IPv6 and then shortened by 96.
	written := a
	if mapped {
		written = netip.AddrFrom16(a.As16())
	}
	wp, err := netip.ParsePrefix(written.String() + "/" + bitsPart)
	if err != nil {
		return netip.Prefix{}, false, bad(netipReason(err))
	}
	bits := wp.Bits()
	if mapped {
		if bits < 96 {
			return netip.Prefix{}, false, bad("an IPv4-mapped prefix shorter than /96 covers more than IPv4")
		}
		bits -= 96
	}
	return netip.PrefixFrom(a, bits), mapped, nil
}

// checkPrefix enforces the canonical form on a parsed or hand-built prefix.
func checkPrefix(p netip.Prefix) error {
	if !p.IsValid() {
		return fmt.Errorf("is missing or invalid")
	}
	a := p.Addr()
	if a.Zone() != "" {
		return fmt.Errorf("%s has a zone; zones are not allowed", p)
	}
	if a.Is4In6() {
		return fmt.Errorf("%s is IPv4-mapped IPv6; write it as IPv4", p)
	}
	if m := p.Masked(); m != p {
		one := netip.PrefixFrom(a, a.BitLen())
		return fmt.Errorf("%s has host bits set: did you mean %s, or %s for one address?", p, m, one)
	}
	return nil
}

// checkAddr enforces the canonical form on a server's address.
func checkAddr(a netip.Addr) error {
	if a.Zone() != "" {
		return fmt.Errorf("%s has a zone; zones are not allowed", a)
	}
	if a.Is4In6() {
		return fmt.Errorf("%s is IPv4-mapped IPv6; write it as IPv4", a)
	}
	return nil
}

// netipReason keeps the part of a net/netip error that explains the
// problem, dropping its echo of the function call and input.
func netipReason(err error) string {
	msg := err.Error()
	if i := strings.LastIndex(msg, "): "); i >= 0 {
		msg = msg[i+3:]
	}
	return msg
}

// hostPrefix is the one-address prefix of a.
func hostPrefix(a netip.Addr) netip.Prefix { return netip.PrefixFrom(a, a.BitLen()) }
