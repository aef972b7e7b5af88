package keyconv

import (
	"bytes"
	"encoding/hex"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cloudflare/circl/sign/ed448"

	"github.com/cloudkeypair/keypair/internal/fixture"
)

// TestEd448PPKToOpenSSHToPPK: puttygen's Ed448 PPK, exported by keyconv in
// OpenSSH's format (with puttygen's check word), is puttygen's export byte
// for byte; that export, read back and written as PPK v3, is the PPK
// puttygen made from it, which is the file it started from.
func TestEd448PPKToOpenSSHToPPK(t *testing.T) {
	v3 := fixture.Read(t, "corpus", "ed448", "puttygen.ed448.v3.ppk")
	k, err := Parse(v3, nil)
	if err != nil {
		t.Fatal(err)
	}
	if k.Algorithm() != keyAlgoEd448 {
		t.Fatalf("algorithm %q", k.Algorithm())
	}
	golden := fixture.Read(t, "corpus", "ed448", "puttygen.ed448.private-openssh.pem")
	out, err := MarshalPrivateKey(k, PEMOptions{randReader: bytes.NewReader(decodeOpenSSHFields(t, golden).section[:4])})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out, golden) {
		t.Errorf("OpenSSH export differs\nkeyconv:\n%s\nputtygen:\n%s", out, golden)
	}
	back, err := Parse(out, nil)
	if err != nil {
		t.Fatal(err)
	}
	ppk, err := MarshalPPK(back, PPKOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if want := fixture.Read(t, "corpus", "ed448", "puttygen.ed448.v3.from-openssh.ppk"); !bytes.Equal(ppk, want) || !bytes.Equal(ppk, v3) {
		t.Errorf("PPK from the OpenSSH export differs\nkeyconv:\n%s\nputtygen:\n%s", ppk, want)
	}
}

// TestPuttygenReadsKeyconvEd448OpenSSH: puttygen opens keyconv's Ed448
// OpenSSH exports, plain and encrypted, and finds the corpus key in them.
func TestPuttygenReadsKeyconvEd448OpenSSH(t *testing.T) {
	k, err := Parse(fixture.Read(t, "corpus", "ed448", "puttygen.ed448.v3.ppk"), nil)
	if err != nil {
		t.Fatal(err)
	}
	wantLine := fixture.Read(t, "corpus", "ed448", "puttygen.ed448.openssh.pub")
	wantPPK := fixture.Read(t, "corpus", "ed448", "puttygen.ed448.v3.ppk")
	pass := []byte("ed448 passphrase")
	for _, p := range [][]byte{nil, pass} {
		t.Run(outputLabel("ed448", PEMOpenSSH, p), func(t *testing.T) {
			out, err := MarshalPrivateKey(k, PEMOptions{Format: PEMOpenSSH, Passphrase: p})
			if err != nil {
				t.Fatal(err)
			}
			dir := ppkWriteTemp(t, "key", out)
			args := []string{"key"}
			if p != nil {
				ppkWriteFile(t, filepath.Join(dir, "pass"), append(append([]byte(nil), p...), '\n'))
				args = append(args, "--old-passphrase", "pass")
			}
			if line := ppkRunPuttygen(t, dir, append(args, "-L")...); !bytes.Equal(line, wantLine) {
				t.Errorf("puttygen -L: %q, want %q", line, wantLine)
			}
			if p != nil {
				return // puttygen keeps the passphrase in its PPK: compared plain only
			}
			ppkRunPuttygen(t, dir, "key", "-O", "private", "-o", "key.ppk")
			if got := ppkReadFile(t, filepath.Join(dir, "key.ppk")); !bytes.Equal(got, wantPPK) {
				t.Errorf("puttygen's PPK of keyconv's export:\n%s\nwant:\n%s", got, wantPPK)
			}
		})
	}
}

