package firewall

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/netip"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"
)

// The file is decoded from a yaml.Node tree rather than with struct tags so
// that every error can name the file, the line and the field, and so that
// strictness (unknown keys, duplicate keys, wrong types, aliases) does not
// depend on the YAML library's defaults. JSON is read by the same parser:
// a JSON document is a YAML flow mapping.

// decoder turns one file's node tree into a Config.
type decoder struct {
	file      string
	warnings  []Warning
	lines     refLines
	nullLists []nullList
}

// refLines records the line of every attachment list entry, so that a
// reference to a missing firewall or server is reported where it is written.
type refLines struct {
	fwServers  [][]int // [firewall][entry]
	srvFwNames [][]int // [server][entry]
}

func (d *decoder) errAt(n *yaml.Node, where, field, format string, args ...any) error {
	return &Error{File: d.file, Line: n.Line, Where: where, Field: field, Msg: fmt.Sprintf(format, args...)}
}

func (d *decoder) warn(n *yaml.Node, where, format string, args ...any) {
	d.warnings = append(d.warnings, Warning{File: d.file, Line: n.Line, Where: where, Msg: fmt.Sprintf(format, args...)})
}

// yamlLine matches the line number the YAML library puts in its errors.
// It is compiled on first use, not at every keyconv start (issue 13).
var yamlLine = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)
})

// syntaxError rewrites a YAML library error in this package's voice.
func (d *decoder) syntaxError(err error) error {
	msg := strings.Join(strings.Fields(strings.TrimPrefix(err.Error(), "yaml: ")), " ") // one line, always
	if m := yamlLine().FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		return &Error{File: d.file, Line: line, Msg: m[2]}
	}
	return &Error{File: d.file, Msg: msg}
}

// parseTree reads exactly one YAML (or JSON) document.
func (d *decoder) parseTree(data []byte) (root *yaml.Node, err error) {
	defer func() {
		// The YAML library is third-party code fed hostile input; a panic
		// in it must not take the caller down.
		if r := recover(); r != nil {
			root, err = nil, &Error{File: d.file, Msg: fmt.Sprintf("the YAML parser failed: %v", r)}
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, &Error{File: d.file, Msg: "the file is empty; want a mapping with firewalls and servers"}
		}
		return nil, d.syntaxError(err)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		if err != nil {
			return nil, d.syntaxError(err)
		}
		return nil, d.errAt(&extra, "", "", "a second YAML document; the file must hold one")
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 {
		return nil, &Error{File: d.file, Msg: "want a mapping with firewalls and servers"}
	}
	if err := d.noAliases(doc.Content[0]); err != nil {
		return nil, err
	}
	return doc.Content[0], nil
}

// noAliases rejects anchors' aliases: the format has no use for them, and
// refusing them rules out "billion laughs" expansion in everything below.
func (d *decoder) noAliases(n *yaml.Node) error {
	if n.Kind == yaml.AliasNode {
		return d.errAt(n, "", "", "YAML aliases (*%s) are not supported", n.Value)
	}
	for _, c := range n.Content {
		if err := d.noAliases(c); err != nil {
			return err
		}
	}
	return nil
}

// kindName says what a node is, for "want X, got Y" errors.
func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return "nothing"
		}
		return fmt.Sprintf("%q", n.Value)
	}
	return "something else"
}

// isNull reports an absent value: "key:", "key: ~" or "key: null".
func isNull(n *yaml.Node) bool { return n == nil || n.Kind == yaml.ScalarNode && n.Tag == "!!null" }

// mapping reads a mapping whose keys must be among known, each at most once.
// Null values are left out, as if the key were absent.
func (d *decoder) mapping(n *yaml.Node, where, field string, known ...string) (map[string]*yaml.Node, error) {
	if n.Kind != yaml.MappingNode {
		return nil, d.errAt(n, where, field, "want a mapping with %s, got %s", strings.Join(known, ", "), kindName(n))
	}
	fields := make(map[string]*yaml.Node, len(n.Content)/2)
	seen := make(map[string]int, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			return nil, d.errAt(k, where, field, "a key must be a name, got %s", kindName(k))
		}
		if first, dup := seen[k.Value]; dup {
			return nil, d.errAt(k, where, "", "duplicate key %q (first at line %d)", k.Value, first)
		}
		seen[k.Value] = k.Line
		if !contains(known, k.Value) {
			return nil, d.errAt(k, where, "", "unknown field %q (known: %s)", k.Value, strings.Join(known, ", "))
		}
		if !isNull(v) {
			fields[k.Value] = v
		} else if listKeys[k.Value] {
			d.nullLists = append(d.nullLists, nullList{line: k.Line, where: where, key: k.Value})
		}
	}
	return fields, nil
}

