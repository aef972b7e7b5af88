package doctor

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"os"
	"path/filepath"
	"testing"

	"github.com/cloudkeypair/keypair/internal/fixture"
	"github.com/cloudkeypair/keypair/keyconv"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The .ppk beside the .pem holds another key: the login with the .pem
// works, and PuTTY, given the .ppk, would be refused. The doctor says so
// and how to make the .ppk again, against the real sshd.
func TestStalePPK(t *testing.T) {
	opts, _ := setup(t)
	dir := filepath.Dir(opts.KeyFile)
	ppk := filepath.Join(dir, "cafe24.ppk")
	other := newPPK(t, "")
	require.NoError(t, os.WriteFile(ppk, other, 0o600))

	r := Run(context.Background(), opts)
	requireOnly(t, r, map[string]Status{"key-match": Fail})
	c := check(t, r, "key-match")
	assert.Contains(t, c.Found, ppk+" holds another key than "+opts.KeyFile+" (ssh-ed25519 SHA256:")
	assert.Contains(t, c.Found, ", not ssh-ed25519 "+fingerprintOf(t, opts.KeyFile)+"): PuTTY would offer a key the server refuses")
	assert.Equal(t, "make "+ppk+" again from the key checked here: keyconv pem2ppk --force "+opts.KeyFile, c.Fix)
	assert.Equal(t, "logged in as ubuntu with ssh-ed25519 "+fingerprintOf(t, opts.KeyFile), check(t, r, "auth").Found,
		"the .pem logs in: only PuTTY's key is wrong")

	// Made again from the .pem, encrypted: its public half needs no
	// passphrase, and none is asked for.
	require.NoError(t, os.WriteFile(ppk, ppkOf(t, opts.KeyFile, "secret"), 0o600))
	r = Run(context.Background(), opts)
	requireOnly(t, r, map[string]Status{"key-match": OK})
	assert.Equal(t, ppk+" holds the same key as "+opts.KeyFile, check(t, r, "key-match").Found)

	// The other way round: the .ppk logs in, and the .pem beside it,
	// which ssh would use, is another key.
	require.NoError(t, os.WriteFile(ppk, ppkOf(t, opts.KeyFile, ""), 0o600))
	require.NoError(t, os.WriteFile(opts.KeyFile, other, 0o600))
	pem := opts.KeyFile
	opts.KeyFile = ppk
	r = Run(context.Background(), opts)
	requireOnly(t, r, map[string]Status{"key-match": Fail})
	c = check(t, r, "key-match")
	assert.Contains(t, c.Found, pem+" holds another key than "+ppk)
	assert.Contains(t, c.Found, "ssh would offer a key the server refuses")
	assert.Equal(t, "make "+pem+" again from the key checked here: keyconv ppk2pem --force "+ppk+" -o "+pem, c.Fix)
}

// TestKeyMatchOffline compares the corpus's files, with no server: every
// pair of the same key matches whatever its formats and encryption, and
// another key, or a file holding none, fails with the command that makes
// it again.
func TestKeyMatchOffline(t *testing.T) {
	ed := func(variant string) string { return fixture.Key("ed25519", variant) }
	for _, tc := range []struct {
		name       string
		checked    string // copied to cafe24.pem, or cafe24.ppk for a .ppk
		other      string // copied beside it under the other extension; "" for none
		status     Status // "" when the check adds no line
		found, fix string
		pemIsOther bool
	}{
		{"same key", ed("puttygen.private-openssh.pem"), ed("puttygen.v3.ppk"), OK, "cafe24.ppk holds the same key as", "", false},
		{"encrypted ppk", ed("puttygen.private-openssh.pem"), ed("puttygen.v3.argon2id.enc.ppk"), OK, "holds the same key", "", false},
		{"v2 ppk", ed("openssl.pkcs8.pem"), ed("puttygen.v2.enc.ppk"), OK, "holds the same key", "", false},
		{"another key", ed("puttygen.private-openssh.pem"), fixture.Key("rsa2048", "puttygen.v3.ppk"), Fail,
			"cafe24.ppk holds another key than", "keyconv pem2ppk --force", false},
		{"not a key", ed("puttygen.private-openssh.pem"), ed("puttygen.openssh.pub"), Fail,
			"cafe24.ppk holds no key to compare with", "keyconv pem2ppk --force", false},
		{"encrypted OpenSSH pem", ed("puttygen.v3.ppk"), ed("ssh-keygen.openssh.aes256-ctr.enc.key"), OK, "cafe24.pem holds the same key as", "", true},
		{"encrypted PKCS#8 pem", ed("puttygen.v3.ppk"), ed("openssl.pkcs8.aes256.enc.pem"), Skip, "cafe24.pem was not compared with", "", true},
		{"stale pem", ed("puttygen.v3.ppk"), fixture.Key("rsa2048", "openssl.trad.pem"), Fail, "cafe24.pem holds another key than",
			"keyconv ppk2pem --force", true},
		{"no ppk", ed("puttygen.private-openssh.pem"), "", "", "", "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			checked, other := filepath.Join(dir, "cafe24.pem"), filepath.Join(dir, "cafe24.ppk")
			if tc.pemIsOther {
				checked, other = other, checked
			}
			copyTo(t, tc.checked, checked)
			if tc.other != "" {
				copyTo(t, tc.other, other)
			}
			r := Run(context.Background(), Options{KeyFile: checked, Keypair: "cafe24", OS: "ubuntu"})
			require.Equal(t, OK, check(t, r, "key").Status, "%+v", r.Checks)
			got := statuses(r)["key-match"]
			require.Equal(t, tc.status, got, "%+v", r.Checks)
			if tc.status == "" {
				return
			}
			c := check(t, r, "key-match")
			assert.Contains(t, c.Found, tc.found)
			if tc.fix == "" {
				assert.Empty(t, c.Fix)
			} else {
				assert.Contains(t, c.Fix, tc.fix)
			}
			assert.True(t, r.Failed() == (tc.status == Fail))
		})
	}
}

// newPPK is a PPK file of a new Ed25519 key, encrypted with passphrase
// unless it is empty.
func newPPK(t *testing.T, passphrase string) []byte {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	require.NoError(t, err)
	return marshalPPK(t, &keyconv.Key{PrivateKey: priv, Comment: "another keypair"}, passphrase)
}

// ppkOf is the key file at path as a PPK file.
func ppkOf(t *testing.T, path, passphrase string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	key, err := keyconv.Parse(data, nil)
	require.NoError(t, err)
	return marshalPPK(t, key, passphrase)
}

func marshalPPK(t *testing.T, key *keyconv.Key, passphrase string) []byte {
	t.Helper()
	out, err := keyconv.MarshalPPK(key, keyconv.PPKOptions{Passphrase: []byte(passphrase), Passes: 1, Memory: 8})
	require.NoError(t, err)
	return out
}

func fingerprintOf(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	key, err := keyconv.Parse(data, nil)
	require.NoError(t, err)
	pub, err := key.Public()
	require.NoError(t, err)
	return pub.Fingerprint(keyconv.SHA256)
}

func copyTo(t *testing.T, from, to string) {
	t.Helper()
	data, err := os.ReadFile(from)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(to, data, 0o600))
}
