package firewall

import (
	"errors"
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Every file in testdata/firewall/bad must fail with a one-line error that
// names the file and line, and says what is wrong.
func TestBadFiles(t *testing.T) {
	tests := map[string]struct {
		line int // 0: the error has no line
		want string
	}{
		"alias.yaml":                     {7, `YAML aliases (*office) are not supported`},
		"allow-internal-yes.yaml":        {3, `firewall "web": allow_internal: want true or false, got "yes"`},
		"duplicate-firewall.yaml":        {6, `duplicate firewall name "web" (first at line 2)`},
		"duplicate-key.yaml":             {6, `firewall "web" inbound[0]: duplicate key "source" (first at line 5)`},
		"duplicate-server.yaml":          {4, `duplicate server name "web1" (first at line 2)`},
		"empty.yaml":                     {0, `the file is empty`},
		"firewalls-not-list.yaml":        {2, `firewalls: want a list, got a mapping`},
		"invalid-utf8.yaml":              {6, `invalid UTF-8 (byte 0xe9 at column 25); save the file as UTF-8`},
		"keypair-name-underscore.yaml":   {4, `server "web1": keypair: "my_key" is not a keypair name the console allows: at most 20 English letters and digits`},
		"name-missing.yaml":              {2, `firewalls[0]: name: is required`},
		"port-too-big.yaml":              {5, `firewall "web" inbound[0]: ports: port 65536 is out of range 1-65535`},
		"port-zero.yaml":                 {5, `firewall "web" inbound[0]: ports: port 0 is out of range 1-65535`},
		"ports-backwards.yaml":           {5, `ports: 61000-60000 runs backwards`},
		"ports-malformed.yaml":           {5, `ports: "22,80" is not a port or FROM-TO range`},
		"ports-missing.yaml":             {4, `ports: is required`},
		"protocol-icmp.yaml":             {4, `protocol: "icmp" is not tcp or udp`},
		"protocol-missing.yaml":          {4, `protocol: is required`},
		"rule-not-mapping.yaml":          {4, `firewall "web" inbound[0]: want a mapping`},
		"server-ip-cidr.yaml":            {3, `server "web1": public_ip: "203.0.113.0/24": want one address, not a CIDR`},
		"server-ip-malformed.yaml":       {4, `server "web1": private_ip: "10.0.0.256" is not an IP address`},
		"server-name-long.yaml":          {2, `servers[0]: name: "web-server-number-one-in-seoul" is not a server name the console allows: at most 20 English letters, digits and '-'`},
		"server-name-path.yaml":          {4, `servers[0]: name: "../x" is not a server name`},
		"service-port-conflict.yaml":     {5, `ports: 2222 conflicts with service SSH, which is tcp/22`},
		"service-protocol-conflict.yaml": {5, `protocol: udp conflicts with service SSH, which is tcp/22`},
		"source-bad-length.yaml":         {5, `source: "203.0.113.0/33" is not an address or CIDR`},
		"source-host-bits.yaml":          {5, `source: 203.0.113.7/24 has host bits set: did you mean 203.0.113.0/24, or 203.0.113.7/32 for one address?`},
		"source-leading-zero.yaml":       {5, `leading zero`},
		"source-malformed.yaml":          {5, `source: "203.0.113.300" is not an IP address`},
		"source-mapped-short.yaml":       {5, `IPv4-mapped prefix shorter than /96`},
		"source-missing.yaml":            {4, `source: is required`},
		"source-zone.yaml":               {5, `zones ("%eth0") are not allowed`},
		"syntax.json":                    {2, `did not find expected node content`},
		"syntax.yaml":                    {3, `did not find expected node content`},
		"top-unknown.yaml":               {1, `unknown field "firewall" (known: firewalls, servers, keys)`},
		"two-documents.yaml":             {2, `a second YAML document`},
		"unknown-field.json":             {6, `firewall "web" inbound[0]: unknown field "port"`},
		"unknown-field.yaml":             {5, `firewall "web" inbound[0]: unknown field "sorce"`},
		"unknown-firewall-ref.yaml":      {8, `server "web1": firewalls: no firewall is named "db"`},
		"unknown-server-ref.yaml":        {8, `firewall "web": servers: no server is named "web2"`},
		"unknown-service.yaml":           {4, `service: unknown service "SHH" (known: SSH,`},
	}
	files, err := filepath.Glob("../testdata/firewall/bad/*")
	require.NoError(t, err)
	require.Len(t, files, len(tests), "every bad file needs an entry here, and every entry a file")
	for _, path := range files {
		name := filepath.Base(path)
		t.Run(name, func(t *testing.T) {
			tt, ok := tests[name]
			require.True(t, ok, "no expectation for %s", name)
			_, err := Load(path)
			require.Error(t, err)
			var fe *Error
			require.True(t, errors.As(err, &fe), "want *Error, got %T", err)
			assert.Equal(t, tt.line, fe.Line)
			prefix := "firewall: " + path + ":"
			if tt.line == 0 {
				prefix = "firewall: " + path + ": "
			}
			msg := err.Error()
			assert.True(t, strings.HasPrefix(msg, prefix), "%q does not start with %q", msg, prefix)
			assert.Contains(t, msg, tt.want)
			assert.NotContains(t, msg, "\n")
		})
	}
}

func TestParseFills(t *testing.T) {
	tests := []struct {
		name string
		rule string
		want Rule
	}{
		{"service fills protocol and port", "service: SSH\nsource: 203.0.113.7/32",
			Rule{Service: "SSH", Protocol: TCP, Ports: PortRange{22, 22}, Source: netip.MustParsePrefix("203.0.113.7/32")}},
		{"service names ignore case", "service: postgresql\nsource: 10.0.0.0/8",
			Rule{Service: "PostgreSQL", Protocol: TCP, Ports: PortRange{5432, 5432}, Source: netip.MustParsePrefix("10.0.0.0/8")}},
		{"DNS is tcp and udp", "service: DNS\nsource: 10.0.0.0/8",
			Rule{Service: "DNS", Protocol: TCP | UDP, Ports: PortRange{53, 53}, Source: netip.MustParsePrefix("10.0.0.0/8")}},
		{"DNS narrowed to udp", "service: DNS\nprotocol: udp\nsource: 10.0.0.0/8",
			Rule{Service: "DNS", Protocol: UDP, Ports: PortRange{53, 53}, Source: netip.MustParsePrefix("10.0.0.0/8")}},
		{"service with its own port repeated", "service: HTTPS\nprotocol: TCP\nports: 443\nsource: 0.0.0.0/0",
			Rule{Service: "HTTPS", Protocol: TCP, Ports: PortRange{443, 443}, Source: netip.MustParsePrefix("0.0.0.0/0")}},
		{"a bare IPv4 address is /32", "protocol: tcp\nports: \"8080\"\nsource: 198.51.100.1",
			Rule{Protocol: TCP, Ports: PortRange{8080, 8080}, Source: netip.MustParsePrefix("198.51.100.1/32")}},
		{"a bare IPv6 address is /128", "protocol: udp\nports: 60000-61000\nsource: 2001:db8::1",
			Rule{Protocol: UDP, Ports: PortRange{60000, 61000}, Source: netip.MustParsePrefix("2001:db8::1/128")}},
		{"a one-port range is one port", "protocol: tcp\nports: 25-25\nsource: ::/0\ndescription: mail",
			Rule{Protocol: TCP, Ports: PortRange{25, 25}, Source: netip.MustParsePrefix("::/0"), Description: "mail"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := "      " + strings.ReplaceAll(tt.rule, "\n", "\n        ")
			cfg := parseYAML(t, "firewalls:\n  - name: fw\n    inbound:\n      - "+strings.TrimSpace(body)+"\n")
			got := cfg.Firewalls[0].Inbound[0]
			got.Line = 0
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestParseNamesAndNulls(t *testing.T) {
	cfg := parseYAML(t, `
firewalls:
  - name: 2024
    allow_internal: ~
    inbound:
    servers:
servers:
  - name: 2025
    os:
    firewalls: ["2024"]
`)
	assert.Equal(t, "2024", cfg.Firewalls[0].Name)
	assert.False(t, cfg.Firewalls[0].AllowInternal)
	assert.Equal(t, "2025", cfg.Servers[0].Name)
	assert.Equal(t, "", cfg.Servers[0].OS)
	assert.Equal(t, []string{"2024"}, cfg.FirewallsOf("2025"))
}

// Names as the console allows them: servers up to 20 letters, digits and
// '-', keypairs up to 20 letters and digits; nothing else loads, from a
// file or built by hand.
func TestConsoleNames(t *testing.T) {
	for _, tt := range []struct {
		server, keypair string
		ok              bool
	}{
		{"web1", "cafe24", true},
		{"web-1", "Cafe24", true},
		{"a2345678901234567890", "k2345678901234567890", true},
		{"a23456789012345678901", "cafe24", false},
		{"web1", "k23456789012345678901", false},
		{"web_1", "cafe24", false},
		{"web.1", "cafe24", false},
		{"../x", "cafe24", false},
		{"a/b", "cafe24", false},
		{"서버", "cafe24", false},
		{"web1", "cafe-24", false},
		{"web1", "cafe_24", false},
		{"web1", "../cafe24", false},
		{"web1", "cafe 24", false},
	} {
		file := fmt.Sprintf("servers:\n  - name: %q\n    keypair: %q\n", tt.server, tt.keypair)
		_, err := Parse([]byte(file), "cloud.yaml")
		built := &Config{Servers: []Server{{Name: tt.server, Keypair: tt.keypair}}}
		if tt.ok {
			assert.NoError(t, err, file)
			assert.NoError(t, built.Validate())
			continue
		}
		require.Error(t, err, file)
		assert.Contains(t, err.Error(), "cloud.yaml:", "the error names the file and line")
		assert.Contains(t, err.Error(), "the console allows")
		assert.ErrorContains(t, built.Validate(), "the console allows")
	}
}

func TestEmptyValuesRejected(t *testing.T) {
	for _, src := range []string{
		"servers:\n  - name: \"\"\n",
		"servers:\n  - name: web1\n    os: \"\"\n",
		"servers:\n  - name: web1\n    keypair: \"\"\n",
		"servers:\n  - name: \"a\\tb\"\n",
	} {
		_, err := Parse([]byte(src), "test.yaml")
		assert.ErrorContains(t, err, "test.yaml:", src)
	}
}

func TestWarnings(t *testing.T) {
	cfg, err := Load("../testdata/firewall/mapped.yaml")
	require.NoError(t, err)
	var lines []int
	for _, w := range cfg.Warnings {
		lines = append(lines, w.Line)
		assert.Contains(t, w.String(), "IPv4-mapped IPv6 address; read as ")
	}
	assert.Equal(t, []int{6, 8, 12}, lines)
	assert.Equal(t, netip.MustParsePrefix("203.0.113.7/32"), cfg.Firewalls[0].Inbound[0].Source)
	assert.Equal(t, netip.MustParsePrefix("198.51.100.0/24"), cfg.Firewalls[0].Inbound[1].Source)
	assert.Equal(t, netip.MustParseAddr("203.0.113.50"), cfg.Servers[0].PublicIP)
}

func TestJSONReadsAsYAML(t *testing.T) {
	fromYAML, err := Load("../testdata/firewall/cloud.yaml")
	require.NoError(t, err)
	fromJSON, err := Load("../testdata/firewall/cloud.json")
	require.NoError(t, err)
	assert.Equal(t, model(fromYAML), model(fromJSON))
}

func TestLimits(t *testing.T) {
	_, err := Parse(make([]byte, MaxFileSize+1), "big.yaml")
	assert.ErrorContains(t, err, "big.yaml: the file is larger than")

	var b strings.Builder
	b.WriteString("firewalls:\n  - name: fw\n    inbound:\n")
	for i := 0; i <= MaxRules; i++ {
		b.WriteString("      - {service: SSH, source: 203.0.113.7}\n")
	}
	_, err = Parse([]byte(b.String()), "many.yaml")
	assert.ErrorContains(t, err, "more than 10000 rules")
}

// A hand-built config goes through the same checks as a file.
func TestValidate(t *testing.T) {
	ok := func() *Config {
		return &Config{
			Firewalls: []Firewall{{Name: "web", Inbound: []Rule{{Protocol: TCP, Ports: PortRange{22, 22}, Source: netip.MustParsePrefix("203.0.113.7/32")}}, Servers: []string{"web1"}}},
			Servers:   []Server{{Name: "web1", PublicIP: netip.MustParseAddr("203.0.113.50")}},
		}
	}
	require.NoError(t, ok().Validate())
	tests := []struct {
		name    string
		breakIt func(c *Config)
		want    string
	}{
		{"port 0", func(c *Config) { c.Firewalls[0].Inbound[0].Ports = PortRange{0, 22} }, `firewall "web" inbound[0]: ports: port 0 is out of range`},
		{"backwards", func(c *Config) { c.Firewalls[0].Inbound[0].Ports = PortRange{23, 22} }, `runs backwards`},
		{"no protocol", func(c *Config) { c.Firewalls[0].Inbound[0].Protocol = 0 }, `protocol: is required`},
		{"both protocols without a service", func(c *Config) { c.Firewalls[0].Inbound[0].Protocol = TCP | UDP }, `protocol: want tcp or udp`},
		{"service conflict", func(c *Config) { c.Firewalls[0].Inbound[0].Service = "HTTP" }, `ports: 22 conflicts with service HTTP`},
		{"unknown service", func(c *Config) { c.Firewalls[0].Inbound[0].Service = "Gopher" }, `unknown service "Gopher"`},
		{"no source", func(c *Config) { c.Firewalls[0].Inbound[0].Source = netip.Prefix{} }, `source: is missing`},
		{"host bits", func(c *Config) { c.Firewalls[0].Inbound[0].Source = netip.MustParsePrefix("203.0.113.7/24") }, `did you mean 203.0.113.0/24`},
		{"mapped source", func(c *Config) { c.Firewalls[0].Inbound[0].Source = netip.MustParsePrefix("::ffff:203.0.113.7/128") }, `IPv4-mapped`},
		{"zoned server address", func(c *Config) { c.Servers[0].PublicIP = netip.MustParseAddr("fe80::1%eth0") }, `public_ip: fe80::1%eth0 has a zone`},
		{"duplicate firewall", func(c *Config) { c.Firewalls = append(c.Firewalls, c.Firewalls[0]) }, `duplicate firewall name "web"`},
		{"duplicate server", func(c *Config) { c.Servers = append(c.Servers, c.Servers[0]) }, `duplicate server name "web1"`},
		{"unknown server", func(c *Config) { c.Firewalls[0].Servers = []string{"web2"} }, `no server is named "web2"`},
		{"unknown firewall", func(c *Config) { c.Servers[0].Firewalls = []string{"db"} }, `no firewall is named "db"`},
		{"listed twice", func(c *Config) { c.Servers[0].Firewalls = []string{"web", "web"} }, `"web" is listed twice`},
		{"empty name", func(c *Config) { c.Servers[0].Name = "" }, `servers[0]: name: must not be empty`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := ok()
			tt.breakIt(c)
			assert.ErrorContains(t, c.Validate(), tt.want)
		})
	}
}

func TestLoadMissingFile(t *testing.T) {
	_, err := Load("../testdata/firewall/no-such-file.yaml")
	require.Error(t, err)
	assert.True(t, errors.Is(err, os.ErrNotExist))
	assert.True(t, strings.HasPrefix(err.Error(), "firewall: "))
}

// A file that is not UTF-8 is refused with the line of the first bad byte;
// UTF-16 with a byte order mark (Notepad's "Unicode") still reads.
func TestEncoding(t *testing.T) {
	_, err := Parse([]byte("servers:\n  - name: web1\n    os: ubunt\xffu\n"), "cloud.yaml")
	require.Error(t, err)
	assert.Equal(t, "firewall: cloud.yaml:3: invalid UTF-8 (byte 0xff at column 14); save the file as UTF-8", err.Error())

	text := "servers:\n  - name: web1\n"
	utf16 := []byte{0xFF, 0xFE}
	for _, r := range text {
		utf16 = append(utf16, byte(r), 0)
	}
	cfg, err := Parse(utf16, "cloud.yaml")
	require.NoError(t, err)
	assert.Equal(t, "web1", cfg.Servers[0].Name)
}
