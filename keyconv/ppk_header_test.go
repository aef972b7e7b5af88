package keyconv

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cloudkeypair/keypair/internal/fixture"
)

// ReadPPKHeader reads, without the passphrase, the same header Parse
// reports with it, for every puttygen file of the corpus.
func TestReadPPKHeaderMatchesParse(t *testing.T) {
	pass := fixture.Passphrase(t)
	for _, file := range ppkCorpusFiles(t) {
		t.Run(ppkCorpusName(file), func(t *testing.T) {
			data, err := os.ReadFile(file)
			require.NoError(t, err)
			h, err := ReadPPKHeader(data)
			require.NoError(t, err)
			k, err := Parse(data, Passphrase(pass))
			require.NoError(t, err)
			require.Equal(t, k.Source.PPK, h)
			want := 3
			if strings.Contains(file, ".v2.") {
				want = 2
			}
			require.Equal(t, want, h.Version, "the version the file's name says")
		})
	}
}

func TestReadPPKHeaderRefusesOtherFiles(t *testing.T) {
	pem := fixture.Read(t, "cafe24.pem")
	_, err := ReadPPKHeader(pem)
	require.ErrorIs(t, err, ErrMalformed)

	ppk := ppkFixture(t, "puttygen.ed25519.v3.ppk")
	public := ppk[:strings.Index(ppk, "Private-Lines:")]
	_, err = ReadPPKHeader([]byte(public))
	require.ErrorIs(t, err, ErrPublicKeyOnly)

	_, err = ReadPPKHeader([]byte(strings.Replace(ppk, "Encryption: none", "Encryption: rot13", 1)))
	require.ErrorIs(t, err, ErrUnsupported)
}
