package doctor

import (
	"context"
	"fmt"
	"net/netip"
	"strings"

	"github.com/cloudkeypair/keypair/firewall"
	"github.com/cloudkeypair/keypair/internal/shellquote"
	"go.yaml.in/yaml/v3"
)

// Step 4: the firewall file. A new server has every port closed; the guide
// has the user add an SSH rule for their own address and attach the
// firewall. The file is the doctor's model of the console, checked before
// any packet is sent.

// loadFirewall reads the firewall file and the server's entry, which fill
// in the host, OS and keypair the options left out. Its failures are
// reported by checkFirewall, with the other offline checks.
func (d *doctor) loadFirewall() {
	if d.opts.FirewallFile == "" {
		return
	}
	cfg, err := firewall.Load(d.opts.FirewallFile)
	if err != nil {
		d.fwErr = err
		d.fwFix = fmt.Sprintf("correct %s (keyconv firewall lint -c %s says what is wrong where)", d.opts.FirewallFile, shellquote.IfNeeded(d.opts.FirewallFile))
		return
	}
	d.fw = cfg
	d.fwFix = "name one of its servers with --server NAME"
	if d.opts.Server == "" {
		d.fwErr = fmt.Errorf("no server named: %s has %s", d.opts.FirewallFile, serverList(cfg))
		return
	}
	d.server = cfg.Server(d.opts.Server)
	if d.server == nil {
		d.fwErr = fmt.Errorf("%s has no server %q: it has %s", d.opts.FirewallFile, d.opts.Server, serverList(cfg))
		return
	}
	if d.opts.Host == "" && d.server.PublicIP.IsValid() {
		d.opts.Host = d.server.PublicIP.String()
	}
	if d.opts.OS == "" {
		d.opts.OS = d.server.OS
	}
	if d.opts.Keypair == "" {
		d.opts.Keypair = d.server.Keypair
	}
}

func serverList(cfg *firewall.Config) string {
	if len(cfg.Servers) == 0 {
		return "no servers"
	}
	names := make([]string, len(cfg.Servers))
	for i, s := range cfg.Servers {
		names[i] = s.Name
	}
	return "servers " + strings.Join(names, ", ")
}

func (d *doctor) checkFirewall(ctx context.Context) {
	if d.opts.FirewallFile == "" {
		d.add(4, "firewall", Skip, "no firewall file given (-c CLOUD.yaml --server NAME checks the server's firewall rules)", "")
		return
	}
	if d.fwErr != nil {
		d.add(4, "firewall", Fail, errText(d.fwErr), d.fwFix)
		return
	}
	name := d.server.Name
	attached := d.fw.FirewallsOf(name)
	if len(attached) == 0 {
		d.addf(4, "firewall", Fail, fmt.Sprintf("attach a firewall with an SSH rule for your address to %s (its firewalls: list, or a firewall's servers: list)", name),
			"no firewall is attached to %s, so every port is closed", name)
	} else {
		d.addf(4, "firewall", OK, "", "%s has firewalls attached: %s", name, strings.Join(attached, ", "))
	}
	d.checkSSHRule(ctx, name)
	d.checkLint(name, attached)
}

