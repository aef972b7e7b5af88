package keyconv

import (
	"bytes"
	//lint:ignore SA1019 DSA keys are part of the formats keyconv reads and writes (see key.go)
	"crypto/dsa"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"math/big"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/cloudflare/circl/sign/ed448"

	"github.com/cloudkeypair/keypair/internal/fixture"
)

// ppkTestKey is a key built in code for the puttygen interop tests.
type ppkTestKey struct {
	name string
	key  *Key
}

// ppkTestKeys builds one key of every type, plus the awkward cases: RSA
// held with p < q, and ECDSA scalars with leading zero bytes (whose PPK
// mpint is shorter than the curve size). They are made once per run.
var ppkTestKeys = sync.OnceValue(func() []ppkTestKey {
	must := func(err error) {
		if err != nil {
			panic(err)
		}
	}
	var keys []ppkTestKey
	add := func(name string, priv any) {
		keys = append(keys, ppkTestKey{name, &Key{PrivateKey: priv, Comment: name + " built by the test"}})
	}
	r, err := rsa.GenerateKey(rand.Reader, 2048)
	must(err)
	add("rsa2048", r)
	add("rsa2048-p-less-than-q", rsaWithPrimesSwapped(r))

	var d dsa.PrivateKey
	must(dsa.GenerateParameters(&d.Parameters, rand.Reader, dsa.L1024N160))
	must(dsa.GenerateKey(&d, rand.Reader))
	add("dsa1024", &d)

	for _, c := range []elliptic.Curve{elliptic.P256(), elliptic.P384(), elliptic.P521()} {
		k, err := ecdsa.GenerateKey(c, rand.Reader)
		must(err)
		add("ecdsa-"+c.Params().Name, k)
		for {
			k, err := ecdsa.GenerateKey(c, rand.Reader)
			must(err)
			if raw, _ := k.Bytes(); raw[0] == 0 {
				add("ecdsa-"+c.Params().Name+"-leading-zero", k)
				break
			}
		}
	}
	_, e, err := ed25519.GenerateKey(rand.Reader)
	must(err)
	add("ed25519", e)
	keys[len(keys)-1].key.Comment = "" // an empty comment is written "Comment: "
	_, e448, err := ed448.GenerateKey(rand.Reader)
	must(err)
	add("ed448", e448)
	return keys
})

// rsaWithPrimesSwapped returns r with its primes in the order PuTTY never
// writes, q first, and the CRT values to match.
func rsaWithPrimesSwapped(r *rsa.PrivateKey) *rsa.PrivateKey {
	s := &rsa.PrivateKey{
		PublicKey: r.PublicKey,
		D:         r.D,
		Primes:    []*big.Int{r.Primes[1], r.Primes[0]},
	}
	if s.Primes[0].Cmp(s.Primes[1]) > 0 {
		s.Primes[0], s.Primes[1] = s.Primes[1], s.Primes[0]
	}
	s.Precompute()
	return s
}

