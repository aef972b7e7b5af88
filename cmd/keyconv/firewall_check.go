package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/cloudkeypair/keypair/cmd/keyconv/internal/fix"
	"github.com/cloudkeypair/keypair/firewall"
	"go.yaml.in/yaml/v3"
)

var cmdFirewallCheck = &command{
	Name:      "check",
	UsageLine: "firewall check -c FILE --server NAME --from ADDR|SERVER [--port 22] [--proto tcp] [--to public|private] [--json]",
	Short:     "will a connection reach a server?",
	Long: `
Check answers whether a connection from --from reaches --server: allow or
deny, with the firewall and rule that admit it or, when denied, why and the
smallest rule that would admit it.

--from is an IP address, or the name of another server in the file (then
the connection comes from its private address over the private network,
unless --to public). Over the private network only "allow internal
network" (allow_internal: true) admits, and only from servers: inbound
rules apply to the public address alone. Exit status: 0 allowed, 1
denied, 2 usage or file error.
`,
	Setup: setupFirewallCheck,
}

// firewallCheckFlags are the flags of cmdFirewallCheck.
type firewallCheckFlags struct {
	firewallFileFlags
	server, from string
	port         uint
	proto, to    string
}

func setupFirewallCheck(fs *flag.FlagSet) runFunc {
	f := &firewallCheckFlags{}
	f.firewallFileFlags.register(fs, "print the verdict as JSON")
	fs.StringVar(&f.server, "server", "", "the destination server's `NAME`")
	fs.StringVar(&f.from, "from", "", "the source: an IP `ADDRESS` or a server's name")
	fs.UintVar(&f.port, "port", 22, "the destination `PORT`")
	fs.StringVar(&f.proto, "proto", "tcp", "the `PROTOCOL`: tcp or udp")
	fs.StringVar(&f.to, "to", "", "the server's address to reach: `public` or private (default: private from a server, public from an address)")
	return f.run
}

func (f *firewallCheckFlags) run(ctx context.Context, sio *stdio, args []string) error {
	if f.server == "" || f.from == "" {
		return usageErrorf("--server and --from are required")
	}
	if f.port < 1 || f.port > 65535 {
		return usageErrorf("--port %d is out of range 1-65535", f.port)
	}
	p, err := firewall.ParseProtocol(f.proto)
	if err != nil {
		return usageErrorf("--proto: %v", err)
	}
	dest, err := firewall.ParseNetwork(f.to)
	if err != nil {
		return usageErrorf("--to: %v", err)
	}
	cfg, err := loadFirewallFile(sio, f.file)
	if err != nil {
		return err
	}
	pkt := firewall.Packet{Server: f.server, Protocol: p, Port: uint16(f.port), To: dest}
	if pkt.Source, err = firewall.ParseAddr(f.from); err != nil {
		if cfg.Server(f.from) == nil {
			return withHints(usageErrorf("--from: %v, and no server in %s has that name", err, f.file), fix.ServersIn(f.file, cfg))
		}
		pkt.SourceServer = f.from
	}
	v, err := cfg.Check(pkt)
	if err != nil {
		return &exitError{code: exitUsage, err: withHints(err, fix.ServersIn(f.file, cfg))}
	}
	if f.json {
		err = printJSON(sio.Out, v)
	} else {
		err = printVerdict(sio.Out, cfg, v)
	}
	if err != nil {
		return err
	}
	if !v.Allowed {
		return &exitError{code: exitFailure}
	}
	return nil
}

// printVerdict prints a verdict for people:
//
//	deny tcp/22 from 198.51.100.9 to web1 (public 203.0.113.50)
//	  why: rules admit tcp/22 but not from 198.51.100.9 (firewalls: web)
//	  near: firewall "web" inbound[0] at cloud.yaml:5: SSH tcp/22 from 203.0.113.7/32 (office)
//	  fix: add to firewall "web" under inbound:
//	    - service: SSH
//	      source: 198.51.100.9/32
func printVerdict(w io.Writer, cfg *firewall.Config, v firewall.Verdict) error {
	p := v.Packet
	word := "deny"
	if v.Allowed {
		word = "allow"
	}
	from := p.Source.String()
	if p.SourceServer != "" {
		from = fmt.Sprintf("%s (%s)", p.SourceServer, p.Source)
	}
	dest := p.To.String()
	if v.ServerAddr.IsValid() {
		dest += " " + v.ServerAddr.String()
	}
	fmt.Fprintf(w, "%s %s/%d from %s to %s (%s)\n", word, p.Protocol, p.Port, escape(from), escape(p.Server), dest)
	if v.Reason == firewall.ReasonRule {
		fmt.Fprintf(w, "  admitted by: %s\n", ruleAt(cfg, v.Rule))
	} else {
		fmt.Fprintf(w, "  why: %s\n", escape(v.Why()))
	}
	for _, r := range v.Near {
		fmt.Fprintf(w, "  near: %s\n", ruleAt(cfg, r))
	}
	if v.Allowed || v.Fix.IsZero() {
		return nil
	}
	if v.Fix.AllowInternal {
		fmt.Fprintf(w, "  fix: %s\n", fix.Rule(p.Server, v.Fix))
		return nil
	}
	if v.Fix.Firewall == "" {
		fmt.Fprintf(w, "  fix: attach to %s a firewall with, under inbound:\n", p.Server)
	} else {
		fmt.Fprintf(w, "  fix: add to firewall %q under inbound:\n", v.Fix.Firewall)
	}
	snippet, err := yaml.Marshal([]firewall.Rule{v.Fix.Rule})
	if err != nil {
		return err
	}
	for _, line := range strings.Split(strings.TrimSuffix(string(snippet), "\n"), "\n") {
		fmt.Fprintf(w, "    %s\n", escape(line))
	}
	return nil
}

// ruleAt names a rule with its place in the file, escaped: the file's
// name and the rule's description are anyone's text.
func ruleAt(cfg *firewall.Config, r firewall.RuleRef) string {
	return escape(fmt.Sprintf("firewall %q inbound[%d] at %s:%d: %s", r.Firewall, r.Index, cfg.File, r.Rule.Line, r.Rule))
}
