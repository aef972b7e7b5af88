package keyconv

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/rsa"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"math/big"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/cloudkeypair/keypair/internal/fixture"
)

// ppkFixture returns the text of a file in testdata/ppk, the PPK codec's
// fixtures.
func ppkFixture(t testing.TB, name string) string {
	t.Helper()
	return string(fixture.Read(t, "ppk", name))
}

// ppkBlobLines finds the "<name>-Lines: N" header and returns the index of
// that line and N.
func ppkBlobLines(t testing.TB, lines []string, name string) (int, int) {
	t.Helper()
	for i, l := range lines {
		if v, ok := strings.CutPrefix(l, name+"-Lines: "); ok {
			n, err := strconv.Atoi(v)
			if err != nil {
				t.Fatal(err)
			}
			return i, n
		}
	}
	t.Fatalf("no %s-Lines header", name)
	return 0, 0
}

// ppkReblob rewrites the named blob of a PPK text: change alters the decoded
// bytes and width sets the base64 line length (64 is PuTTY's).
func ppkReblob(t testing.TB, text, name string, width int, change func([]byte) []byte) string {
	t.Helper()
	lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	at, n := ppkBlobLines(t, lines, name)
	blob, err := base64.StdEncoding.DecodeString(strings.Join(lines[at+1:at+1+n], ""))
	if err != nil {
		t.Fatal(err)
	}
	if change != nil {
		blob = change(blob)
	}
	enc := base64.StdEncoding.EncodeToString(blob)
	var body []string
	for len(enc) > 0 {
		k := min(width, len(enc))
		body = append(body, enc[:k])
		enc = enc[k:]
	}
	out := append([]string{}, lines[:at]...)
	out = append(out, name+"-Lines: "+strconv.Itoa(len(body)))
	out = append(out, body...)
	out = append(out, lines[at+1+n:]...)
	return strings.Join(out, "\n") + "\n"
}

// ppkReseal recomputes the Private-MAC of an unencrypted version 3 text, so
// that a test can show a rule is enforced by its own check and not merely
// by the MAC.
func ppkReseal(t testing.TB, text string) string {
	t.Helper()
	f, err := readPPKFileUnchecked(text)
	if err != nil {
		t.Fatal(err)
	}
	mac := ppkMAC(3, []byte{}, f.algorithm, "none", f.comment, f.public, f.private)
	i := strings.Index(text, "Private-MAC: ")
	return text[:i] + "Private-MAC: " + hex.EncodeToString(mac) + "\n"
}

// readPPKFileUnchecked pulls the MAC'd fields out of a PPK text without the
// line-count and layout rules, for ppkReseal.
func readPPKFileUnchecked(text string) (*ppkFile, error) {
	lines := strings.Split(text, "\n")
	f := &ppkFile{}
	f.algorithm = strings.SplitN(lines[0], ": ", 2)[1]
	f.comment = strings.TrimPrefix(lines[2], "Comment: ")
	var err error
	for i := 0; i < len(lines); i++ {
		for _, name := range []string{"Public", "Private"} {
			v, ok := strings.CutPrefix(lines[i], name+"-Lines: ")
			if !ok {
				continue
			}
			n, _ := strconv.Atoi(v)
			blob, e := base64.StdEncoding.DecodeString(strings.Join(lines[i+1:i+1+n], ""))
			if e != nil {
				err = e
			}
			if name == "Public" {
				f.public = blob
			} else {
				f.private = blob
			}
		}
	}
	return f, err
}