// TestPuttygenRewritesKeyconvPPK: keyconv writes each key, puttygen loads
// that file and saves it again with the same settings (and passphrase);
// puttygen's bytes must be keyconv's. Encrypted version 3 is checked by
// asking puttygen to decrypt keyconv's file with every Argon2 variant and
// comparing with keyconv's unencrypted output.
func TestPuttygenRewritesKeyconvPPK(t *testing.T) {
	ppkRequireTool(t, "puttygen")
	pass := []byte("interop passphrase")
	for _, tk := range ppkTestKeys() {
		t.Run(tk.name, func(t *testing.T) {
			dir := t.TempDir()
			ppkWriteFile(t, filepath.Join(dir, "pass"), pass)
			ppkWriteFile(t, filepath.Join(dir, "empty"), nil)
			marshal := func(opts PPKOptions) []byte {
				b, err := MarshalPPK(tk.key, opts)
				if err != nil {
					t.Fatal(err)
				}
				return b
			}
			v3 := marshal(PPKOptions{})
			for _, c := range []struct {
				name string
				opts PPKOptions
				args []string
			}{
				{"v3", PPKOptions{}, []string{"--reencrypt"}},
				{"v2", PPKOptions{Version: 2}, []string{"--reencrypt", "--ppk-param", "version=2"}},
				{"v2.enc", PPKOptions{Version: 2, Passphrase: pass}, []string{"--old-passphrase", "pass", "--reencrypt", "--ppk-param", "version=2"}},
			} {
				mine := marshal(c.opts)
				ppkWriteFile(t, filepath.Join(dir, c.name+".in.ppk"), mine)
				ppkRunPuttygen(t, dir, append([]string{c.name + ".in.ppk", "-o", c.name + ".out.ppk"}, c.args...)...)
				if theirs := ppkReadFile(t, filepath.Join(dir, c.name+".out.ppk")); !bytes.Equal(mine, theirs) {
					t.Errorf("%s: puttygen rewrote keyconv's file differently\nkeyconv:\n%s\nputtygen:\n%s", c.name, mine, theirs)
				}
			}
			for _, kdf := range []Argon2Variant{Argon2id, Argon2i, Argon2d} {
				enc := marshal(PPKOptions{Passphrase: pass, KDF: kdf, Memory: 1024, Passes: 2, Parallelism: 2})
				name := string(kdf) + ".ppk"
				ppkWriteFile(t, filepath.Join(dir, name), enc)
				ppkRunPuttygen(t, dir, name, "--old-passphrase", "pass", "-P", "--new-passphrase", "empty", "-O", "private", "-o", name+".plain")
				if theirs := ppkReadFile(t, filepath.Join(dir, name+".plain")); !bytes.Equal(v3, theirs) {
					t.Errorf("%s: puttygen decrypted keyconv's file to a different key\nwant:\n%s\ngot:\n%s", kdf, v3, theirs)
				}
			}
		})
	}
}

// TestPuttygenImportsPEM: for the keys x509 can write as PEM, puttygen's
// conversion to PPK is keyconv's, comment "imported-openssh-key" included.
// This is where puttygen swaps an RSA key's primes when p < q, and shortens
// a SEC1 scalar with leading zero bytes to a minimal mpint.
func TestPuttygenImportsPEM(t *testing.T) {
	ppkRequireTool(t, "puttygen")
	for _, tk := range ppkTestKeys() {
		var block *pem.Block
		switch k := tk.key.PrivateKey.(type) {
		case *rsa.PrivateKey:
			block = &pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(k)}
		case *ecdsa.PrivateKey:
			der, err := x509.MarshalECPrivateKey(k)
			if err != nil {
				t.Fatal(err)
			}
			block = &pem.Block{Type: "EC PRIVATE KEY", Bytes: der}
		default:
			continue
		}
		t.Run(tk.name, func(t *testing.T) {
			dir := ppkWriteTemp(t, "key.pem", pem.EncodeToMemory(block))
			for _, version := range []string{"2", "3"} {
				ppkRunPuttygen(t, dir, "key.pem", "-O", "private", "--ppk-param", "version="+version, "-o", "key.v"+version+".ppk")
				mine, err := MarshalPPK(&Key{PrivateKey: tk.key.PrivateKey, Comment: DefaultComment}, PPKOptions{Version: int(version[0] - '0')})
				if err != nil {
					t.Fatal(err)
				}
				if theirs := ppkReadFile(t, filepath.Join(dir, "key.v"+version+".ppk")); !bytes.Equal(mine, theirs) {
					t.Errorf("v%s: keyconv:\n%s\nputtygen:\n%s", version, mine, theirs)
				}
			}
		})
	}
}

// TestPuttygenBlobMultipleOf16: an RSA key whose private blob is already a
// multiple of 16 bytes gets no padding when encrypted. keyconv's encrypted
// version 2 file (deterministic) must be puttygen's.
func TestPuttygenBlobMultipleOf16(t *testing.T) {
	ppkRequireTool(t, "puttygen")
	k := ppkRSAKeyWithAlignedBlob(t)
	pass := []byte("aligned")
	mine, err := MarshalPPK(k, PPKOptions{Version: 2, Passphrase: pass})
	if err != nil {
		t.Fatal(err)
	}
	dir := ppkWriteTemp(t, "in.ppk", mine)
	ppkWriteFile(t, filepath.Join(dir, "pass"), pass)
	ppkRunPuttygen(t, dir, "in.ppk", "--old-passphrase", "pass", "--reencrypt", "--ppk-param", "version=2", "-o", "out.ppk")
	if theirs := ppkReadFile(t, filepath.Join(dir, "out.ppk")); !bytes.Equal(mine, theirs) {
		t.Errorf("keyconv:\n%s\nputtygen:\n%s", mine, theirs)
	}
}

