package keyconv

import (
	"bytes"
	"crypto/rsa"
	"errors"
	"math/big"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/cloudkeypair/keypair/internal/fixture"
)

func ppkFixtureKey(t testing.TB, name string) *Key {
	t.Helper()
	k, err := Parse([]byte(ppkFixture(t, name)), Passphrase(fixture.Passphrase(t)))
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func TestMarshalPPKOptionErrors(t *testing.T) {
	k := ppkFixtureKey(t, "puttygen.ed25519.v3.ppk")
	for _, c := range []struct {
		name string
		opts PPKOptions
		msg  string
	}{
		{"version 1", PPKOptions{Version: 1}, "PPK version 1"},
		{"version 4", PPKOptions{Version: 4}, "PPK version 4"},
		{"kdf", PPKOptions{KDF: "argon2id"}, `unknown key derivation "argon2id"`},
		{"memory over cap", PPKOptions{Memory: MaxArgon2Memory + 1}, "over the limit"},
		{"memory under a lane", PPKOptions{Memory: 15, Parallelism: 2}, "8 KiB per lane"},
		{"passes over cap", PPKOptions{Passes: MaxArgon2Passes + 1}, "passes 4097"},
		{"parallelism over cap", PPKOptions{Memory: MaxArgon2Memory, Parallelism: MaxArgon2Parallelism + 1}, "parallelism 131073"},
		{"work over cap", PPKOptions{Memory: MaxArgon2Memory, Passes: 17}, "over the work limit"},
		{"negative time", PPKOptions{Time: -time.Second}, "negative Argon2 time"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := MarshalPPK(k, c.opts)
			if err == nil || !strings.Contains(err.Error(), c.msg) || !strings.HasPrefix(err.Error(), "keyconv: ") {
				t.Fatalf("got %v, want a keyconv: error saying %q", err, c.msg)
			}
		})
	}
}

func TestMarshalPPKRefusesBadKeys(t *testing.T) {
	k := ppkFixtureKey(t, "puttygen.ed25519.v3.ppk")
	k.Comment = "two\nlines"
	if _, err := MarshalPPK(k, PPKOptions{}); err == nil || !strings.Contains(err.Error(), "line break") {
		t.Errorf("comment with a line break: got %v", err)
	}
	if _, err := MarshalPPK(nil, PPKOptions{}); err == nil {
		t.Error("nil key: no error")
	}
	if _, err := MarshalPPK(&Key{PrivateKey: "not a key"}, PPKOptions{}); !errors.Is(err, ErrUnsupported) {
		t.Errorf("unknown key type: got %v", err)
	}
}

// TestMarshalPPKPutsRSAPrimesInPuTTYOrder: a key held with p < q (as
// crypto/rsa may hold it) is written as puttygen writes it, p > q with
// iqmp recomputed.
func TestMarshalPPKPutsRSAPrimesInPuTTYOrder(t *testing.T) {
	for _, name := range []string{"puttygen.rsa2048.v3.ppk", "puttygen.rsa2048.v2.enc.ppk"} {
		k := ppkFixtureKey(t, name)
		r := k.PrivateKey.(*rsa.PrivateKey)
		swapped := &rsa.PrivateKey{PublicKey: r.PublicKey, D: r.D, Primes: []*big.Int{r.Primes[1], r.Primes[0]}}
		swapped.Precompute()
		got, err := MarshalPPK(&Key{PrivateKey: swapped, Comment: k.Comment}, optionsReproducing(k, fixture.Passphrase(t)))
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != ppkFixture(t, name) {
			t.Errorf("%s: not puttygen's bytes:\n%s", name, got)
		}
	}
}

// TestMarshalPPKNoPaddingWhenAligned: the encrypted private blob is exactly
// the key's blob when that is already a multiple of 16 bytes.
func TestMarshalPPKNoPaddingWhenAligned(t *testing.T) {
	k := ppkRSAKeyWithAlignedBlob(t)
	plain, err := ppkPrivateBlob(k.PrivateKey)
	if err != nil {
		t.Fatal(err)
	}
	for _, version := range []int{2, 3} {
		out, err := MarshalPPK(k, PPKOptions{Version: version, Passphrase: []byte("x"), Passes: 1, Memory: 64})
		if err != nil {
			t.Fatal(err)
		}
		f, err := readPPKFile(out)
		if err != nil {
			t.Fatal(err)
		}
		if len(f.private) != len(plain) {
			t.Errorf("v%d: stored %d bytes for a %d-byte blob", version, len(f.private), len(plain))
		}
		back, err := Parse(out, Passphrase([]byte("x")))
		if err != nil || !back.PrivateKey.(*rsa.PrivateKey).Equal(k.PrivateKey) {
			t.Errorf("v%d: does not read back: %v", version, err)
		}
	}
}

