package keyconv

import (
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// corpusDirs lists the key folders of the shared corpus.
func corpusDirs(t testing.TB) []string {
	t.Helper()
	dirs, err := filepath.Glob(filepath.Join("..", "testdata", "corpus", "*"))
	require.NoError(t, err)
	require.NotEmpty(t, dirs, "the key corpus is missing: run testdata/generate.sh")
	return dirs
}

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
	for _, dir := range corpusDirs(t) {
		if _, err := os.Stat(filepath.Join(dir, "puttygen.pub")); err != nil {
			continue
		}
		t.Run(filepath.Base(dir), func(t *testing.T) {
			golden := func(name string) string {
				b, err := os.ReadFile(filepath.Join(dir, name))
				require.NoError(t, err)
				return string(b)
			}
			pub := publicKeyFromLine(t, golden("puttygen.pub"))
			line, err := pub.AuthorizedKey()
			require.NoError(t, err)
			require.Equal(t, golden("puttygen.pub"), line)
			text, err := pub.RFC4716()
			require.NoError(t, err)
			require.Equal(t, golden("puttygen.rfc4716"), text)
			require.Equal(t, golden("puttygen.fp-sha256"), pub.FingerprintLine(SHA256)+"\n")
			require.Equal(t, golden("puttygen.fp-md5"), pub.FingerprintLine(MD5)+"\n")
		})
	}
}

func TestRFC4716EscapesComment(t *testing.T) {
	// puttygen -p on a key commented `a "q" \ b` prints the quote and the
	// backslash escaped and never wraps the header.
	pub := &PublicKey{Algorithm: "ssh-ed25519", Blob: []byte("0123456789"), Comment: `a "q" \ b`}
	text, err := pub.RFC4716()
	require.NoError(t, err)
	require.Contains(t, text, "Comment: \"a \\\"q\\\" \\\\ b\"\n")
}

func TestAuthorizedKeyEmptyCommentKeepsSpace(t *testing.T) {
	pub := &PublicKey{Algorithm: "ssh-ed25519", Blob: []byte{1, 2, 3}}
	line, err := pub.AuthorizedKey()
	require.NoError(t, err)
	require.Equal(t, "ssh-ed25519 AQID \n", line)
}

func TestParseFingerprintHash(t *testing.T) {
	for name, want := range map[string]FingerprintHash{"sha256": SHA256, "SHA256": SHA256, "md5": MD5} {
		got, err := ParseFingerprintHash(name)
		require.NoError(t, err)
		require.Equal(t, want, got)
	}
	_, err := ParseFingerprintHash("sha1")
	require.ErrorContains(t, err, "sha1")
}
