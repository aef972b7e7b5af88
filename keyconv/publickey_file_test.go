package keyconv

import (
	"bytes"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cloudkeypair/keypair/internal/fixture"
)

// TestParsePublicKeyCorpus: every public key file puttygen printed reads
// back as the key x/crypto/ssh finds in puttygen's line (for what x/crypto
// parses), with its comment, and Parse refuses each with ErrPublicKeyOnly.
func TestParsePublicKeyCorpus(t *testing.T) {
	for _, path := range fixture.Glob(t, "corpus", "*", "puttygen.*.pub") {
		t.Run(ppkCorpusName(path), func(t *testing.T) {
			data := ppkReadFile(t, path)
			pub, format, err := ParsePublicKey(data)
			if err != nil {
				t.Fatal(err)
			}
			wantFormat := FormatOpenSSHPublic
			if strings.HasSuffix(path, ".rfc4716.pub") {
				wantFormat = FormatRFC4716
			}
			if format != wantFormat {
				t.Errorf("format %v, want %v", format, wantFormat)
			}
			line := string(ppkReadFile(t, fixture.Key(filepath.Dir(path), "puttygen.openssh.pub")))
			if got := authorizedLine(t, pub); got != line {
				t.Errorf("reads as %q, want puttygen's %q", got, line)
			}
			if _, err := Parse(data, nil); !errors.Is(err, ErrPublicKeyOnly) {
				t.Errorf("Parse: %v, want ErrPublicKeyOnly", err)
			}
		})
	}
}

// TestParsePublicKeyPPKPublicOnly: every corpus PPK cut after its public
// blob is a public key file, as puttygen -L reads it, holding the key and
// comment of the whole file; the whole file reads as a public key too.
func TestParsePublicKeyPPKPublicOnly(t *testing.T) {
	for _, path := range fixture.Glob(t, "corpus", "*", "puttygen.*.ppk") {
		t.Run(ppkCorpusName(path), func(t *testing.T) {
			whole := ppkReadFile(t, path)
			k, err := Parse(whole, Passphrase(fixture.Passphrase(t)))
			if err != nil {
				t.Fatal(err)
			}
			want, err := k.Public()
			if err != nil {
				t.Fatal(err)
			}
			cut := ppkPublicOnly(t, whole)
			for name, data := range map[string][]byte{"public only": cut, "whole": whole} {
				pub, format, err := ParsePublicKey(data)
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				if format != FormatPPK || !bytes.Equal(pub.Blob, want.Blob) || pub.Comment != want.Comment || pub.Bits != want.Bits {
					t.Errorf("%s: %v %q, want %v %q", name, format, authorizedLine(t, pub), FormatPPK, authorizedLine(t, want))
				}
			}
			if _, err := Parse(cut, nil); !errors.Is(err, ErrPublicKeyOnly) {
				t.Errorf("Parse of the public half: %v, want ErrPublicKeyOnly", err)
			}
		})
	}
}

// ppkPublicOnly returns a PPK file's lines up to its public blob.
func ppkPublicOnly(t testing.TB, whole []byte) []byte {
	t.Helper()
	lines := strings.SplitAfter(string(whole), "\n")
	for i, l := range lines {
		if n, ok := strings.CutPrefix(strings.TrimSpace(l), "Public-Lines: "); ok {
			count := 0
			for _, c := range n {
				count = 10*count + int(c-'0')
			}
			return []byte(strings.Join(lines[:i+1+count], ""))
		}
	}
	t.Fatal("no Public-Lines header")
	return nil
}

