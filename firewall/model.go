package firewall

import "net/netip"

// Config is one firewall file: the firewalls, the servers, and which
// firewalls are attached to which servers. [Load] and [Parse] return it
// validated and in canonical form; code that builds or changes one by hand
// calls [Config.Validate] before relying on it.
type Config struct {
	Firewalls []Firewall
	Servers   []Server

	// KeyDir is the file's "keys:" setting: the folder where the servers'
	// keypairs' private key files are, relative to the file's folder
	// unless absolute; "" when the file does not say. This package does
	// not interpret it.
	KeyDir string

	// File names the file the config was read from, for messages; Line
	// fields below are lines of that file (0 when built by hand).
	File string

	// Warnings are things the file said that were accepted but rewritten,
	// such as an IPv4-mapped IPv6 address read as IPv4.
	Warnings []Warning

	// nullLists are the lists the file gave as null ("servers:" with
	// nothing under it), which read as empty; Lint reports them (FW011).
	nullLists []nullList
}

// nullList is one list key written with a null value.
type nullList struct {
	line       int
	where, key string
}

// Firewall is one cloud firewall: a name, the "allow internal network"
// switch, and inbound rules. What any rule admits is admitted; there are no
// deny rules.
type Firewall struct {
	Name string

	// AllowInternal admits everything that arrives over the private network
	// at a server this firewall is attached to.
	AllowInternal bool

	Inbound []Rule

	// Servers attaches the firewall from its own side. Servers may also
	// attach it from theirs ([Server.Firewalls]); both lists merge.
	Servers []string

	Line int
}

// HasRuleFor reports whether some inbound rule of fw admits proto to port,
// from any source: whether anybody at all could reach that port through it.
func (fw *Firewall) HasRuleFor(proto Protocol, port uint16) bool {
	for _, r := range fw.Inbound {
		if r.Protocol.Has(proto) && r.Ports.Contains(port) {
			return true
		}
	}
	return false
}

// Rule admits Protocol traffic to Ports from Source.
type Rule struct {
	// Service is the catalog name ([LookupService]) when the rule was made
	// by picking a service, "" otherwise. It is informative: Protocol and
	// Ports always hold what the rule admits.
	Service string `json:"service,omitempty"`

	Protocol Protocol  `json:"protocol"`
	Ports    PortRange `json:"ports"`

	// Source is the remote address range allowed in, canonical: IPv4 as
	// IPv4, no zone, no host bits. A single address is a /32 or /128.
	Source netip.Prefix `json:"source"`

	Description string `json:"description,omitempty"`
	Line        int    `json:"line,omitempty"`
}

// Server is one virtual server.
type Server struct {
	Name string

	// OS and Keypair are carried for other packages (the SSH client picks
	// the login user from OS); this package does not interpret them.
	OS      string
	Keypair string

	// PublicIP and PrivateIP are the server's addresses; either may be
	// the zero Addr when the file does not give it.
	PublicIP  netip.Addr
	PrivateIP netip.Addr

	// Firewalls attaches firewalls from the server's side.
	Firewalls []string

	// Port is the server's SSH port, 0 when the file does not say (22
	// then). User overrides the login user the OS implies. Groups are
	// names for selecting servers together. Key is the path of the
	// private key file, overriding the one Keypair names. Like OS and
	// Keypair, they are carried for other packages.
	Port   int
	User   string
	Groups []string
	Key    string

	Line int
}

// Warning is something a file said that was accepted after rewriting it.
type Warning struct {
	File  string
	Line  int
	Where string // what the warning is about, e.g. `firewall "web" inbound[0]`
	Msg   string
}

// String is the warning as one line, in the voice of [Error].
func (w Warning) String() string { return "firewall: " + location(w.File, w.Line, w.Where) + w.Msg }

// Firewall returns the named firewall, or nil when there is none.
func (c *Config) Firewall(name string) *Firewall {
	for i := range c.Firewalls {
		if c.Firewalls[i].Name == name {
			return &c.Firewalls[i]
		}
	}
	return nil
}

// Server returns the named server, or nil when there is none: how the SSH
// client and the doctor find a server's OS and keypair by name.
func (c *Config) Server(name string) *Server {
	for i := range c.Servers {
		if c.Servers[i].Name == name {
			return &c.Servers[i]
		}
	}
	return nil
}

// FirewallsOf returns the names of the firewalls attached to the named
// server, from either side, in the order the file lists the firewalls.
func (c *Config) FirewallsOf(server string) []string {
	var names []string
	for _, i := range c.firewallIndexes(server) {
		names = append(names, c.Firewalls[i].Name)
	}
	return names
}

// firewallIndexes returns the indexes of the firewalls attached to the
// named server, in file order.
func (c *Config) firewallIndexes(server string) []int {
	var out []int
	s := c.Server(server)
	for i := range c.Firewalls {
		if attached(&c.Firewalls[i], s, server) {
			out = append(out, i)
		}
	}
	return out
}

// attached reports whether fw is attached to the server named name (s is
// that server, or nil when the config has none by that name).
func attached(fw *Firewall, s *Server, name string) bool {
	for _, n := range fw.Servers {
		if n == name {
			return true
		}
	}
	if s != nil {
		for _, n := range s.Firewalls {
			if n == fw.Name {
				return true
			}
		}
	}
	return false
}

// ServersOf returns the names of the servers the named firewall is attached
// to, from either side, in the order the file lists the servers.
func (c *Config) ServersOf(firewall string) []string {
	fw := c.Firewall(firewall)
	if fw == nil {
		return nil
	}
	var names []string
	for i := range c.Servers {
		if attached(fw, &c.Servers[i], c.Servers[i].Name) {
			names = append(names, c.Servers[i].Name)
		}
	}
	return names
}
