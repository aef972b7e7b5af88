package keyconv

import (
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cloudkeypair/keypair/internal/fixture"
)

// publicKeyFromLine reads an authorized_keys line independently of the code
// under test, so the printers are checked against puttygen's own text.
func publicKeyFromLine(t *testing.T, line string) *PublicKey {
	t.Helper()
	fields := strings.SplitN(strings.TrimSuffix(line, "\n"), " ", 3)
	require.Len(t, fields, 3, "authorized_keys line %q", line)
	blob, err := base64.StdEncoding.DecodeString(fields[1])
	require.NoError(t, err)
	pub, err := ParsePublicKeyBlob(blob)
	require.NoError(t, err)
	require.Equal(t, fields[0], pub.Algorithm)
	pub.Comment = fields[2]
	return pub
}

func TestPublicKeyTextMatchesPuttygen(t *testing.T) {
	for _, dir := range fixture.CorpusKeys(t) {
		if _, err := os.Stat(fixture.Key(dir, "puttygen.openssh.pub")); err != nil {
			continue
		}
		t.Run(filepath.Base(dir), func(t *testing.T) {
			golden := func(name string) string {
				b, err := os.ReadFile(fixture.Key(dir, name))
				require.NoError(t, err)
				return string(b)
			}
			pub := publicKeyFromLine(t, golden("puttygen.openssh.pub"))
			require.Equal(t, golden("puttygen.openssh.pub"), pub.AuthorizedKey())
			require.Equal(t, golden("puttygen.rfc4716.pub"), pub.RFC4716())
			require.Equal(t, golden("puttygen.sha256.fp"), pub.FingerprintLine(SHA256)+"\n")
			require.Equal(t, golden("puttygen.md5.fp"), pub.FingerprintLine(MD5)+"\n")
		})
	}
}

func TestRFC4716EscapesComment(t *testing.T) {
	// puttygen -p on a key commented `a "q" \ b` prints the quote and the
	// backslash escaped and never wraps the header.
	pub := &PublicKey{Algorithm: "ssh-ed25519", Blob: []byte("0123456789"), Comment: `a "q" \ b`}
	require.Contains(t, pub.RFC4716(), "Comment: \"a \\\"q\\\" \\\\ b\"\n")
}

func TestAuthorizedKeyEmptyCommentKeepsSpace(t *testing.T) {
	pub := &PublicKey{Algorithm: "ssh-ed25519", Blob: []byte{1, 2, 3}}
	require.Equal(t, "ssh-ed25519 AQID \n", pub.AuthorizedKey())
}
