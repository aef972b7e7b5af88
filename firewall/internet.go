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
