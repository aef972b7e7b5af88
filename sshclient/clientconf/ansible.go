package clientconf

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"github.com/cloudkeypair/keypair/internal/shellquote"
	"go.yaml.in/yaml/v3"
)

// WriteAnsible writes an Ansible inventory: YAML (Ansible's yaml
// inventory plugin), or INI with opts.INI. Each host has ansible_host,
// ansible_port, ansible_user, ansible_ssh_private_key_file, ansible_become
// true where [Host.Sudo], and ansible_ssh_common_args with
// IdentitiesOnly=yes and, when the host has one, UserKnownHostsFile: the
// file keyconv verified its host keys into. ansible_host_key_checking is
// true for all hosts, so that an ansible.cfg or ANSIBLE_HOST_KEY_CHECKING
// that turns checking off does not apply to them (inventory variables win
// over both). A value holding {{, {% or {# is an error: Ansible would run
// it as a template.
//
// Groups: the file's groups under their own names, the OS as os_NAME and
// each attached firewall as firewall_NAME, all made into names Ansible
// accepts (letters, digits and _, not starting with a digit; anything else
// becomes _, and a group name that starts with a digit or is all or
// ungrouped gets group_ before it). Two groups that come out the same are
// an error rather than one group.
func WriteAnsible(hosts []Host, opts Options) ([]byte, error) {
	inv, err := newInventory(hosts)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := writeComment(&b, "#", opts.Comment); err != nil {
		return nil, err
	}
	if opts.INI {
		inv.writeINI(&b)
		return b.Bytes(), nil
	}
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(inv.yamlNode()); err != nil {
		return nil, fmt.Errorf("clientconf: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("clientconf: %w", err)
	}
	return b.Bytes(), nil
}

// inventory is what both forms write: each host's variables, and the
// groups with their members, in order.
type inventory struct {
	hosts  []ansibleHost
	groups []*ansibleGroup
}

type ansibleHost struct {
	name string
	vars []ansibleVar
}

// ansibleVar is one host variable; value is a string, an int or a bool.
type ansibleVar struct {
	name  string
	value any
}

type ansibleGroup struct {
	name    string
	from    string // what made it, for the collision error: `group "web"`
	members []string
}

func newInventory(hosts []Host) (*inventory, error) {
	inv := &inventory{}
	byName := map[string]*ansibleGroup{}
	add := func(name, from, host string) error {
		g := byName[name]
		switch {
		case g == nil:
			g = &ansibleGroup{name: name, from: from}
			byName[name] = g
			inv.groups = append(inv.groups, g)
		case g.from != from:
			return fmt.Errorf("clientconf: %s and %s are both Ansible group %q: rename one", g.from, from, name)
		}
		if len(g.members) == 0 || g.members[len(g.members)-1] != host {
			g.members = append(g.members, host)
		}
		return nil
	}
	// The file's groups first, then OSes, then firewalls: the order a
	// user reaches for them in.
	type source struct {
		from, name string
	}
	memberships := make([][]source, len(hosts))
	for i := range hosts {
		h := &hosts[i]
		vars, err := ansibleVars(h)
		if err != nil {
			return nil, err
		}
		inv.hosts = append(inv.hosts, ansibleHost{name: h.Name, vars: vars})
		for _, g := range h.Groups {
			memberships[i] = append(memberships[i], source{fmt.Sprintf("group %q", g), fileGroupName(g)})
		}
	}
	for i := range hosts {
		if os := hosts[i].OS; os != "" {
			memberships[i] = append(memberships[i], source{fmt.Sprintf("os %q", os), "os_" + ansibleName(strings.ToLower(os))})
		}
	}
	for i := range hosts {
		for _, fw := range hosts[i].Firewalls {
			memberships[i] = append(memberships[i], source{fmt.Sprintf("firewall %q", fw), "firewall_" + ansibleName(fw)})
		}
	}
	// Add in the order of kind (file group, OS, firewall), then of hosts.
	for kind := range 3 {
		for i := range hosts {
			for _, m := range memberships[i] {
				if sourceKind(m.from) != kind {
					continue
				}
				if err := add(m.name, m.from, hosts[i].Name); err != nil {
					return nil, err
				}
			}
		}
	}
	return inv, nil
}

func sourceKind(from string) int {
	switch {
	case strings.HasPrefix(from, "group "):
		return 0
	case strings.HasPrefix(from, "os "):
		return 1
	}
	return 2
}

// fileGroupName is the Ansible group for one of the cloud file's groups:
// its own name where Ansible takes it.
func fileGroupName(g string) string {
	name := ansibleName(g)
	if name == "all" || name == "ungrouped" || name[0] >= '0' && name[0] <= '9' {
		return "group_" + name
	}
	return name
}

// ansibleName replaces what Ansible does not accept in a group name (it
// must be a valid variable name) with _, as Ansible's own
// TRANSFORM_INVALID_GROUP_CHARS does.
func ansibleName(s string) string {
	b := []byte(s)
	for i, c := range b {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_') {
			b[i] = '_'
		}
	}
	if len(b) == 0 {
		return "_"
	}
	return string(b)
}

