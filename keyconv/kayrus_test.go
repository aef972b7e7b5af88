package keyconv

import (
	"crypto/ed25519"
	"os"
	"strings"
	"testing"

	"github.com/kayrus/putty"

	"github.com/cloudkeypair/keypair/internal/fixture"
)

// The tests in this file use github.com/kayrus/putty v1.0.5 as an
// independent PPK decoder: where it reads a file, it must find the key
// keyconv finds. It is known to be wrong in three places, each asserted
// below so that a fixed release would be noticed:
//   - it has no Argon2d ("argon2 key deriviation is not supported");
//   - it refuses an encrypted file whose private blob is already a multiple
//     of 16 bytes, expecting padding PuTTY does not add;
//   - it hands Argon2-Memory straight to the KDF, so a hostile file asking
//     for terabytes crashes the process; no such file is given to it here
//     (keyconv's caps are tested in ppk_strict_test.go).

// kayrusExpectation says whether kayrus/putty should read a file, and if
// not, which of its known faults stops it.
func kayrusExpectation(k *Key) (ok bool, why string) {
	if k.Algorithm() == keyAlgoEd448 {
		return false, "no Ed448"
	}
	if k.Source.PPK.KDF == Argon2d {
		return false, "no Argon2d"
	}
	if blob, _ := ppkPrivateBlob(k.PrivateKey); k.Source.Encrypted && len(blob)%16 == 0 {
		return false, "refuses an unpadded, aligned blob"
	}
	return true, ""
}

// kayrusDecode reads a PPK file with kayrus/putty. It is given no
// passphrase for an unencrypted file: it would mix one into a version 2
// file's MAC key regardless.
func kayrusDecode(data, pass []byte, encrypted bool) (any, error) {
	kk, err := putty.New(data)
	if err != nil {
		return nil, err
	}
	if !encrypted {
		pass = nil
	}
	priv, err := kk.ParseRawPrivateKey(pass)
	if e, ok := priv.(*ed25519.PrivateKey); ok {
		return *e, err
	}
	return priv, err
}

// ppkCorpusFiles lists every PPK file of the key fixtures: testdata/ppk and
// testdata/corpus/*/, all made by puttygen.
func ppkCorpusFiles(t testing.TB) []string {
	t.Helper()
	return append(ppkFixtures(t), fixture.Glob(t, "corpus", "*", "*.ppk")...)
}

func TestKayrusAgreesOnCorpus(t *testing.T) {
	pass := fixture.Passphrase(t)
	for _, file := range ppkCorpusFiles(t) {
		if strings.Contains(file, "ed448") {
			continue // neither reads Ed448
		}
		t.Run(ppkCorpusName(file), func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			k, err := Parse(data, Passphrase(pass))
			if err != nil {
				t.Fatalf("keyconv: %v", err)
			}
			kayrusCompare(t, k, data, pass)
		})
	}
}

// TestKayrusReadsKeyconvOutput: keyconv's writer, checked by an
// independent reader, for every key type and mode.
func TestKayrusReadsKeyconvOutput(t *testing.T) {
	pass := []byte("kayrus")
	keys := append(ppkTestKeys(), ppkTestKey{"rsa-aligned-blob", ppkRSAKeyWithAlignedBlob(t)})
	for _, tk := range keys {
		for _, opts := range []PPKOptions{
			{}, {Version: 2}, {Version: 2, Passphrase: pass},
			{Passphrase: pass, KDF: Argon2id, Memory: 64, Passes: 1},
			{Passphrase: pass, KDF: Argon2i, Memory: 64, Passes: 1, Parallelism: 2},
			{Passphrase: pass, KDF: Argon2d, Memory: 64, Passes: 1},
		} {
			out, err := MarshalPPK(tk.key, opts)
			if err != nil {
				t.Fatal(err)
			}
			k, err := Parse(out, Passphrase(pass))
			if err != nil {
				t.Fatal(err)
			}
			t.Run(tk.name+"/v"+string(rune('0'+k.Source.PPK.Version))+"/"+k.Source.PPK.Encryption+string(k.Source.PPK.KDF), func(t *testing.T) {
				kayrusCompare(t, k, out, pass)
			})
		}
	}
}

func kayrusCompare(t *testing.T, k *Key, data, pass []byte) {
	t.Helper()
	theirs, err := kayrusDecode(data, pass, k.Source.Encrypted)
	ok, why := kayrusExpectation(k)
	if !ok {
		if err == nil {
			t.Fatalf("kayrus/putty read a file it is known not to (%s): has it been fixed?", why)
		}
		t.Logf("kayrus/putty fails as expected (%s): %v", why, err)
		return
	}
	if err != nil {
		t.Fatalf("kayrus/putty: %v", err)
	}
	if !ppkSameKey(t, theirs, k.PrivateKey) {
		t.Errorf("kayrus/putty found a different key")
	}
}
