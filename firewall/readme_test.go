package firewall

import (
	"net/netip"
	"os"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// yamlBlock finds the README's example firewall file: the first ```yaml
// block that starts with "firewalls:".
var yamlBlock = regexp.MustCompile("(?s)```yaml\n(firewalls:\n.*?)```")

// The README's example is testdata/firewall/cloud.yaml byte for byte, and
// reads as the README says it does.
func TestReadmeExample(t *testing.T) {
	want, err := os.ReadFile("../testdata/firewall/cloud.yaml")
	require.NoError(t, err)
	text, err := os.ReadFile("../README.md")
	require.NoError(t, err)
	m := yamlBlock.FindSubmatch(text)
	require.NotNil(t, m, "README.md has no ```yaml block starting with firewalls:")
	assert.Equal(t, string(want), string(m[1]), "README.md's example differs from testdata/firewall/cloud.yaml")

	cfg, err := Parse(want, "cloud.yaml")
	require.NoError(t, err)
	web := cfg.Firewalls[0]
	assert.Equal(t, "web", web.Name)
	assert.False(t, web.AllowInternal)
	assert.Equal(t, []Rule{
		{Service: "SSH", Protocol: TCP, Ports: PortRange{22, 22}, Source: netip.MustParsePrefix("203.0.113.7/32"), Description: "office", Line: 5},
		{Service: "HTTP", Protocol: TCP, Ports: PortRange{80, 80}, Source: netip.MustParsePrefix("0.0.0.0/0"), Line: 8},
		{Protocol: UDP, Ports: PortRange{60000, 61000}, Source: netip.MustParsePrefix("198.51.100.0/24"), Line: 10},
	}, web.Inbound)
	assert.Equal(t, Server{
		Name: "web1", OS: "ubuntu", Keypair: "cafe24",
		PublicIP: netip.MustParseAddr("203.0.113.50"), PrivateIP: netip.MustParseAddr("10.0.0.5"),
		Firewalls: []string{"web"}, Line: 15,
	}, cfg.Servers[0])
	assert.Equal(t, []string{"web"}, cfg.FirewallsOf("web1"))
	assert.Equal(t, []string{"web1"}, cfg.ServersOf("web"))

	// What the README says about it: SSH from the office gets in, SSH
	// from anywhere else does not, and the fix is one rule.
	office, err := cfg.Check(Packet{Server: "web1", Source: netip.MustParseAddr("203.0.113.7"), Protocol: TCP, Port: 22})
	require.NoError(t, err)
	assert.True(t, office.Allowed)
	home, err := cfg.Check(Packet{Server: "web1", Source: netip.MustParseAddr("198.51.100.9"), Protocol: TCP, Port: 22})
	require.NoError(t, err)
	assert.Equal(t, ReasonSourceNotAllowed, home.Reason)
	assert.Equal(t, "SSH tcp/22 from 198.51.100.9/32", home.Fix.Rule.String())
}