// ansibleVars are one host's variables, in the order written.
func ansibleVars(h *Host) ([]ansibleVar, error) {
	if err := checkHost(h); err != nil {
		return nil, err
	}
	if h.User == "" || h.KeyFile == "" {
		return nil, fmt.Errorf("clientconf: server %q: ansible needs a user and a key file", h.Name)
	}
	// Ansible passes the key to ssh as -o IdentityFile="PATH", quoting
	// it itself: a " would end the quote, and ssh expands % and ${ in it.
	if strings.ContainsAny(h.KeyFile, `"%`) || strings.Contains(h.KeyFile, "${") {
		return nil, fmt.Errorf("clientconf: server %q: key file %q holds \", %% or ${, which Ansible cannot pass to ssh as they are", h.Name, h.KeyFile)
	}
	if strings.ContainsAny(h.Name, " \t#=[]:,") {
		return nil, fmt.Errorf("clientconf: server %q: the name is not one an Ansible inventory can hold", h.Name)
	}
	args := []string{"-o IdentitiesOnly=yes"}
	if h.KnownHostsFile != "" {
		kh, err := sshConfigArg(h, "known_hosts file", h.KnownHostsFile, true)
		if err != nil {
			return nil, err
		}
		// Ansible splits the arguments as a shell would (shlex); ssh
		// then reads the -o value as a config line.
		args = append(args, "-o "+shellquote.IfNeeded("UserKnownHostsFile="+kh))
	}
	vars := []ansibleVar{
		{"ansible_host", h.Address},
		{"ansible_port", h.PortOrDefault()},
		{"ansible_user", h.User},
		{"ansible_ssh_private_key_file", h.KeyFile},
	}
	if h.Sudo {
		vars = append(vars, ansibleVar{"ansible_become", true})
	}
	vars = append(vars, ansibleVar{"ansible_ssh_common_args", strings.Join(args, " ")})
	if hasTemplate(h.Name) {
		return nil, fmt.Errorf("clientconf: server %q: the name holds {{, {%% or {#, which Ansible would run as a template", h.Name)
	}
	for _, v := range vars {
		if s, ok := v.value.(string); ok && hasTemplate(s) {
			return nil, fmt.Errorf("clientconf: server %q: %s %q holds {{, {%% or {#, which Ansible would run as a template", h.Name, v.name, s)
		}
	}
	return vars, nil
}

// hasTemplate reports whether s holds the start of a Jinja2 expression,
// statement or comment. Ansible templates every inventory variable when
// it uses it, so a user of {{ lookup('pipe', ...) }} would run a command
// on the machine that runs the playbook.
func hasTemplate(s string) bool {
	return strings.Contains(s, "{{") || strings.Contains(s, "{%") || strings.Contains(s, "{#")
}

