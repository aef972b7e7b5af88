package keyconv

import (
	"errors"
	"strings"
	"testing"

	"github.com/cloudkeypair/keypair/internal/fixture"
)

// TestParsePPKStrictness feeds files that break one of PuTTY's layout rules
// or one of keyconv's caps. Each change is one a lenient reader would let
// through: layout changes leave every MAC'd byte as it was, and the caps
// would otherwise hand absurd costs to Argon2. The passphrase callback must
// not be reached: everything here is refused before any key derivation.
func TestParsePPKStrictness(t *testing.T) {
	plain := ppkFixture(t, "puttygen.ed25519.v3.ppk")
	rsa := ppkFixture(t, "puttygen.rsa2048.v3.ppk")
	v2enc := ppkFixture(t, "puttygen.ed25519.v2.enc.ppk")
	v3enc := ppkFixture(t, "puttygen.ed25519.v3.argon2id.enc.ppk")
	header := func(text, name, value string) string {
		i := strings.Index(text, "\n"+name+": ")
		if i < 0 {
			t.Fatalf("no %s header", name)
		}
		j := strings.Index(text[i+1:], "\n")
		return text[:i+1] + name + ": " + value + text[i+1+j:]
	}
	swapLines := func(text, a, b string) string {
		lines := strings.Split(text, "\n")
		var ia, ib int
		for i, l := range lines {
			if strings.HasPrefix(l, a) {
				ia = i
			}
			if strings.HasPrefix(l, b) {
				ib = i
			}
		}
		lines[ia], lines[ib] = lines[ib], lines[ia]
		return strings.Join(lines, "\n")
	}
	macLine := plain[strings.Index(plain, "Private-MAC: "):]

	cases := []struct {
		name, text string
		want       error
		msg        string
	}{
		{"headers out of order", swapLines(plain, "Encryption:", "Comment:"), ErrMalformed, `expected the "Encryption" header`},
		{"kdf headers out of order", swapLines(v3enc, "Argon2-Passes:", "Argon2-Memory:"), ErrMalformed, `expected the "Argon2-Memory" header`},
		{"colon without space", strings.Replace(plain, "Encryption: none", "Encryption:none", 1), ErrMalformed, "colon and one space"},
		{"colon and tab", strings.Replace(plain, "Encryption: none", "Encryption:\tnone", 1), ErrMalformed, "colon and one space"},
		{"version colon without space", strings.Replace(plain, "File-3: ", "File-3:", 1), ErrMalformed, "colon and one space"},
		{"space before colon", strings.Replace(plain, "Encryption: none", "Encryption : none", 1), ErrMalformed, "expected the"},
		{"base64 line of 68", ppkReblob(t, rsa, "Public", 68, nil), ErrMalformed, "base64 lines"},
		{"base64 line not a multiple of 4", ppkReblob(t, rsa, "Public", 62, nil), ErrMalformed, "base64 lines"},
		{"blank line in blob", strings.Replace(header(rsa, "Public-Lines", "7"), "Public-Lines: 7\n", "Public-Lines: 7\n\n", 1), ErrMalformed, "base64 lines"},
		{"upper-case MAC", strings.Replace(plain, macLine, "Private-MAC: "+strings.ToUpper(macLine[len("Private-MAC: "):]), 1), ErrMalformed, "lower-case hex"},
		{"short MAC", strings.Replace(plain, macLine, macLine[:len(macLine)-3]+"\n", 1), ErrMalformed, "lower-case hex"},
		{"line count with sign", header(plain, "Public-Lines", "+2"), ErrMalformed, "plain decimal"},
		{"line count with leading zero", header(plain, "Public-Lines", "02"), ErrMalformed, "plain decimal"},
		{"line count with space", header(plain, "Public-Lines", " 2"), ErrMalformed, "plain decimal"},
		{"line count 5461", header(plain, "Private-Lines", "5461"), ErrMalformed, "over the limit of 5460"},
		{"line count huge", header(plain, "Private-Lines", "99999999999999999999999"), ErrMalformed, "over the limit"},
		{"data after the MAC", plain + "Extra: 1\n", ErrMalformed, "after its Private-MAC"},
		{"truncated", plain[:strings.Index(plain, "Private-MAC")], ErrMalformed, "ends before"},
		{"public half only", plain[:strings.Index(plain, "Private-Lines")], ErrPublicKeyOnly, "this is a public key"},
		{"truncated inside blob", strings.Join(strings.SplitAfter(plain, "\n")[:5], ""), ErrMalformed, "ends inside"},
		{"version 1", strings.Replace(plain, "File-3", "File-1", 1), ErrUnsupported, "version 1"},
		{"version 4", strings.Replace(plain, "File-3", "File-4", 1), ErrUnsupported, "too new"},
		{"version 10", strings.Replace(plain, "File-3", "File-10", 1), ErrUnsupported, "too new"},
		{"version junk", strings.Replace(plain, "File-3", "File-x", 1), ErrMalformed, "bad version"},
		{"unknown encryption", header(plain, "Encryption", "aes128-cbc"), ErrUnsupported, "encryption"},
		{"unknown algorithm", strings.Replace(plain, ": ssh-ed25519", ": ssh-foo", 1), ErrUnsupported, "ssh-foo"},
		{"algorithm differs from blob", strings.Replace(plain, ": ssh-ed25519", ": ssh-rsa", 1), ErrMalformed, ""},
		{"kdf headers in an unencrypted file", strings.Replace(plain, "Private-Lines", "Key-Derivation: Argon2id\nPrivate-Lines", 1), ErrMalformed, `expected the "Private-Lines" header`},
		{"v2 with kdf headers", strings.Replace(strings.Replace(v3enc, "File-3", "File-2", 1), macLine, "", 1), ErrMalformed, `expected the "Private-Lines" header`},
		{"v3 with a v2 MAC", strings.Replace(v2enc, "File-2", "File-3", 1), ErrMalformed, `expected the "Key-Derivation" header`},
		{"encrypted blob not a multiple of 16", ppkReblob(t, v2enc, "Private", 64, func(b []byte) []byte { return b[:len(b)-1] }), ErrMalformed, "not a multiple of 16"},
		{"unknown kdf", header(v3enc, "Key-Derivation", "Argon2x"), ErrUnsupported, "Argon2x"},
		{"lower-case kdf", header(v3enc, "Key-Derivation", "argon2id"), ErrUnsupported, "argon2id"},
		{"memory 4 TiB", header(v3enc, "Argon2-Memory", "4294967296"), ErrMalformed, "over the limit of 1048576"},
		{"memory just over the cap", header(v3enc, "Argon2-Memory", "1048577"), ErrMalformed, "over the limit"},
		{"memory zero", header(v3enc, "Argon2-Memory", "0"), ErrMalformed, "8 KiB per lane"},
		{"memory under 8 KiB a lane", header(header(v3enc, "Argon2-Memory", "15"), "Argon2-Parallelism", "2"), ErrMalformed, "8 KiB per lane"},
		{"memory times passes over the work cap", header(header(v3enc, "Argon2-Memory", "1048576"), "Argon2-Passes", "17"), ErrMalformed, "over the work limit"},
		{"passes a billion", header(v3enc, "Argon2-Passes", "1000000000"), ErrMalformed, "over the limit of 4096"},
		{"passes just over the cap", header(v3enc, "Argon2-Passes", "4097"), ErrMalformed, "over the limit"},
		{"passes zero", header(v3enc, "Argon2-Passes", "0"), ErrMalformed, "passes 0"},
		{"parallelism over the cap", header(v3enc, "Argon2-Parallelism", "131073"), ErrMalformed, "over the limit of 131072"},
		{"parallelism over the memory", header(v3enc, "Argon2-Parallelism", "1025"), ErrMalformed, "under 8 KiB per lane"},
		{"parallelism zero", header(v3enc, "Argon2-Parallelism", "0"), ErrMalformed, "parallelism 0"},
		{"salt odd length", header(v3enc, "Argon2-Salt", "abc"), ErrMalformed, "Argon2-Salt"},
		{"salt not hex", header(v3enc, "Argon2-Salt", "zz"), ErrMalformed, "Argon2-Salt"},
		{"salt too long", header(v3enc, "Argon2-Salt", strings.Repeat("ab", 1025)), ErrMalformed, "Argon2-Salt"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			called := false
			_, err := Parse([]byte(c.text), func() ([]byte, error) {
				called = true
				return fixture.Passphrase(t), nil
			})
			if !errors.Is(err, c.want) {
				t.Fatalf("got %v, want %v", err, c.want)
			}
			if !strings.Contains(err.Error(), c.msg) {
				t.Errorf("error %q does not say %q", err, c.msg)
			}
			if !strings.HasPrefix(err.Error(), "keyconv: ") || strings.Contains(err.Error(), "\n") {
				t.Errorf("error %q is not one keyconv: line", err)
			}
			if called {
				t.Error("the passphrase was asked for before the file was checked")
			}
		})
	}
}

// TestParsePPKLineCountCap shows the 5461-line cap is what refuses a huge
// blob: an unencrypted file whose private blob carries trailing bytes (which
// PuTTY and keyconv ignore) parses at 5460 lines and fails at 5461, both
// with a correct MAC.
func TestParsePPKLineCountCap(t *testing.T) {
	plain := ppkFixture(t, "puttygen.ed25519.v3.ppk")
	grow := func(lines int) string {
		return ppkReseal(t, ppkReblob(t, plain, "Private", 64, func(b []byte) []byte {
			return append(b, make([]byte, 48*lines-len(b))...)
		}))
	}
	if _, err := Parse([]byte(grow(ppkMaxLines-1)), nil); err != nil {
		t.Fatalf("5460 lines: %v", err)
	}
	if _, err := Parse([]byte(grow(ppkMaxLines)), nil); !errors.Is(err, ErrMalformed) || !strings.Contains(err.Error(), "Private-Lines") {
		t.Fatalf("5461 lines: got %v, want the line cap", err)
	}
}
