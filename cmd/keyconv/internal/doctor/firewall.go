package doctor

import (
	"context"
	"fmt"
	"strings"

	"github.com/cloudkeypair/keypair/cmd/keyconv/internal/fix"
	"github.com/cloudkeypair/keypair/firewall"
	"github.com/cloudkeypair/keypair/sshclient"
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
		d.fwFix = fix.FirewallFile(d.opts.FirewallFile)
		return
	}
	d.fw = cfg
	d.fwFix = fix.ServerFlag
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
		d.add(4, "firewall", Fail, d.fwErr.Error(), d.fwFix)
		return
	}
	name := d.server.Name
	attached := d.fw.FirewallsOf(name)
	if len(attached) == 0 {
		d.addf(4, "firewall", Fail, fix.AttachFirewall(name),
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
			d.addf(4, "firewall-ssh", Warn, fix.SourceFlag, "your public address is not known: %v", err)
			return
		}
		source, how = addr, fmt.Sprintf(" (your address, as %s sees it)", url)
		d.opts.Source = addr
	}
	if !source.IsValid() {
		d.addf(4, "firewall-ssh", Skip, "", "the rules for tcp/%d were not checked: your address is not known (%s)", d.opts.Port, fix.SourceUnknown)
		return
	}
	v, err := d.fw.Check(firewall.Packet{Server: name, Source: source, Protocol: firewall.TCP, Port: uint16(d.opts.Port), To: firewall.NetworkPublic})
	what := fmt.Sprintf("tcp/%d from %s%s", d.opts.Port, source, how)
	switch {
	case err != nil:
		d.addf(4, "firewall-ssh", Fail, fix.PortAndSource, "%s cannot be checked: %v", what, err)
	case v.Allowed:
		d.addf(4, "firewall-ssh", OK, "", "%s: %s", what, v.Why())
	case v.Reason == firewall.ReasonNoAddress:
		d.addf(4, "firewall-ssh", Warn, fix.PublicIP(name, d.opts.FirewallFile), "%s: %s", what, v.Why())
	case v.Fix.IsZero(): // e.g. an IPv6 address against an IPv4 server: no rule would help
		d.addf(4, "firewall-ssh", Fail, fix.SameFamily(), "%s: %s", what, v.Why())
	default:
		d.addf(4, "firewall-ssh", Fail, fix.Rule(name, v.Fix), "%s: %s", what, v.Why())
	}
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
		// FW007 is about tcp/22: with -p another port, the port the
		// doctor checks is the one to warn about.
		skip := f.ID == "FW006" || f.ID == "FW007" && d.opts.Port != sshclient.DefaultPort
		if !touches || f.Severity < firewall.SeverityWarning || skip {
			continue
		}
		n++
		d.addf(4, "firewall-lint", Warn, fix.Lint(f, d.opts.Source, d.opts.FirewallFile), "%s %s (line %d): %s", f.ID, f.Name, f.Line, f.Message)
	}
	if port := uint16(d.opts.Port); len(attached) > 0 && d.opts.Port != sshclient.DefaultPort && !d.anyRuleFor(attached, port) {
		n++
		d.addf(4, "firewall-lint", Warn, fix.LoginRule(port, d.opts.Source),
			"no rule of %s's firewalls (%s) admits tcp/%d: nobody can log in on port %d", name, strings.Join(attached, ", "), port, port)
	}
	if n == 0 {
		d.addf(4, "firewall-lint", OK, "", "no lint findings about %s or its firewalls", name)
	}
}

// anyRuleFor reports whether a rule of the firewalls admits TCP to port
// from anywhere: lint's FW007, for the port -p gives.
func (d *doctor) anyRuleFor(firewalls []string, port uint16) bool {
	for _, name := range firewalls {
		if fw := d.fw.Firewall(name); fw != nil && fw.HasRuleFor(firewall.TCP, port) {
			return true
		}
	}
	return false
}

func (d *doctor) echoURL() string {
	if d.opts.EchoURL != "" {
		return d.opts.EchoURL
	}
	return DefaultEchoURL
}