// ppkRSAKeyWithAlignedBlob returns an RSA key whose PPK private blob is a
// multiple of 16 bytes long. At 1071 bits, about half of all keys are (at
// the usual sizes almost none are), so a few tries suffice.
func ppkRSAKeyWithAlignedBlob(t testing.TB) *Key {
	t.Helper()
	for range 100 {
		r, err := rsa.GenerateKey(rand.Reader, 1071)
		if err != nil {
			t.Fatal(err)
		}
		ordered, err := puttyOrderedKey(&Key{PrivateKey: r})
		if err != nil {
			t.Fatal(err)
		}
		if blob, _ := ppkPrivateBlob(ordered); len(blob)%16 == 0 {
			return &Key{PrivateKey: ordered, Comment: "aligned"}
		}
	}
	t.Fatal("no 1071-bit RSA key with a 16-byte aligned private blob in 100 tries")
	return nil
}

// ppkInteropFixture is the key the puttygen round trips start from: its
// absolute path, for puttygen run in another folder, and the key itself.
func ppkInteropFixture(t *testing.T) (string, *Key) {
	t.Helper()
	src, err := filepath.Abs(fixture.Path("ppk", "puttygen.ecdsa384.v3.ppk"))
	if err != nil {
		t.Fatal(err)
	}
	key, err := Parse(ppkReadFile(t, src), nil)
	if err != nil {
		t.Fatal(err)
	}
	return src, key
}

// TestKeyconvOpensPuttygenArgon2: puttygen encrypts a fixture with each
// Argon2 variant and its default, time-tuned passes; keyconv opens it.
func TestKeyconvOpensPuttygenArgon2(t *testing.T) {
	ppkRequireTool(t, "puttygen")
	src, want := ppkInteropFixture(t)
	dir := t.TempDir()
	ppkWriteFile(t, filepath.Join(dir, "pass"), []byte("tuned\n"))
	for _, kdf := range []string{"argon2id", "argon2i", "argon2d"} {
		ppkRunPuttygen(t, dir, src, "-P", "--new-passphrase", "pass", "--ppk-param", "kdf="+kdf+",time=20", "-o", kdf+".ppk")
		got, err := Parse(ppkReadFile(t, filepath.Join(dir, kdf+".ppk")), Passphrase([]byte("tuned")))
		if err != nil {
			t.Fatalf("%s: %v", kdf, err)
		}
		if !got.PrivateKey.(*ecdsa.PrivateKey).Equal(want.PrivateKey) || got.Comment != want.Comment {
			t.Errorf("%s: different key", kdf)
		}
	}
}

// TestKeyconvOpensPuttygenManyLanes: puttygen writes and reads any lane
// count its memory allows; keyconv must open those files too, over 16 and
// over x/crypto's 255 alike.
func TestKeyconvOpensPuttygenManyLanes(t *testing.T) {
	ppkRequireTool(t, "puttygen")
	src, want := ppkInteropFixture(t)
	dir := t.TempDir()
	ppkWriteFile(t, filepath.Join(dir, "pass"), []byte("lanes\n"))
	for _, lanes := range []string{"17", "300"} {
		out := "p" + lanes + ".ppk"
		ppkRunPuttygen(t, dir, src, "-P", "--new-passphrase", "pass", "--ppk-param", "parallelism="+lanes+",passes=1", "-o", out)
		got, err := Parse(ppkReadFile(t, filepath.Join(dir, out)), Passphrase([]byte("lanes")))
		if err != nil {
			t.Fatalf("parallelism %s: %v", lanes, err)
		}
		if !got.PrivateKey.(*ecdsa.PrivateKey).Equal(want.PrivateKey) || got.Source.PPK.Parallelism == 1 {
			t.Errorf("parallelism %s: different key or parameters", lanes)
		}
	}
}

func ppkWriteFile(t testing.TB, path string, data []byte) {
	t.Helper()
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
}

func ppkReadFile(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
