package fix

import (
	"fmt"
	"net/netip"
	"strings"

	"github.com/cloudkeypair/keypair/firewall"
	"go.yaml.in/yaml/v3"
)

// The fixes for the firewall file: the cloud guide's first step, as the
// file's model of the console has it.

// FirewallFile is the fix for a firewall file that does not load.
func FirewallFile(path string) string {
	return fmt.Sprintf("correct %s (keyconv firewall lint -c %s says what is wrong where)", path, Quote(path))
}

// ServerFlag is the fix for a server the firewall file does not have.
const ServerFlag = "name one of its servers with --server NAME"

// ServerWithFile is the fix for -c FILE without --server NAME, or the
// reverse.
const ServerWithFile = "name the server as the firewall file's servers: list does"

// ServersIn lists the servers of the firewall file, for a name that is
// not one of them.
func ServersIn(path string, cfg *firewall.Config) string {
	if len(cfg.Servers) == 0 {
		return path + " has no servers"
	}
	names := make([]string, len(cfg.Servers))
	for i, s := range cfg.Servers {
		names[i] = s.Name
	}
	return fmt.Sprintf("servers in %s: %s", path, strings.Join(names, ", "))
}

// AttachFirewall is the fix for a server with no firewall attached.
func AttachFirewall(server string) string {
	return fmt.Sprintf("attach a firewall with an SSH rule for your address to %s (its firewalls: list, or a firewall's servers: list)", server)
}

// SourceFlag is the fix for a source address that could not be found out.
const SourceFlag = "give your public address with --from ADDR"

// SourceUnknown is what the doctor says it needs when it skips the
// firewall check for want of the user's address.
const SourceUnknown = "give --from ADDR, or --from auto to look it up"

// PortAndSource is the fix for a firewall check that could not be made.
const PortAndSource = "check the port (-p) and the address (--from)"

// PublicIP is the fix for a server the firewall file gives no public
// address.
func PublicIP(server, path string) string {
	return fmt.Sprintf("add public_ip: to server %s in %s", server, path)
}

// Rule is the fix a denied check's Verdict holds, written as the rule goes
// in the file, on one line.
func Rule(server string, fix firewall.Fix) string {
	if fix.AllowInternal {
		// Over the private network no rule admits; only the switch does.
		if fix.Firewall == "" {
			return fmt.Sprintf("attach to %s a firewall with allow_internal: true", server)
		}
		return fmt.Sprintf("set allow_internal: true in firewall %q", fix.Firewall)
	}
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

// Lint is the fix for a lint finding about the server, where source is
// the user's address (invalid when not known) and path the file.
func Lint(f firewall.Finding, source netip.Addr, path string) string {
	you := "your address"
	if source.IsValid() {
		you = netip.PrefixFrom(source, source.BitLen()).String()
	}
	switch f.ID {
	case "FW001", "FW010":
		return fmt.Sprintf("narrow the rule's source to the addresses you connect from, such as %s", you)
	case "FW007":
		return LoginRule(22, source)
	}
	return fmt.Sprintf("see keyconv firewall lint -c %s", Quote(path))
}

// LoginRule is the fix for a server whose firewalls admit TCP to its SSH
// port from nowhere, where source is the user's address (invalid when not
// known): the exact rule is the firewall-ssh check's, which needs it.
func LoginRule(port uint16, source netip.Addr) string {
	rule := "an SSH rule"
	if port != 22 {
		rule = fmt.Sprintf("a rule for tcp/%d", port)
	}
	if !source.IsValid() {
		return fmt.Sprintf("add %s from your address (--from ADDR shows the exact rule)", rule)
	}
	return fmt.Sprintf("add %s from %s", rule, netip.PrefixFrom(source, source.BitLen()))
}

// FirewallFileAdmits is the fix for a TCP connect no one answers although
// the firewall file admits the user: the console differs from the file.
const FirewallFileAdmits = "the firewall file admits you: check that the console's firewall matches it and is attached, that the server is running, and its public IP"

// SameFamily is the fix when the source and the server's address are of
// different families, which no rule can bridge.
func SameFamily() string {
	return "connect from an address of the same family (IPv4 or IPv6) as the server's public address"
}