// TestEd448Fingerprint: the corpus key's public text is puttygen's, 448
// bits included.
func TestEd448Fingerprint(t *testing.T) {
	k, err := Parse(fixture.Read(t, "corpus", "ed448", "puttygen.ed448.v3.ppk"), nil)
	if err != nil {
		t.Fatal(err)
	}
	pub, err := k.Public()
	if err != nil {
		t.Fatal(err)
	}
	if pub.Bits != 448 {
		t.Errorf("Bits %d, want 448", pub.Bits)
	}
	if got, want := pub.FingerprintLine(SHA256)+"\n", string(fixture.Read(t, "corpus", "ed448", "puttygen.ed448.sha256.fp")); got != want {
		t.Errorf("fingerprint %q, want %q", got, want)
	}
	if got, want := authorizedLine(t, pub), string(fixture.Read(t, "corpus", "ed448", "puttygen.ed448.openssh.pub")); got != want {
		t.Errorf("public line %q, want %q", got, want)
	}
}

// TestEd448CannotLogIn: OpenSSH has no Ed448, so there is no signer, and
// the error says why in words a user can act on.
func TestEd448CannotLogIn(t *testing.T) {
	_, priv, err := ed448.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	_, err = (&Key{PrivateKey: priv}).Signer()
	if !errors.Is(err, ErrUnsupported) || !strings.Contains(err.Error(), "OpenSSH servers do not accept Ed448") {
		t.Fatalf("Signer: %v", err)
	}
}

// TestEd448BadKeys: damaged Ed448 files and hand-built keys of the wrong
// size give keyconv's errors, never a panic from circl.
func TestEd448BadKeys(t *testing.T) {
	k, err := Parse(fixture.Read(t, "corpus", "ed448", "puttygen.ed448.v3.ppk"), nil)
	if err != nil {
		t.Fatal(err)
	}
	priv := k.PrivateKey.(ed448.PrivateKey)
	pub := priv[ed448.SeedSize:]
	other := ed448.NewKeyFromSeed(make([]byte, ed448.SeedSize))

	ppkOf := func(pubBlob, privBlob []byte) []byte {
		f := &ppkFile{params: PPKHeader{Version: 3, Encryption: ppkEncryptionNone}, algorithm: keyAlgoEd448, comment: "c", public: pubBlob, private: privBlob}
		f.mac = ppkMAC(3, nil, f.algorithm, f.params.Encryption, f.comment, f.public, f.private)
		return encodePPKFileForTest(f)
	}
	pubBlob := appendBytes(appendString(nil, keyAlgoEd448), pub)
	for _, c := range []struct {
		name string
		data []byte
		want string
	}{
		{"short seed", ppkOf(pubBlob, appendBytes(nil, priv.Seed()[:56])), "Ed448 private key is 56 bytes"},
		{"other public key", ppkOf(appendBytes(appendString(nil, keyAlgoEd448), other[ed448.SeedSize:]), appendBytes(nil, priv.Seed())), "does not match"},
		{"short public key", ppkOf(appendBytes(appendString(nil, keyAlgoEd448), pub[:56]), appendBytes(nil, priv.Seed())), "public key length"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse(c.data, nil)
			if !errors.Is(err, ErrMalformed) || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("got %v, want ErrMalformed with %q", err, c.want)
			}
		})
	}
	short := &Key{PrivateKey: ed448.PrivateKey(priv[:100])}
	if _, err := MarshalPPK(short, PPKOptions{}); !errors.Is(err, ErrMalformed) {
		t.Errorf("MarshalPPK of a short key: %v", err)
	}
	if _, err := MarshalPrivateKey(short, PEMOptions{}); !errors.Is(err, ErrMalformed) {
		t.Errorf("MarshalPrivateKey of a short key: %v", err)
	}
	if _, err := short.Public(); !errors.Is(err, ErrMalformed) {
		t.Errorf("Public of a short key: %v", err)
	}
}

// encodePPKFileForTest writes an unencrypted version 3 file around blobs
// the writer would refuse to make.
func encodePPKFileForTest(f *ppkFile) []byte {
	var b bytes.Buffer
	b.WriteString("PuTTY-User-Key-File-3: " + f.algorithm + "\nEncryption: none\nComment: " + f.comment + "\n")
	writePPKBlob(&b, "Public", f.public)
	writePPKBlob(&b, "Private", f.private)
	b.WriteString("Private-MAC: " + hex.EncodeToString(f.mac) + "\n")
	return b.Bytes()
}