// renameNulls names an item's null lists, those recorded since start, by
// the item's name once it is known: the mapping is read before its name is.
func (d *decoder) renameNulls(start int, to string) {
	for i := start; i < len(d.nullLists); i++ {
		d.nullLists[i].where = to
	}
}

// listKeys are the keys whose value is a list wherever they appear.
var listKeys = map[string]bool{"firewalls": true, "servers": true, "inbound": true}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// list reads a sequence; an absent value is an empty list.
func (d *decoder) list(n *yaml.Node, where, field string) ([]*yaml.Node, error) {
	if n == nil {
		return nil, nil
	}
	if n.Kind != yaml.SequenceNode {
		return nil, d.errAt(n, where, field, "want a list, got %s", kindName(n))
	}
	return n.Content, nil
}

// text reads a scalar as a string, whatever YAML would have typed it as
// (a server named 2024 is the string "2024"). An absent value is "".
func (d *decoder) text(n *yaml.Node, where, field string) (string, error) {
	if n == nil {
		return "", nil
	}
	if n.Kind != yaml.ScalarNode {
		return "", d.errAt(n, where, field, "want a string, got %s", kindName(n))
	}
	return n.Value, nil
}

// name reads a required, non-empty name.
func (d *decoder) name(n *yaml.Node, parent *yaml.Node, where, field string) (string, error) {
	if n == nil {
		return "", d.errAt(parent, where, field, "is required")
	}
	s, err := d.text(n, where, field)
	if err != nil {
		return "", err
	}
	if msg := checkName(s); msg != "" {
		return "", d.errAt(n, where, field, "%s", msg)
	}
	return s, nil
}

// boolean reads true or false; YAML 1.1's yes/no/on/off are not booleans.
func (d *decoder) boolean(n *yaml.Node, where, field string) (bool, error) {
	if n == nil {
		return false, nil
	}
	if n.Kind != yaml.ScalarNode || n.Tag != "!!bool" {
		return false, d.errAt(n, where, field, "want true or false, got %s", kindName(n))
	}
	return strings.EqualFold(n.Value, "true"), nil
}

// decode builds the Config from the document's root node.
func (d *decoder) decode(root *yaml.Node) (*Config, error) {
	top, err := d.mapping(root, "", "", "firewalls", "servers", "keys")
	if err != nil {
		return nil, err
	}
	cfg := &Config{File: d.file}
	if kn := top["keys"]; kn != nil {
		if cfg.KeyDir, err = d.name(kn, kn, "", "keys"); err != nil {
			return nil, err
		}
	}
	fws, err := d.list(top["firewalls"], "", "firewalls")
	if err != nil {
		return nil, err
	}
	rules := 0
	for i, n := range fws {
		fw, err := d.firewall(i, n)
		if err != nil {
			return nil, err
		}
		if rules += len(fw.Inbound); rules > MaxRules {
			return nil, d.errAt(n, whereFirewall(i, fw.Name), "inbound", "the file has more than %d rules", MaxRules)
		}
		cfg.Firewalls = append(cfg.Firewalls, fw)
	}
	srvs, err := d.list(top["servers"], "", "servers")
	if err != nil {
		return nil, err
	}
	for i, n := range srvs {
		s, err := d.server(i, n)
		if err != nil {
			return nil, err
		}
		cfg.Servers = append(cfg.Servers, s)
	}
	cfg.Warnings = d.warnings
	cfg.nullLists = d.nullLists
	return cfg, nil
}