func TestParsePublicKeyErrors(t *testing.T) {
	line := ppkReadFile(t, fixture.Key("ed25519", "puttygen.openssh.pub"))
	rfc := string(ppkReadFile(t, fixture.Key("ed25519", "puttygen.rfc4716.pub")))
	fields := strings.Fields(string(line))
	for _, c := range []struct {
		name string
		data string
		want string
	}{
		{"empty", "", "not a public key file"},
		{"private key", string(fixture.Read(t, "cafe24.pem")), "this is a private key"},
		{"two lines", string(line) + string(line), "more than one line"},
		{"no key", "ssh-ed25519\n", "no base64 key"},
		{"bad base64", "ssh-ed25519 AAA!\n", "bad base64"},
		{"name mismatch", "ssh-rsa " + fields[1] + "\n", "holds a ssh-ed25519 key"},
		{"truncated blob", "ssh-ed25519 " + fields[1][:20] + "\n", ""},
		{"no end line", strings.Replace(rfc, "---- END SSH2 PUBLIC KEY ----\n", "", 1), "no \"---- END"},
		{"data after end", rfc + "x\n", "data after its end line"},
		{"long line", strings.Replace(rfc, "\n---- END", strings.Repeat("A", 76)+"\n---- END", 1), "over 72 characters"},
		{"huge", strings.Repeat("x", MaxInputSize+1), "too large"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := ParsePublicKey([]byte(c.data))
			if !errors.Is(err, ErrMalformed) || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("got %v, want ErrMalformed with %q", err, c.want)
			}
		})
	}
}

// TestParsePublicKeyRFC4716Headers: continued header lines, unquoted and
// escaped comments, and other headers, as RFC 4716 allows them.
func TestParsePublicKeyRFC4716Headers(t *testing.T) {
	pub, _, err := ParsePublicKey(ppkReadFile(t, fixture.Key("ed25519", "puttygen.rfc4716.pub")))
	if err != nil {
		t.Fatal(err)
	}
	body := strings.TrimSuffix(strings.SplitAfterN(rfc4716Text(t, pub), "\n", 3)[2], "---- END SSH2 PUBLIC KEY ----\n")
	for header, want := range map[string]string{
		"Comment: plain words\n":                    "plain words",
		"Comment: \"a \\\"q\\\" \\\\ b\"\n":         `a "q" \ b`,
		"Subject: me\nComment: \"con\\\ntinued\"\n": "continued",
		"x-private: 1\n":                            "",
	} {
		data := "---- BEGIN SSH2 PUBLIC KEY ----\n" + header + body + "---- END SSH2 PUBLIC KEY ----\n"
		got, _, err := ParsePublicKey([]byte(data))
		if err != nil {
			t.Fatalf("%q: %v", header, err)
		}
		if got.Comment != want || !bytes.Equal(got.Blob, pub.Blob) {
			t.Errorf("%q: comment %q, want %q", header, got.Comment, want)
		}
	}
}

// FuzzParsePublicKey: whatever ParsePublicKey accepts prints as a line
// that it reads back to the same key and comment; what it refuses, it
// refuses with its own errors.
func FuzzParsePublicKey(f *testing.F) {
	files := fixture.Glob(f, "corpus", "*", "puttygen.*.pub")
	files = append(files, fixture.Glob(f, "corpus", "ed25519", "puttygen.*.v3.ppk")...)
	fixture.AddSeeds(f, files)
	f.Fuzz(func(t *testing.T, data []byte) {
		pub, _, err := ParsePublicKey(data)
		if err != nil {
			if !errors.Is(err, ErrMalformed) && !errors.Is(err, ErrUnsupported) {
				t.Fatalf("error is not keyconv's: %v", err)
			}
			return
		}
		line, err := pub.AuthorizedKey()
		if err != nil {
			var bad *CommentError
			if !errors.As(err, &bad) {
				t.Fatalf("public line: %v", err)
			}
			return // a comment with a control character is never written
		}
		again, _, err := ParsePublicKey([]byte(line))
		if err != nil {
			t.Fatalf("own output: %v", err)
		}
		if !bytes.Equal(again.Blob, pub.Blob) || again.Comment != strings.TrimRight(pub.Comment, " \t") {
			t.Fatalf("reads back as another key or comment")
		}
	})
}

// authorizedLine is pub's authorized_keys line, for keys whose comment the
// writer accepts.
func authorizedLine(t testing.TB, pub *PublicKey) string {
	t.Helper()
	line, err := pub.AuthorizedKey()
	if err != nil {
		t.Fatal(err)
	}
	return line
}

// rfc4716Text is pub's RFC 4716 block, likewise.
func rfc4716Text(t testing.TB, pub *PublicKey) string {
	t.Helper()
	text, err := pub.RFC4716()
	if err != nil {
		t.Fatal(err)
	}
	return text
}