// TestMarshalPPKTunesPasses: with a target time no run can be under, the
// first Fibonacci count, 1, is kept; a fixed count is written as given.
func TestMarshalPPKTunesPasses(t *testing.T) {
	k := ppkFixtureKey(t, "puttygen.ed25519.v3.ppk")
	out, err := MarshalPPK(k, PPKOptions{Passphrase: []byte("p"), Memory: 64, Time: time.Nanosecond})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(out, []byte("\nArgon2-Passes: 1\n")) {
		t.Errorf("tuned to other than 1 pass:\n%s", out)
	}
	out, err = MarshalPPK(k, PPKOptions{Passphrase: []byte("p"), Memory: 64, Passes: 7, Time: time.Nanosecond})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(out, []byte("\nArgon2-Passes: 7\n")) {
		t.Errorf("fixed passes not kept:\n%s", out)
	}
	out, err = MarshalPPK(k, PPKOptions{Passphrase: []byte("p"), Memory: 64, Time: 30 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	back, err := Parse(out, Passphrase([]byte("p")))
	if err != nil {
		t.Fatal(err)
	}
	fib := map[uint32]bool{}
	for a, b := uint32(1), uint32(2); a <= MaxArgon2Passes; a, b = b, a+b {
		fib[a] = true
	}
	if !fib[back.Source.PPK.Passes] {
		t.Errorf("tuned passes %d is not a Fibonacci number", back.Source.PPK.Passes)
	}
}

func TestMarshalPPKDefaultsAndSalt(t *testing.T) {
	k := ppkFixtureKey(t, "puttygen.ed25519.v3.ppk")
	salt := bytes.Repeat([]byte{0xab}, 16)
	out, err := MarshalPPK(k, PPKOptions{Passphrase: []byte("p"), Passes: 1, saltReader: bytes.NewReader(salt)})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"PuTTY-User-Key-File-3: ", "Key-Derivation: Argon2id\nArgon2-Memory: 8192\nArgon2-Passes: 1\nArgon2-Parallelism: 1\nArgon2-Salt: " + strings.Repeat("ab", 16) + "\n"} {
		if !bytes.Contains(out, []byte(want)) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	_, err = MarshalPPK(k, PPKOptions{Passphrase: []byte("p"), Passes: 1, saltReader: iotest.ErrReader(errors.New("no entropy"))})
	if err == nil || !strings.Contains(err.Error(), "no entropy") {
		t.Errorf("failing salt reader: got %v", err)
	}
	plain, err := MarshalPPK(k, PPKOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if string(plain) != ppkFixture(t, "puttygen.ed25519.v3.ppk") {
		t.Errorf("zero options are not puttygen's default output:\n%s", plain)
	}
}

func TestMarshalPPKEmptyComment(t *testing.T) {
	text := ppkFixture(t, "puttygen.ecdsa256.v3.ppk")
	if !strings.Contains(text, "\nComment: \n") {
		t.Fatal("fixture lost its empty comment")
	}
	out, err := MarshalPPK(ppkFixtureKey(t, "puttygen.ecdsa256.v3.ppk"), PPKOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if string(out) != text {
		t.Errorf("got:\n%s", out)
	}
}

// TestPPKRoundTripEveryKind writes every test key in every mode and reads
// it back.
func TestPPKRoundTripEveryKind(t *testing.T) {
	pass := []byte("round trip")
	for _, tk := range ppkTestKeys() {
		for _, opts := range []PPKOptions{
			{}, {Version: 2}, {Version: 2, Passphrase: pass},
			{Passphrase: pass, KDF: Argon2id, Memory: 64, Passes: 1},
			{Passphrase: pass, KDF: Argon2i, Memory: 64, Passes: 2, Parallelism: 2},
			{Passphrase: pass, KDF: Argon2d, Memory: 96, Passes: 1, Parallelism: 3},
		} {
			out, err := MarshalPPK(tk.key, opts)
			if err != nil {
				t.Fatalf("%s %+v: %v", tk.name, opts, err)
			}
			back, err := Parse(out, Passphrase(pass))
			if err != nil {
				t.Fatalf("%s %+v: %v", tk.name, opts, err)
			}
			want, _ := puttyOrderedKey(tk.key)
			if !ppkSameKey(t, back.PrivateKey, want) || back.Comment != tk.key.Comment {
				t.Errorf("%s %+v: different key", tk.name, opts)
			}
			again, err := MarshalPPK(back, opts)
			if err != nil || (opts.Passphrase == nil || opts.Version == 2) && !bytes.Equal(again, out) {
				t.Errorf("%s %+v: second write differs (%v)", tk.name, opts, err)
			}
		}
	}
}

// ppkSameKey compares two private keys by their SSH public blob and PPK
// private blob, which covers every field PPK stores (crypto/dsa keys have
// no Equal method).
func ppkSameKey(t testing.TB, a, b any) bool {
	t.Helper()
	pa, err1 := publicBlob(a)
	pb, err2 := publicBlob(b)
	sa, err3 := ppkPrivateBlob(a)
	sb, err4 := ppkPrivateBlob(b)
	if err := errors.Join(err1, err2, err3, err4); err != nil {
		t.Fatal(err)
	}
	return bytes.Equal(pa, pb) && bytes.Equal(sa, sb)
}