func (d *decoder) firewall(i int, n *yaml.Node) (Firewall, error) {
	nulls := len(d.nullLists)
	where := whereFirewall(i, "")
	f, err := d.mapping(n, where, "", "name", "allow_internal", "inbound", "servers")
	if err != nil {
		return Firewall{}, err
	}
	fw := Firewall{Line: n.Line}
	if fw.Name, err = d.name(f["name"], n, where, "name"); err != nil {
		return Firewall{}, err
	}
	d.renameNulls(nulls, whereFirewall(i, fw.Name))
	where = whereFirewall(i, fw.Name)
	if fw.AllowInternal, err = d.boolean(f["allow_internal"], where, "allow_internal"); err != nil {
		return Firewall{}, err
	}
	rules, err := d.list(f["inbound"], where, "inbound")
	if err != nil {
		return Firewall{}, err
	}
	for j, rn := range rules {
		r, err := d.rule(whereRule(i, fw.Name, j), rn)
		if err != nil {
			return Firewall{}, err
		}
		fw.Inbound = append(fw.Inbound, r)
	}
	var lines []int
	if fw.Servers, lines, err = d.names(f["servers"], where, "servers"); err != nil {
		return Firewall{}, err
	}
	d.lines.fwServers = append(d.lines.fwServers, lines)
	return fw, nil
}

// names reads an attachment list: names, each once.
func (d *decoder) names(n *yaml.Node, where, field string) ([]string, []int, error) {
	items, err := d.list(n, where, field)
	if err != nil {
		return nil, nil, err
	}
	var names []string
	var lines []int
	for _, item := range items {
		s, err := d.name(item, item, where, field)
		if err != nil {
			return nil, nil, err
		}
		names = append(names, s)
		lines = append(lines, item.Line)
	}
	return names, lines, nil
}

func (d *decoder) rule(where string, n *yaml.Node) (Rule, error) {
	f, err := d.mapping(n, where, "", "service", "protocol", "ports", "source", "description")
	if err != nil {
		return Rule{}, err
	}
	r := Rule{Line: n.Line}
	var svc Service
	if sn := f["service"]; sn != nil {
		name, err := d.text(sn, where, "service")
		if err != nil {
			return Rule{}, err
		}
		var ok bool
		if svc, ok = LookupService(name); !ok {
			return Rule{}, d.errAt(sn, where, "service", "unknown service %q (known: %s)", name, serviceNames())
		}
		r.Service, r.Protocol, r.Ports = svc.Name, svc.Protocol, PortRange{svc.Port, svc.Port}
	}
	if pn := f["protocol"]; pn != nil {
		s, err := d.text(pn, where, "protocol")
		if err != nil {
			return Rule{}, err
		}
		p, err := ParseProtocol(s)
		if err != nil {
			return Rule{}, d.errAt(pn, where, "protocol", "%q is not tcp or udp", s)
		}
		if r.Service != "" && !svc.Protocol.Has(p) {
			return Rule{}, d.errAt(pn, where, "protocol", "%s", serviceConflict(svc, p.String()))
		}
		r.Protocol = p
	} else if r.Service == "" {
		return Rule{}, d.errAt(n, where, "protocol", "is required (tcp or udp) when no service is given")
	}
	if pn := f["ports"]; pn != nil {
		s, err := d.text(pn, where, "ports")
		if err != nil {
			return Rule{}, err
		}
		ports, err := parsePorts(s)
		if err == nil {
			err = ports.validate()
		}
		if err != nil {
			return Rule{}, d.errAt(pn, where, "ports", "%v", err)
		}
		if r.Service != "" && ports != r.Ports {
			return Rule{}, d.errAt(pn, where, "ports", "%s (drop the service to open other ports)", serviceConflict(svc, ports.String()))
		}
		r.Ports = ports
	} else if r.Service == "" {
		return Rule{}, d.errAt(n, where, "ports", "is required (a port or FROM-TO) when no service is given")
	}
	sn := f["source"]
	if sn == nil {
		return Rule{}, d.errAt(n, where, "source", "is required (an address or CIDR; 0.0.0.0/0 means anyone)")
	}
	s, err := d.text(sn, where, "source")
	if err != nil {
		return Rule{}, err
	}
	p, mapped, err := parsePrefix(s)
	if err == nil {
		err = checkPrefix(p)
	}
	if err != nil {
		return Rule{}, d.errAt(sn, where, "source", "%v", err)
	}
	if mapped {
		d.warn(sn, where, "source %s is an IPv4-mapped IPv6 address; read as %s", s, p)
	}
	r.Source = p
	if r.Description, err = d.text(f["description"], where, "description"); err != nil {
		return Rule{}, err
	}
	return r, nil
}

