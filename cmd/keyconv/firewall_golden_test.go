package main

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cloudkeypair/keypair/internal/golden"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The firewall commands' output is compared with golden files in
// testdata/firewall/golden, rewritten by `go test ./... -update`. Each
// golden file holds the command line, the exit status, stdout and stderr.

var firewallGoldenCases = []struct {
	name string
	args string // after "keyconv firewall", split on spaces
}{
	{"check-allow", "check -c cloud.yaml --server web1 --from 203.0.113.7"},
	{"check-deny-source", "check -c cloud.yaml --server web1 --from 198.51.100.9"},
	{"check-deny-port", "check -c cloud.yaml --server web1 --from 203.0.113.7 --port 3306"},
	{"check-udp-range", "check -c cloud.yaml --server web1 --from 198.51.100.20 --proto udp --port 60500"},
	{"check-json-allow", "check -c cloud.yaml --server web1 --from 203.0.113.7 --json"},
	{"check-json-deny", "check -c cloud.yaml --server web1 --from 198.51.100.9 --json"},
	{"check-json-yaml-equals-json", "check -c cloud.json --server web1 --from 198.51.100.9 --json"},
	{"check-internal", "check -c multi.yaml --server web1 --from db1 --port 8080"},
	{"check-internal-off", "check -c multi.yaml --server db1 --from 10.0.0.9 --to private --port 5432"},
	{"check-internal-rule", "check -c multi.yaml --server db1 --from web1 --port 5432"},
	{"check-internal-not-server", "check -c multi.yaml --server web1 --from 8.8.8.8 --to private"},
	{"check-json-internal-off", "check -c multi.yaml --server db1 --from web1 --port 5432 --json"},
	{"check-server-public", "check -c multi.yaml --server db1 --from web1 --to public --port 5432"},
	{"check-no-firewall", "check -c multi.yaml --server new1 --from 203.0.113.7"},
	{"check-no-address", "check -c multi.yaml --server new1 --from 10.0.0.5 --to private"},
	{"check-ipv6", "check -c multi.yaml --server web1 --from 2001:db8::7 --port 443"},
	{"check-mapped-source", "check -c mapped.yaml --server web1 --from ::ffff:203.0.113.7"},
	{"check-unknown-server", "check -c cloud.yaml --server web2 --from 203.0.113.7"},
	{"check-bad-from", "check -c cloud.yaml --server web1 --from 203.0.113.300"},
	{"check-bad-port", "check -c cloud.yaml --server web1 --from 203.0.113.7 --port 70000"},
	{"check-bad-proto", "check -c cloud.yaml --server web1 --from 203.0.113.7 --proto icmp"},
	{"check-missing-flags", "check -c cloud.yaml"},
	{"check-missing-file", "check -c no-such.yaml --server web1 --from 203.0.113.7"},
	{"lint-clean", "lint -c cloud.yaml"},
	{"lint-risky", "lint -c risky.yaml"},
	{"lint-risky-json", "lint -c risky.yaml --json"},
	{"lint-clean-json", "lint -c cloud.yaml --json"},
	{"lint-multi", "lint -c multi.yaml"},
	{"lint-mapped", "lint -c mapped.yaml"},
	{"show-cloud", "show -c cloud.yaml"},
	{"show-multi", "show -c multi.yaml"},
	{"show-multi-json", "show -c multi.yaml --json"},
	{"show-risky", "show -c risky.yaml"},
	{"show-risky-json", "show -c risky.yaml --json"},
	{"no-subcommand", ""},
	{"unknown-subcommand", "frob -c cloud.yaml"},
	{"missing-c", "lint"},
	{"stray-argument", "lint -c cloud.yaml extra"},
}

func TestFirewallGolden(t *testing.T) {
	t.Chdir(filepath.Join(repoRoot, "testdata", "firewall"))
	cases := firewallGoldenCases
	// Every malformed file gets its own case: one line, file:line, exit 2.
	bad, err := filepath.Glob("bad/*")
	require.NoError(t, err)
	require.NotEmpty(t, bad)
	for _, path := range bad {
		cases = append(cases, struct{ name, args string }{
			"bad-" + strings.ReplaceAll(filepath.Base(path), ".", "-"), "lint -c " + filepath.ToSlash(path),
		})
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			args := append([]string{"firewall"}, strings.Fields(tc.args)...)
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), &stdio{In: strings.NewReader(""), Out: &stdout, Err: &stderr}, args)
			got := fmt.Sprintf("$ keyconv %s\nexit %d\n-- stdout --\n%s-- stderr --\n%s", strings.Join(args, " "), code, stdout.String(), stderr.String())
			golden.Check(t, filepath.Join("golden", tc.name+".txt"), []byte(got))

			if strings.HasPrefix(tc.name, "bad-") {
				assert.Equal(t, exitUsage, code)
				assert.Empty(t, stdout.String())
				lines := strings.Split(strings.TrimSuffix(stderr.String(), "\n"), "\n")
				require.Len(t, lines, 1, "a bad file gets a one-line error")
				assert.True(t, strings.HasPrefix(lines[0], "keyconv: error: firewall: "+strings.Fields(tc.args)[2]), lines[0])
			}
		})
	}
}

// Exit statuses are the contract scripts rely on; they are asserted here
// as well as recorded in the golden files.
func TestFirewallExitStatus(t *testing.T) {
	t.Chdir(filepath.Join(repoRoot, "testdata", "firewall"))
	for _, tc := range []struct {
		args string
		want int
	}{
		{"check -c cloud.yaml --server web1 --from 203.0.113.7", exitOK},
		{"check -c cloud.yaml --server web1 --from 198.51.100.9", exitFailure},
		{"check -c cloud.yaml --server web2 --from 198.51.100.9", exitUsage},
		{"check -c bad/port-zero.yaml --server web1 --from 198.51.100.9", exitUsage},
		{"lint -c cloud.yaml", exitOK},
		{"lint -c risky.yaml", exitFailure},
		{"lint -c bad/port-zero.yaml", exitUsage},
		{"show -c cloud.yaml", exitOK},
		{"show -c bad/port-zero.yaml", exitUsage},
		{"show", exitUsage},
	} {
		var out bytes.Buffer
		code := run(context.Background(), &stdio{In: strings.NewReader(""), Out: &out, Err: &out}, append([]string{"firewall"}, strings.Fields(tc.args)...))
		assert.Equal(t, tc.want, code, "keyconv firewall %s\n%s", tc.args, out.String())
	}
}
