package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/cloudkeypair/keypair/firewall"
)

var cmdFirewallShow = &command{
	Name:      "show",
	UsageLine: "firewall show -c FILE [--json]",
	Short:     "print each server's effective inbound policy",
	Long: `
Show prints, for each server, what reaches it: the firewalls attached from
either side, whether the internal network is allowed, and one line per
admitted protocol and port range with the smallest set of source prefixes,
merged from all of its firewalls. A server with the same firewalls as an
earlier one refers to it ("inbound: as for web1") instead of repeating its
lines.
`,
	Setup: setupFirewallShow,
}

// firewallShowFlags are the flags of cmdFirewallShow.
type firewallShowFlags struct {
	firewallFileFlags
}

func setupFirewallShow(fs *flag.FlagSet) runFunc {
	f := &firewallShowFlags{}
	f.firewallFileFlags.register(fs, "print the policies as JSON")
	return f.run
}

func (f *firewallShowFlags) run(ctx context.Context, sio *stdio, args []string) error {
	cfg, err := loadFirewallFile(sio, f.file)
	if err != nil {
		return err
	}
	policies := cfg.Effective()
	if f.json {
		return printJSON(sio.Out, struct {
			Servers []firewall.ServerPolicy `json:"servers"`
		}{policies})
	}
	// One write per line would be a system call per line: tens of
	// thousands for a large account.
	out := bufio.NewWriter(sio.Out)
	for i, sp := range policies {
		if i > 0 {
			fmt.Fprintln(out)
		}
		printPolicy(out, sp)
	}
	return out.Flush()
}

// printPolicy prints one server's policy:
//
//	web1 (public 203.0.113.50, private 10.0.0.5)
//	  firewalls: web
//	  internal network: blocked
//	  tcp/22           203.0.113.7/32
func printPolicy(w io.Writer, sp firewall.ServerPolicy) {
	var addrs []string
	if sp.PublicIP.IsValid() {
		addrs = append(addrs, "public "+sp.PublicIP.String())
	}
	if sp.PrivateIP.IsValid() {
		addrs = append(addrs, "private "+sp.PrivateIP.String())
	}
	if len(addrs) == 0 {
		addrs = append(addrs, "no addresses")
	}
	fmt.Fprintf(w, "%s (%s)\n", escape(sp.Server), strings.Join(addrs, ", "))
	if len(sp.Firewalls) == 0 {
		fmt.Fprintf(w, "  firewalls: none, so every port is closed\n")
		return
	}
	fmt.Fprintf(w, "  firewalls: %s\n", escape(strings.Join(sp.Firewalls, ", ")))
	if sp.InternalFirewall != "" {
		fmt.Fprintf(w, "  internal network: allowed by firewall %q\n", sp.InternalFirewall)
	} else {
		fmt.Fprintf(w, "  internal network: blocked\n")
	}
	if len(sp.Inbound) == 0 {
		fmt.Fprintf(w, "  no inbound rules\n")
	}
	if sp.SameAs != "" && len(sp.Inbound) > 0 {
		// Printed once per set of firewalls: a thousand servers on the
		// same firewalls would otherwise repeat every line a thousand times.
		fmt.Fprintf(w, "  inbound: as for %s, which has the same firewalls\n", sp.SameAs)
		return
	}
	for _, a := range sp.Inbound {
		sources := make([]string, len(a.Sources))
		for i, p := range a.Sources {
			sources[i] = p.String()
		}
		fmt.Fprintf(w, "  %-16s %s\n", a.Protocol.String()+"/"+a.Ports.String(), strings.Join(sources, ", "))
	}
}