// serviceConflict says that a rule's protocol or ports contradict its service.
func serviceConflict(svc Service, got string) string {
	return fmt.Sprintf("%s conflicts with service %s, which is %s/%d", got, svc.Name, svc.Protocol, svc.Port)
}

func (d *decoder) server(i int, n *yaml.Node) (Server, error) {
	nulls := len(d.nullLists)
	where := whereServer(i, "")
	f, err := d.mapping(n, where, "", "name", "os", "keypair", "public_ip", "private_ip", "firewalls",
		"port", "user", "groups", "key")
	if err != nil {
		return Server{}, err
	}
	s := Server{Line: n.Line}
	if s.Name, err = d.name(f["name"], n, where, "name"); err != nil {
		return Server{}, err
	}
	if msg := checkServerName(s.Name); msg != "" {
		return Server{}, d.errAt(f["name"], where, "name", "%s", msg)
	}
	d.renameNulls(nulls, whereServer(i, s.Name))
	where = whereServer(i, s.Name)
	for _, field := range []struct {
		key string
		dst *string
	}{{"os", &s.OS}, {"keypair", &s.Keypair}, {"user", &s.User}, {"key", &s.Key}} {
		if vn := f[field.key]; vn != nil {
			if *field.dst, err = d.name(vn, vn, where, field.key); err != nil {
				return Server{}, err
			}
		}
	}
	if s.Keypair != "" {
		if msg := checkKeypairName(s.Keypair); msg != "" {
			return Server{}, d.errAt(f["keypair"], where, "keypair", "%s", msg)
		}
	}
	if s.PublicIP, err = d.addr(f["public_ip"], where, "public_ip"); err != nil {
		return Server{}, err
	}
	if s.PrivateIP, err = d.addr(f["private_ip"], where, "private_ip"); err != nil {
		return Server{}, err
	}
	var lines []int
	if s.Firewalls, lines, err = d.names(f["firewalls"], where, "firewalls"); err != nil {
		return Server{}, err
	}
	d.lines.srvFwNames = append(d.lines.srvFwNames, lines)
	if s.Port, err = d.port(f["port"], where, "port"); err != nil {
		return Server{}, err
	}
	if s.Groups, _, err = d.names(f["groups"], where, "groups"); err != nil {
		return Server{}, err
	}
	return s, nil
}

// port reads a server's SSH port: a number from 1 to 65535, or 0 when
// absent (the caller's default, 22, applies).
func (d *decoder) port(n *yaml.Node, where, field string) (int, error) {
	if n == nil {
		return 0, nil
	}
	p, err := strconv.Atoi(n.Value)
	if n.Kind != yaml.ScalarNode || n.Tag != "!!int" || err != nil {
		return 0, d.errAt(n, where, field, "want a port number, got %s", kindName(n))
	}
	if p < 1 || p > 65535 {
		return 0, d.errAt(n, where, field, "port %d is out of range 1-65535", p)
	}
	return p, nil
}

// addr reads a server's address: one address, not a CIDR.
func (d *decoder) addr(n *yaml.Node, where, field string) (netip.Addr, error) {
	s, err := d.text(n, where, field)
	if err != nil || n == nil {
		return netip.Addr{}, err
	}
	if strings.Contains(s, "/") {
		return netip.Addr{}, d.errAt(n, where, field, "%q: want one address, not a CIDR", s)
	}
	a, mapped, err := parseAddr(s)
	if err != nil {
		return netip.Addr{}, d.errAt(n, where, field, "%v", err)
	}
	if mapped {
		d.warn(n, where, "%s %s is an IPv4-mapped IPv6 address; read as %s", field, s, a)
	}
	return a, nil
}
