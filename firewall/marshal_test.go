package firewall

import (
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"
)

// goodFiles are the testdata files that load.
func goodFiles(t testing.TB) []string {
	t.Helper()
	var files []string
	for _, glob := range []string{"../testdata/firewall/*.yaml", "../testdata/firewall/*.json"} {
		m, err := filepath.Glob(glob)
		require.NoError(t, err)
		files = append(files, m...)
	}
	require.NotEmpty(t, files)
	return files
}

// assertRoundTrip checks that cfg written back in both formats reads back
// to the same model.
func assertRoundTrip(t testing.TB, cfg *Config) {
	t.Helper()
	y, err := yaml.Marshal(cfg)
	require.NoError(t, err)
	again, err := Parse(y, "again.yaml")
	require.NoError(t, err, "re-marshalled YAML does not load:\n%s", y)
	require.Equal(t, model(cfg), model(again), "YAML:\n%s", y)
	require.Empty(t, again.Warnings, "a re-marshalled file is canonical")

	j, err := json.Marshal(cfg)
	require.NoError(t, err)
	again, err = Parse(j, "again.json")
	require.NoError(t, err, "re-marshalled JSON does not load:\n%s", j)
	require.Equal(t, model(cfg), model(again), "JSON:\n%s", j)
}

func TestMarshalRoundTrip(t *testing.T) {
	for _, path := range goodFiles(t) {
		t.Run(filepath.Base(path), func(t *testing.T) {
			cfg, err := Load(path)
			require.NoError(t, err)
			assertRoundTrip(t, cfg)
		})
	}
}

func TestMarshalCanonical(t *testing.T) {
	cfg := parseYAML(t, `
firewalls:
  - name: "yes"
    inbound:
      - {service: ssh, protocol: TCP, ports: 22, source: "::ffff:203.0.113.7"}
      - {service: dns, protocol: udp, source: 10.0.0.0/8}
      - {service: DNS, source: 10.0.0.0/8}
      - {protocol: udp, ports: 60000-61000, source: "2001:db8::/32"}
`)
	y, err := yaml.Marshal(cfg)
	require.NoError(t, err)
	assert.Equal(t, `firewalls:
    - name: "yes"
      allow_internal: false
      inbound:
        - service: SSH
          source: 203.0.113.7/32
        - service: DNS
          protocol: udp
          source: 10.0.0.0/8
        - service: DNS
          source: 10.0.0.0/8
        - protocol: udp
          ports: 60000-61000
          source: 2001:db8::/32
`, string(y))
	assertRoundTrip(t, cfg)
}