// allVars are the variables every host gets, under all.
var allVars = []ansibleVar{{"ansible_host_key_checking", true}}

func (inv *inventory) yamlNode() *yaml.Node {
	all := mapping()
	addPair(all, scalar("vars"), varsNode(allVars))
	hosts := mapping()
	for _, h := range inv.hosts {
		addPair(hosts, scalar(h.name), varsNode(h.vars))
	}
	addPair(all, scalar("hosts"), hosts)
	if len(inv.groups) > 0 {
		children := mapping()
		for _, g := range inv.groups {
			members := mapping()
			for _, m := range g.members {
				addPair(members, scalar(m), &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null"})
			}
			group := mapping()
			addPair(group, scalar("hosts"), members)
			addPair(children, scalar(g.name), group)
		}
		addPair(all, scalar("children"), children)
	}
	root := mapping()
	addPair(root, scalar("all"), all)
	return &yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{root}}
}

func varsNode(vars []ansibleVar) *yaml.Node {
	m := mapping()
	for _, v := range vars {
		var n *yaml.Node
		switch x := v.value.(type) {
		case bool:
			n = &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: strconv.FormatBool(x)}
		case int:
			n = &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.Itoa(x)}
		default:
			n = scalar(x.(string))
		}
		addPair(m, scalar(v.name), n)
	}
	return m
}

func mapping() *yaml.Node { return &yaml.Node{Kind: yaml.MappingNode} }

// scalar is a string node: the encoder quotes it where YAML would read it
// as something else ("true", "22", "null").
func scalar(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s} }

func addPair(m, k, v *yaml.Node) { m.Content = append(m.Content, k, v) }

// writeINI writes the inventory as Ansible's ini plugin reads it: each
// host's line with its variables first, outside any section (such hosts
// are in all), then [all:vars], then a section per group. The plugin
// splits a line as a shell would and reads each value as a Python
// literal, so a string is written quoted as one shell word and, when it
// would read as a literal (a number, True), in Python quotes as well.
func (inv *inventory) writeINI(b *bytes.Buffer) {
	for _, h := range inv.hosts {
		b.WriteString(h.name)
		for _, v := range h.vars {
			b.WriteByte(' ')
			b.WriteString(shellquote.IfNeeded(v.name + "=" + iniValue(v.value)))
		}
		b.WriteByte('\n')
	}
	b.WriteString("\n[all:vars]\n")
	for _, v := range allVars {
		fmt.Fprintf(b, "%s=%s\n", v.name, iniValue(v.value))
	}
	for _, g := range inv.groups {
		fmt.Fprintf(b, "\n[%s]\n", g.name)
		for _, m := range g.members {
			b.WriteString(m + "\n")
		}
	}
}

// iniValue writes a variable's value as the ini plugin reads it back:
// booleans as Python's True and False, numbers as they are, strings as
// they are unless they would read as a Python literal.
func iniValue(v any) string {
	switch x := v.(type) {
	case bool:
		if x {
			return "True"
		}
		return "False"
	case int:
		return strconv.Itoa(x)
	}
	s := v.(string)
	if looksLikePythonLiteral(s) {
		return strconv.Quote(s)
	}
	return s
}

// looksLikePythonLiteral reports strings Python's ast.literal_eval would
// turn into something else: numbers, True, False, None, and anything
// starting with a quote, bracket or brace. An address such as 127.0.0.2
// is not a literal, and stays as it is.
func looksLikePythonLiteral(s string) bool {
	switch s {
	case "", "True", "False", "None":
		return true
	}
	if _, err := strconv.ParseFloat(s, 64); err == nil {
		return true
	}
	if _, err := strconv.ParseInt(s, 0, 64); err == nil {
		return true
	}
	return strings.ContainsAny(s[:1], `'"[({`)
}
