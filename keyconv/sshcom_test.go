package keyconv

import (
	"bytes"
	"encoding/base64"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cloudkeypair/keypair/internal/fixture"
)

// sshcomFixtures lists the corpus's ssh.com files, which puttygen exported
// from the folder's puttygen.ALG.v3.ppk.
func sshcomFixtures(t testing.TB) []string {
	t.Helper()
	return fixture.Glob(t, "corpus", "*", "puttygen.*.sshcom*.key")
}

// Every ssh.com file converts to the PPK it was exported from, byte for
// byte: the same key, primes in PuTTY's order, and the Comment header.
func TestSSHComMatchesPuttygen(t *testing.T) {
	pass := fixture.Passphrase(t)
	for _, file := range sshcomFixtures(t) {
		t.Run(filepath.Base(filepath.Dir(file))+"/"+filepath.Base(file), func(t *testing.T) {
			k, err := Parse(ppkReadFile(t, file), Passphrase(pass))
			require.NoError(t, err)
			require.Equal(t, FormatSSHCom, k.Source.Format)
			require.Equal(t, strings.Contains(file, ".enc."), k.Source.Encrypted)
			got, err := MarshalPPK(k, PPKOptions{})
			require.NoError(t, err)
			require.Equal(t, string(ppkReadFile(t, fixture.Key(filepath.Dir(file), "puttygen.v3.ppk"))), string(got))
		})
	}
}

func TestSSHComPassphrases(t *testing.T) {
	data := fixture.Read(t, "corpus", "dsa1024", "puttygen.dsa1024.sshcom.enc.key")
	_, err := Parse(data, nil)
	var missing *PassphraseMissingError
	require.True(t, errors.As(err, &missing), "got %v", err)
	require.Nil(t, missing.PublicKey, "ssh.com keeps the public key encrypted")

	_, err = Parse(data, Passphrase([]byte("not it")))
	require.ErrorIs(t, err, ErrWrongPassphrase)

	failing := errors.New("no terminal")
	_, err = Parse(data, func() ([]byte, error) { return nil, failing })
	require.ErrorIs(t, err, failing)

	plain := fixture.Read(t, "corpus", "dsa1024", "puttygen.dsa1024.sshcom.key")
	_, err = Parse(plain, func() ([]byte, error) {
		t.Fatal("an unencrypted key asked for a passphrase")
		return nil, nil
	})
	require.NoError(t, err)
}

// sshcomFile wraps a body in the ssh.com armour, for hand-made bad files.
func sshcomFile(headers string, body []byte) []byte {
	return []byte(sshcomBegin + "\n" + headers + base64.StdEncoding.EncodeToString(body) + "\n" + sshcomEnd + "\n")
}

func sshcomBody(keyType, cipherName string, payload []byte) []byte {
	b := appendUint32(nil, sshcomMagic)
	rest := appendString(nil, keyType)
	rest = appendString(rest, cipherName)
	rest = appendBytes(rest, payload)
	b = appendUint32(b, uint32(8+len(rest)))
	return append(b, rest...)
}

func TestSSHComBadInput(t *testing.T) {
	good := fixture.Read(t, "corpus", "rsa2048", "puttygen.rsa2048.sshcom.key")
	lines := strings.Split(string(good), "\n")

	badMagic := sshcomBody("if-modn{sign{rsa-pkcs1-sha1}}", "none", []byte{0, 0, 0, 0})
	badMagic[0] ^= 0xff
	wrongLength := sshcomBody("if-modn{sign{rsa-pkcs1-sha1}}", "none", []byte{0, 0, 0, 0})
	wrongLength[7]++

	for _, tc := range []struct {
		name string
		data []byte
		want error
		msg  string
	}{
		{"no end line", []byte(strings.Join(lines[:len(lines)-2], "\n")), ErrMalformed, "no \"---- END"},
		{"text after the end", append(bytes.Clone(good), "more\n"...), ErrMalformed, "after the end"},
		{"header inside the body", []byte(strings.Join(append(append([]string{}, lines[:3]...), append([]string{"Subject: x"}, lines[3:]...)...), "\n")), ErrMalformed, "header line inside"},
		{"bad base64", []byte(sshcomBegin + "\n!!!!\n" + sshcomEnd + "\n"), ErrMalformed, "base64"},
		{"bad magic", sshcomFile("", badMagic), ErrMalformed, "magic number"},
		{"wrong length field", sshcomFile("", wrongLength), ErrMalformed, "length field"},
		{"ECDSA does not exist here", sshcomFile("", sshcomBody("ec-modp", "none", []byte{1})), ErrUnsupported, "only RSA and DSA"},
		{"unknown cipher", sshcomFile("", sshcomBody("if-modn{sign{rsa}}", "aes256-cbc", []byte{1})), ErrUnsupported, "cipher"},
		{"empty key data", sshcomFile("", sshcomBody("if-modn{sign{rsa}}", "none", nil)), ErrMalformed, "no key data"},
		{"encrypted part not whole blocks", sshcomFile("", sshcomBody("if-modn{sign{rsa}}", "3des-cbc", []byte{1, 2, 3})), ErrMalformed, "3DES blocks"},
		{"integers cut short", sshcomFile("", sshcomBody("if-modn{sign{rsa}}", "none", appendBytes(nil, []byte{0, 0, 4, 0, 1}))), ErrMalformed, "truncated"},
		{"DSA with predefined parameters", sshcomFile("", sshcomBody("dl-modp{sign{dsa}}", "none", appendBytes(nil, []byte{0, 0, 0, 1}))), ErrUnsupported, "predefined"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse(tc.data, Passphrase([]byte("x")))
			require.ErrorIs(t, err, tc.want)
			require.ErrorContains(t, err, tc.msg)
		})
	}
}

// The Comment header may be quoted or not and may continue onto the next
// line with a backslash, as ssh.com's own tools write long headers.
func TestSSHComCommentHeader(t *testing.T) {
	good := string(fixture.Read(t, "corpus", "rsa2048", "puttygen.rsa2048.sshcom.key"))
	for header, want := range map[string]string{
		`Comment: "imported-openssh-key"`: "imported-openssh-key",
		`Comment: plain words`:            "plain words",
		"Comment: \"long \\\ncomment\"":   "long comment",
		`x-unknown: header`:               "",
	} {
		data := strings.Replace(good, `Comment: "imported-openssh-key"`, header, 1)
		k, err := Parse([]byte(data), nil)
		require.NoError(t, err, header)
		require.Equal(t, want, k.Comment, header)
	}
}

func FuzzParseSSHCom(f *testing.F) {
	fixture.AddSeeds(f, sshcomFixtures(f))
	pass := fixture.Passphrase(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		k, err := Parse(data, Passphrase(pass))
		if err != nil {
			checkOwnError(t, err)
			return
		}
		// What parses writes out and reads back as the same key.
		out, err := MarshalPPK(k, PPKOptions{})
		if err != nil {
			t.Fatal(err)
		}
		again, err := Parse(out, nil)
		if err != nil {
			t.Fatal(err)
		}
		a, _ := k.Public()
		b, _ := again.Public()
		if !bytes.Equal(a.Blob, b.Blob) {
			t.Fatal("the key changed on the way through PPK")
		}
	})
}
