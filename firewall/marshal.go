package firewall

import (
	"encoding/json"
	"net/netip"
)

// The file format written back: the same keys the decoder reads, in
// canonical form (catalog service names, canonical sources). A rule made
// from a service is written as the service alone, with its protocol only
// when narrower than the service's (DNS over udp). Comments and the
// original spelling are not kept.

type fileConfig struct {
	Keys      string         `yaml:"keys,omitempty" json:"keys,omitempty"`
	Firewalls []fileFirewall `yaml:"firewalls,omitempty" json:"firewalls,omitempty"`
	Servers   []fileServer   `yaml:"servers,omitempty" json:"servers,omitempty"`
}

type fileFirewall struct {
	Name          string     `yaml:"name" json:"name"`
	AllowInternal bool       `yaml:"allow_internal" json:"allow_internal"`
	Inbound       []fileRule `yaml:"inbound,omitempty" json:"inbound,omitempty"`
	Servers       []string   `yaml:"servers,omitempty,flow" json:"servers,omitempty"`
}

type fileRule struct {
	Service     string `yaml:"service,omitempty" json:"service,omitempty"`
	Protocol    string `yaml:"protocol,omitempty" json:"protocol,omitempty"`
	Ports       any    `yaml:"ports,omitempty" json:"ports,omitempty"` // int for one port, "FROM-TO" for a range
	Source      string `yaml:"source" json:"source"`
	Description string `yaml:"description,omitempty" json:"description,omitempty"`
}

type fileServer struct {
	Name      string   `yaml:"name" json:"name"`
	OS        string   `yaml:"os,omitempty" json:"os,omitempty"`
	Keypair   string   `yaml:"keypair,omitempty" json:"keypair,omitempty"`
	PublicIP  string   `yaml:"public_ip,omitempty" json:"public_ip,omitempty"`
	PrivateIP string   `yaml:"private_ip,omitempty" json:"private_ip,omitempty"`
	Firewalls []string `yaml:"firewalls,omitempty,flow" json:"firewalls,omitempty"`
	Port      int      `yaml:"port,omitempty" json:"port,omitempty"`
	User      string   `yaml:"user,omitempty" json:"user,omitempty"`
	Groups    []string `yaml:"groups,omitempty,flow" json:"groups,omitempty"`
	Key       string   `yaml:"key,omitempty" json:"key,omitempty"`
}

// MarshalYAML lets yaml.Marshal write c in the file format, so that
// yaml.Marshal(cfg) gives a file [Parse] reads back to the same config
// (line numbers and comments aside). c should be valid ([Config.Validate]).
func (c *Config) MarshalYAML() (any, error) { return c.fileForm(), nil }

// MarshalJSON writes c in the file format's JSON form, which [Parse] also
// reads.
func (c *Config) MarshalJSON() ([]byte, error) { return json.Marshal(c.fileForm()) }

func (c *Config) fileForm() fileConfig {
	out := fileConfig{Keys: c.KeyDir}
	for _, fw := range c.Firewalls {
		f := fileFirewall{Name: fw.Name, AllowInternal: fw.AllowInternal, Servers: fw.Servers}
		for _, r := range fw.Inbound {
			f.Inbound = append(f.Inbound, r.fileForm())
		}
		out.Firewalls = append(out.Firewalls, f)
	}
	for _, s := range c.Servers {
		out.Servers = append(out.Servers, fileServer{
			Name: s.Name, OS: s.OS, Keypair: s.Keypair,
			PublicIP: addrText(s.PublicIP), PrivateIP: addrText(s.PrivateIP),
			Firewalls: s.Firewalls,
			Port:      s.Port, User: s.User, Groups: s.Groups, Key: s.Key,
		})
	}
	return out
}

// MarshalYAML writes the rule as the file format does, so that a suggested
// [Fix] can be printed ready to paste under a firewall's inbound list.
func (r Rule) MarshalYAML() (any, error) { return r.fileForm(), nil }

func (r Rule) fileForm() fileRule {
	f := fileRule{Service: r.Service, Source: r.Source.String(), Description: r.Description}
	svc, isService := LookupService(r.Service)
	if !isService || svc.Protocol != r.Protocol {
		f.Protocol = r.Protocol.String()
	}
	if !isService {
		if r.Ports.From == r.Ports.To {
			f.Ports = int(r.Ports.From)
		} else {
			f.Ports = r.Ports.String()
		}
	}
	return f
}

// addrText is an address as the file writes it, "" for none.
func addrText(a netip.Addr) string {
	if !a.IsValid() {
		return ""
	}
	return a.String()
}