func TestParsePPKFixtures(t *testing.T) {
	pass := fixture.Passphrase(t)
	for _, file := range ppkFixtures(t) {
		t.Run(filepath.Base(file), func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			k, err := Parse(data, Passphrase(pass))
			if err != nil {
				t.Fatal(err)
			}
			parts := strings.Split(filepath.Base(file), ".")
			p := k.Source.PPK
			if k.Source.Format != FormatPPK || p == nil {
				t.Fatalf("Source = %+v", k.Source)
			}
			if want := "v" + strconv.Itoa(p.Version); parts[2] != want {
				t.Errorf("Version %d, file says %s", p.Version, parts[2])
			}
			enc := strings.Contains(file, ".enc.")
			if k.Source.Encrypted != enc || (p.Encryption == "aes256-cbc") != enc {
				t.Errorf("Encrypted %v, Encryption %q for %s", k.Source.Encrypted, p.Encryption, file)
			}
			if enc && p.Version == 3 && !strings.EqualFold(string(p.KDF), parts[3]) {
				t.Errorf("KDF %q, file name says %s", p.KDF, parts[3])
			}
			wantComment := parts[1] + "-fixture"
			if parts[1] == "ecdsa256" {
				wantComment = ""
			}
			if k.Comment != wantComment {
				t.Errorf("Comment %q, want %q", k.Comment, wantComment)
			}
			// DSA and Ed448 keys cannot log in to OpenSSH servers.
			_, err = k.Signer()
			if noLogin := strings.HasPrefix(parts[1], "dsa") || parts[1] == "ed448"; noLogin != errors.Is(err, ErrUnsupported) {
				t.Errorf("Signer: %v", err)
			}
		})
	}
}

// TestParsePPKKeepsArgon2Params checks that the file's KDF parameters reach
// Key.Source, including an odd memory size and three lanes.
func TestParsePPKKeepsArgon2Params(t *testing.T) {
	text := ppkFixture(t, "puttygen.ecdsa256.v3.argon2d.enc.ppk")
	k, err := Parse([]byte(text), Passphrase(fixture.Passphrase(t)))
	if err != nil {
		t.Fatal(err)
	}
	p := k.Source.PPK
	if p.KDF != Argon2d || p.Memory != 500 || p.Passes != 3 || p.Parallelism != 3 || len(p.Salt) != 16 {
		t.Errorf("params = %+v", p)
	}
	if !strings.Contains(text, "Argon2-Salt: "+hex.EncodeToString(p.Salt)+"\n") {
		t.Errorf("salt %x is not the file's", p.Salt)
	}
}

func TestParsePPKPassphraseMissing(t *testing.T) {
	for _, name := range []string{"puttygen.rsa2048.v2.enc.ppk", "puttygen.ed25519.v3.argon2id.enc.ppk"} {
		t.Run(name, func(t *testing.T) {
			text := ppkFixture(t, name)
			_, err := Parse([]byte(text), nil)
			var missing *PassphraseMissingError
			if !errors.As(err, &missing) || missing.PublicKey == nil {
				t.Fatalf("got %v, want *PassphraseMissingError with a public key", err)
			}
			plain, err := Parse([]byte(ppkFixture(t, name[:strings.Index(name, ".v")]+".v3.ppk")), nil)
			if err != nil {
				t.Fatal(err)
			}
			want, _ := plain.Public()
			if !bytes.Equal(missing.PublicKey.Blob, want.Blob) || missing.PublicKey.Comment != plain.Comment {
				t.Errorf("public key %+v, want %+v", missing.PublicKey, want)
			}
		})
	}
}

func TestParsePPKWrongPassphrase(t *testing.T) {
	for _, name := range []string{"puttygen.rsa2048.v2.enc.ppk", "puttygen.ed25519.v3.argon2id.enc.ppk", "puttygen.dsa1024.v3.argon2d.enc.ppk"} {
		t.Run(name, func(t *testing.T) {
			_, err := Parse([]byte(ppkFixture(t, name)), Passphrase([]byte("not it")))
			if !errors.Is(err, ErrWrongPassphrase) {
				t.Fatalf("got %v, want ErrWrongPassphrase", err)
			}
			_, err = Parse([]byte(ppkFixture(t, name)), Passphrase(nil))
			if !errors.Is(err, ErrWrongPassphrase) {
				t.Fatalf("empty passphrase: got %v, want ErrWrongPassphrase", err)
			}
		})
	}
}

func TestParsePPKPassphraseCallbackError(t *testing.T) {
	boom := errors.New("no terminal")
	_, err := Parse([]byte(ppkFixture(t, "puttygen.ed25519.v2.enc.ppk")), func() ([]byte, error) { return nil, boom })
	if !errors.Is(err, boom) {
		t.Fatalf("got %v, want the callback's error", err)
	}
}

