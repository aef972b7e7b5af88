package firewall

import (
	"testing"

	// For -update: this package has no golden files of its own.
	_ "github.com/cloudkeypair/keypair/internal/golden"

	"github.com/stretchr/testify/require"
)

// parseYAML parses an inline test file, failing the test on error.
func parseYAML(t testing.TB, src string) *Config {
	t.Helper()
	cfg, err := Parse([]byte(src), "test.yaml")
	require.NoError(t, err)
	return cfg
}

// model is a config with what a re-marshalled file cannot keep (lines, the
// file name, warnings) cleared, for comparing two configs' meaning.
func model(c *Config) Config {
	m := Config{}
	for _, fw := range c.Firewalls {
		fw.Line = 0
		fw.Inbound = append([]Rule(nil), fw.Inbound...)
		for i := range fw.Inbound {
			fw.Inbound[i].Line = 0
		}
		m.Firewalls = append(m.Firewalls, fw)
	}
	for _, s := range c.Servers {
		s.Line = 0
		m.Servers = append(m.Servers, s)
	}
	return m
}
