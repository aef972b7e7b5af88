package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/cloudkeypair/keypair/internal/golden"
	"github.com/cloudkeypair/keypair/internal/sshtest"
	"github.com/stretchr/testify/require"
	"golang.org/x/crypto/ssh"
)

// keyconv doctor's text and JSON output is compared with golden files in
// testdata/doctor, rewritten by `go test ./... -update`. The run is real:
// a loopback sshd (internal/sshtest), a key file and a firewall file in a
// temporary directory. What changes from run to run is replaced before
// comparing: the sshd's port by $PORT, its host key's fingerprint by
// SHA256:HOSTKEY and the client key's by SHA256:CLIENTKEY.

var doctorGoldenCases = []struct {
	name  string
	setup func(t *testing.T, dir string) // changes the healthy setup
	args  string                         // after "keyconv doctor"; $PORT is the sshd's port
}{
	{"healthy", nil,
		"-i cafe24.pem -c cloud.yaml --server web1 --from 198.51.100.7 -p $PORT --known-hosts known_hosts 127.0.0.1"},
	{"healthy-json", nil,
		"-i cafe24.pem -c cloud.yaml --server web1 --from 198.51.100.7 -p $PORT --known-hosts known_hosts --json 127.0.0.1"},
	{"problems", breakSetup,
		"-i cafe24-1.pem -c cloud.yaml --server web1 --from 192.0.2.9 -p $PORT --known-hosts empty_known_hosts 127.0.0.1"},
	{"problems-json", breakSetup,
		"-i cafe24-1.pem -c cloud.yaml --server web1 --from 192.0.2.9 -p $PORT --known-hosts empty_known_hosts --json 127.0.0.1"},
	{"no-sudo", nil,
		"-i cafe24.pem -l " + sshtest.NoSudoUser + " -p $PORT --known-hosts known_hosts 127.0.0.1"},
	{"offline", nil,
		"--keypair cafe24 --os windows"},
	{"offline-json", nil,
		"--keypair cafe24 --os windows --json"},
}

// breakSetup makes the mistakes the problems case reports: a key saved as a
// second download and readable by everyone.
func breakSetup(t *testing.T, dir string) {
	require.NoError(t, os.Rename(filepath.Join(dir, "cafe24.pem"), filepath.Join(dir, "cafe24-1.pem")))
	require.NoError(t, os.Chmod(filepath.Join(dir, "cafe24-1.pem"), 0o644))
}

func TestDoctorGolden(t *testing.T) {
	sshtest.Require(t)
	require.NoError(t, sshtest.EnsureUsers())
	s, err := sshtest.Start("")
	require.NoError(t, err)
	defer s.Close()
	tmpl, err := os.ReadFile(filepath.Join(repoRoot, "testdata", "doctor", "golden-cloud.yaml.tmpl"))
	require.NoError(t, err)
	port := strconv.Itoa(s.Port)

	for _, tc := range doctorGoldenCases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			t.Chdir(dir)
			copyFile(t, s.ClientKeyFile, "cafe24.pem", 0o600)
			copyFile(t, s.KnownHostsFile, "known_hosts", 0o600)
			require.NoError(t, os.WriteFile("cloud.yaml", bytes.ReplaceAll(tmpl, []byte("SSHD_PORT"), []byte(port)), 0o600))
			if tc.setup != nil {
				tc.setup(t, dir)
			}
			args := append([]string{"doctor"}, strings.Fields(strings.ReplaceAll(tc.args, "$PORT", port))...)
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), &stdio{In: strings.NewReader(""), Out: &stdout, Err: &stderr}, args)
			if strings.HasSuffix(tc.name, "-json") {
				var doc map[string]any
				require.NoError(t, json.Unmarshal(stdout.Bytes(), &doc), "--json prints one JSON document")
			}
			got := fmt.Sprintf("$ keyconv %s\nexit %d\n-- stdout --\n%s-- stderr --\n%s", strings.Join(args, " "), code, stdout.String(), stderr.String())
			got = strings.NewReplacer(
				ssh.FingerprintSHA256(s.HostKeys[0]), "SHA256:HOSTKEY",
				ssh.FingerprintSHA256(s.ClientKey.PublicKey()), "SHA256:CLIENTKEY",
			).Replace(got)
			got = strings.ReplaceAll(got, port, "$PORT")

			golden.Check(t, filepath.Join(repoRoot, "cmd", "keyconv", "testdata", "doctor", tc.name+".txt"), []byte(got))
		})
	}
}

func copyFile(t *testing.T, from, to string, mode os.FileMode) {
	t.Helper()
	data, err := os.ReadFile(from)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(to, data, mode))
}