// checkSSHRule asks the firewall file whether TCP to the SSH port is
// admitted from the user's address.
func (d *doctor) checkSSHRule(ctx context.Context, name string) {
	source := d.opts.Source
	how := ""
	if !source.IsValid() && d.opts.DetectSource {
		url := d.echoURL()
		addr, err := PublicAddr(ctx, d.opts.HTTPClient, url, d.opts.ConnectTimeout)
		if err != nil {
			d.addf(4, "firewall-ssh", Warn, "give your public address with --from ADDR", "your public address is not known: %s", errText(err))
			return
		}
		source, how = addr, fmt.Sprintf(" (your address, as %s sees it)", url)
		d.opts.Source = addr
	}
	if !source.IsValid() {
		d.addf(4, "firewall-ssh", Skip, "", "the rules for tcp/%d were not checked: your address is not known (give --from ADDR, or --from auto to look it up)", d.opts.Port)
		return
	}
	v, err := d.fw.Check(firewall.Packet{Server: name, Source: source, Protocol: firewall.TCP, Port: uint16(d.opts.Port), To: firewall.NetworkPublic})
	what := fmt.Sprintf("tcp/%d from %s%s", d.opts.Port, source, how)
	switch {
	case err != nil:
		d.addf(4, "firewall-ssh", Fail, "check the port (-p) and the address (--from)", "%s cannot be checked: %s", what, errText(err))
	case v.Allowed:
		d.addf(4, "firewall-ssh", OK, "", "%s: %s", what, v.Why())
	case v.Reason == firewall.ReasonNoAddress:
		d.addf(4, "firewall-ssh", Warn, fmt.Sprintf("add public_ip: to server %s in %s", name, d.opts.FirewallFile), "%s: %s", what, v.Why())
	case v.Fix.IsZero(): // e.g. an IPv6 address against an IPv4 server: no rule would help
		d.addf(4, "firewall-ssh", Fail, "connect from an address of the same family (IPv4 or IPv6) as the server's public address", "%s: %s", what, v.Why())
	default:
		d.addf(4, "firewall-ssh", Fail, ruleFix(name, v.Fix), "%s: %s", what, v.Why())
	}
}

// ruleFix says where to add the rule a Verdict's Fix holds, written as it
// goes in the file.
func ruleFix(server string, fix firewall.Fix) string {
	rule := "{" + yamlFlow(fix.Rule) + "}"
	if fix.Firewall == "" {
		return fmt.Sprintf("attach to %s a firewall with, under inbound: %s", server, rule)
	}
	return fmt.Sprintf("add to firewall %q under inbound: %s", fix.Firewall, rule)
}

// yamlFlow writes a rule as the file's YAML on one line, "service: SSH,
// source: 198.51.100.7/32", from the package's own marshalling.
func yamlFlow(r firewall.Rule) string {
	out, err := yaml.Marshal(r)
	if err != nil {
		return r.String()
	}
	return strings.Join(strings.Split(strings.TrimSpace(string(out)), "\n"), ", ")
}

// checkLint reports the lint findings about this server or its firewalls,
// as warnings: they do not stop a login, but an SSH port open to the
// internet is what the guide warns against.
func (d *doctor) checkLint(name string, attached []string) {
	isAttached := map[string]bool{}
	for _, fw := range attached {
		isAttached[fw] = true
	}
	n := 0
	for _, f := range d.fw.Lint() {
		touches := f.Server == name || (f.Server == "" && isAttached[f.Firewall])
		// FW006 says what the firewall check has already failed on.
		if !touches || f.Severity < firewall.SeverityWarning || f.ID == "FW006" {
			continue
		}
		n++
		d.addf(4, "firewall-lint", Warn, d.lintFix(f), "%s %s (line %d): %s", f.ID, f.Name, f.Line, f.Message)
	}
	if n == 0 {
		d.addf(4, "firewall-lint", OK, "", "no lint findings about %s or its firewalls", name)
	}
}

func (d *doctor) lintFix(f firewall.Finding) string {
	you := "your address"
	if d.opts.Source.IsValid() {
		you = netip.PrefixFrom(d.opts.Source, d.opts.Source.BitLen()).String()
	}
	switch f.ID {
	case "FW001", "FW010":
		return fmt.Sprintf("narrow the rule's source to the addresses you connect from, such as %s", you)
	case "FW007":
		return fmt.Sprintf("add an SSH rule for %s (--from ADDR shows the exact rule)", you)
	}
	return fmt.Sprintf("see keyconv firewall lint -c %s", shellquote.IfNeeded(d.opts.FirewallFile))
}

func (d *doctor) echoURL() string {
	if d.opts.EchoURL != "" {
		return d.opts.EchoURL
	}
	return DefaultEchoURL
}
