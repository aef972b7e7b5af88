package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cloudkeypair/keypair/internal/fixture"
)

// Exit statuses of the key commands are a contract scripts rely on: 0
// success, 1 failure, 2 usage error. The scripts check that a command
// fails; this checks how.
func TestKeyCommandExitStatus(t *testing.T) {
	dir := t.TempDir()
	pem := filepath.Join(dir, "cafe24.pem")
	require.NoError(t, os.WriteFile(pem, fixture.Read(t, "cafe24.pem"), 0o600))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "wrong"), []byte("wrong\n"), 0o600))
	t.Chdir(dir)

	for _, tc := range []struct {
		args string
		want int
	}{
		{"pem2ppk cafe24.pem", exitOK},
		{"pem2ppk cafe24.pem", exitFailure}, // the output exists now
		{"pem2ppk --force -o - cafe24.pem", exitOK},
		{"pem2ppk", exitUsage},
		{"pem2ppk a.pem b.pem", exitFailure}, // neither exists
		{"pem2ppk -o x.ppk a.pem b.pem", exitUsage},
		{"pem2ppk -O text cafe24.pem", exitUsage},
		{"pem2ppk -t rsa", exitUsage},
		{"cafe24.pem -l", exitOK},
		{"pem2ppk -P -o - --new-passphrase wrong cafe24.pem", exitOK},
		{"fingerprint cafe24.pem no-such.pem", exitFailure},
		{"pem2ppk --ppk-param version=9 cafe24.pem", exitUsage},
		{"pem2ppk --keypair no/slash cafe24.pem", exitUsage},
		{"pem2ppk --keypair web -o x.ppk cafe24.pem", exitFailure},
		{"pem2ppk --old-passphrase wrong -o x.ppk " + fixture.Key("rsa2048", "openssl.pkcs8.aes256.enc.pem"), exitFailure},
		{"pem2ppk -o x.ppk no-such.pem", exitFailure},
		{"ppk2pem -o - cafe24.ppk", exitOK},
		{"ppk2pem --format der cafe24.ppk", exitUsage},
		{"pub cafe24.ppk", exitOK},
		{"pub -f x509 cafe24.ppk", exitUsage},
		{"fingerprint -E sha1 cafe24.ppk", exitUsage},
		{"fingerprint " + fixture.Key("rsa2048", "puttygen.openssh.pub"), exitOK},
		{"pem2ppk -o x.ppk " + fixture.Key("rsa2048", "puttygen.openssh.pub"), exitFailure},
		{"info cafe24.ppk", exitOK},
		{"info", exitUsage},
		{"check-name cafe24.pem cafe24", exitOK},
		{"check-name cafe24-1.pem cafe24", exitFailure},
		{"check-name cafe24.pem", exitUsage},
		{"no-such-command", exitUsage},
		{"help pem2ppk", exitOK},
	} {
		var out bytes.Buffer
		code := run(context.Background(), &stdio{In: strings.NewReader(""), Out: &out, Err: &out}, strings.Fields(tc.args))
		assert.Equal(t, tc.want, code, "keyconv %s\n%s", tc.args, out.String())
	}
}