func TestParsePPKMACMismatch(t *testing.T) {
	text := ppkFixture(t, "puttygen.ed25519.v3.ppk")
	_, err := Parse([]byte(strings.Replace(text, "Comment: ed25519-fixture", "Comment: ed25519-fixturE", 1)), nil)
	if !errors.Is(err, ErrMACMismatch) || !errors.Is(err, ErrMalformed) {
		t.Fatalf("changed comment: got %v, want ErrMACMismatch", err)
	}
	_, err = Parse([]byte(ppkReblob(t, text, "Private", 64, func(b []byte) []byte { b[10] ^= 1; return b })), nil)
	if !errors.Is(err, ErrMACMismatch) {
		t.Fatalf("changed private blob: got %v, want ErrMACMismatch", err)
	}
}

// TestParsePPKLineEndings: PuTTY accepts LF, CRLF and CR, and a file that
// ends without a line break; each must give the same key.
func TestParsePPKLineEndings(t *testing.T) {
	text := ppkFixture(t, "puttygen.rsa2048.v3.ppk")
	want, err := Parse([]byte(text), nil)
	if err != nil {
		t.Fatal(err)
	}
	var mixed strings.Builder
	for i, line := range strings.SplitAfter(text, "\n") {
		mixed.WriteString(strings.TrimSuffix(line, "\n") + []string{"\n", "\r\n", "\r"}[i%3])
	}
	for name, variant := range map[string]string{
		"crlf":       strings.ReplaceAll(text, "\n", "\r\n"),
		"cr":         strings.ReplaceAll(text, "\n", "\r"),
		"no-final":   strings.TrimSuffix(text, "\n"),
		"crlf-final": strings.TrimSuffix(strings.ReplaceAll(text, "\n", "\r\n"), "\r\n"),
		"mixed":      strings.TrimRight(mixed.String(), "\r\n"),
		"blank-tail": text + "\n\n",
	} {
		t.Run(name, func(t *testing.T) {
			got, err := Parse([]byte(variant), nil)
			if err != nil {
				t.Fatal(err)
			}
			if !got.PrivateKey.(*rsa.PrivateKey).Equal(want.PrivateKey) || got.Comment != want.Comment {
				t.Error("different key")
			}
		})
	}
}

// TestParsePPKRSAStoredWithPLessThanQ: PuTTY swaps the primes on load; so
// does keyconv, and the rewritten file is puttygen's ordering.
func TestParsePPKRSAStoredWithPLessThanQ(t *testing.T) {
	text := ppkFixture(t, "puttygen.rsa2048.v3.ppk")
	swapped := ppkReseal(t, ppkReblob(t, text, "Private", 64, func(b []byte) []byte {
		r := wireReader{buf: b}
		d, p, q := r.mpint(), r.mpint(), r.mpint()
		out := appendMPInt(nil, d)
		out = appendMPInt(out, q)
		out = appendMPInt(out, p)
		return appendMPInt(out, new(big.Int).ModInverse(p, q))
	}))
	if swapped == text {
		t.Fatal("swap changed nothing")
	}
	k, err := Parse([]byte(swapped), nil)
	if err != nil {
		t.Fatal(err)
	}
	r := k.PrivateKey.(*rsa.PrivateKey)
	if r.Primes[0].Cmp(r.Primes[1]) <= 0 {
		t.Fatal("primes not reordered p > q")
	}
	got, err := MarshalPPK(k, PPKOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != text {
		t.Errorf("rewritten file is not puttygen's:\n%s", got)
	}
}

func TestParsePPKECDSAPublicMismatch(t *testing.T) {
	a := ppkFixture(t, "puttygen.ecdsa256.v3.ppk")
	k, err := Parse([]byte(a), nil)
	if err != nil {
		t.Fatal(err)
	}
	// Swap in another key's public blob, resealed: the private scalar no
	// longer matches it.
	other, err := ecdsa.GenerateKey(k.PrivateKey.(*ecdsa.PrivateKey).Curve, nil)
	if err != nil {
		t.Fatal(err)
	}
	pub, _ := publicBlob(other)
	bad := ppkReseal(t, ppkReblob(t, a, "Public", 64, func([]byte) []byte { return pub }))
	if _, err := Parse([]byte(bad), nil); !errors.Is(err, ErrMalformed) {
		t.Fatalf("got %v, want ErrMalformed", err)
	}
}
