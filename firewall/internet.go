package firewall

import (
	"net/netip"
	"sync"

	"go4.org/netipx"
)

// The whole internet, for the exposure lints: every address that can be the
// source of a packet from the internet. A rule set that covers it admits
// anyone, however it is written (0.0.0.0/0, or 0.0.0.0/1 plus 128.0.0.0/1,
// or everything but 10.0.0.0/8). IPv4 is 0.0.0.0/0 without the ranges that
// never arrive from the internet (RFC 6890: this network, private,
// shared, loopback, link-local, multicast and reserved); IPv6 is the
// global unicast space, 2000::/3.
//
// The sets are built on first use: built at package init they would cost
// every keyconv process, the key commands included, which must start as
// fast as puttygen (issue 13).
var internetSets = sync.OnceValues(mustInternet)

func mustInternet() (v4, v6 *netipx.IPSet) {
	var b netipx.IPSetBuilder
	b.AddPrefix(netip.MustParsePrefix("0.0.0.0/0"))
	for _, p := range []string{"0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.168.0.0/16", "224.0.0.0/3"} {
		b.RemovePrefix(netip.MustParsePrefix(p))
	}
	v4, err := b.IPSet()
	if err != nil {
		panic(err)
	}
	var b6 netipx.IPSetBuilder
	b6.AddPrefix(netip.MustParsePrefix("2000::/3"))
	v6, err = b6.IPSet()
	if err != nil {
		panic(err)
	}
	return v4, v6
}

// coversInternet reports whether set includes all of internet.
func coversInternet(set, internet *netipx.IPSet) bool {
	for _, r := range internet.Ranges() {
		if !set.ContainsRange(r) {
			return false
		}
	}
	return true
}

// Wide sources, for the port-range and SSH lints: more addresses than one
// IPv4 /24 (a typical office or cloud subnet) or one IPv6 /48 (a site).
const (
	wideBits4 = 24
	wideBits6 = 48
)

func isWide(p netip.Prefix) bool {
	if p.Addr().Is4() {
		return p.Bits() < wideBits4
	}
	return p.Bits() < wideBits6
}

// privateRanges are the ranges a cloud's private network is numbered from
// (RFC 1918, the shared space of RFC 6598, IPv6 unique local addresses),
// and loopback, which test files use to stand in for servers.
var privateRanges = []netip.Prefix{
	netip.MustParsePrefix("10.0.0.0/8"),
	netip.MustParsePrefix("172.16.0.0/12"),
	netip.MustParsePrefix("192.168.0.0/16"),
	netip.MustParsePrefix("100.64.0.0/10"),
	netip.MustParsePrefix("fc00::/7"),
	loopback4,
	loopback6,
}

var (
	loopback4 = netip.MustParsePrefix("127.0.0.0/8")
	loopback6 = netip.MustParsePrefix("::1/128")
)

// isPrivate reports whether a is in one of privateRanges.
func isPrivate(a netip.Addr) bool {
	for _, r := range privateRanges {
		if r.Contains(a) {
			return true
		}
	}
	return false
}

// isPublic reports whether a is an address the internet can reach.
func isPublic(a netip.Addr) bool {
	v4, v6 := internetSets()
	if a.Is4() {
		return v4.Contains(a)
	}
	return v6.Contains(a)
}

// isLoopback reports whether a is a loopback address: accepted in either
// of a server's address fields without a finding.
func isLoopback(a netip.Addr) bool { return loopback4.Contains(a) || loopback6.Contains(a) }

// samePrivateRange reports whether a and b lie in one of privateRanges:
// the private network a server's address says it is on.
func samePrivateRange(a, b netip.Addr) bool {
	for _, r := range privateRanges {
		if r.Contains(a) && r.Contains(b) {
			return true
		}
	}
	return false
}
