package keyconv

import (
	"crypto/ed25519"
	"encoding/pem"
	"errors"
	"strings"
	"testing"

	"golang.org/x/crypto/ssh"
)

// injectedComment is what an attacker puts in a key's comment so that
// "keyconv pub key >> authorized_keys" appends a second key of theirs.
const injectedComment = "me@laptop\nssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBadBadBadBadBadBadBadBadBadBadBadBadBadBadBad attacker"

// opensshKeyWithComment is an OpenSSH private key file with the given
// comment, written by x/crypto (which stores any comment as it is).
func opensshKeyWithComment(t *testing.T, comment string) []byte {
	t.Helper()
	seed := make([]byte, ed25519.SeedSize)
	block, err := ssh.MarshalPrivateKey(ed25519.NewKeyFromSeed(seed), comment)
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(block)
}

// commentOutputs are every way keyconv writes a key's comment out.
var commentOutputs = []struct {
	name  string
	write func(k *Key) (string, error)
}{
	{"authorized_keys line", func(k *Key) (string, error) {
		pub, err := k.Public()
		if err != nil {
			return "", err
		}
		return pub.AuthorizedKey()
	}},
	{"rfc4716", func(k *Key) (string, error) {
		pub, err := k.Public()
		if err != nil {
			return "", err
		}
		return pub.RFC4716()
	}},
	{"ppk v3", func(k *Key) (string, error) {
		b, err := MarshalPPK(k, PPKOptions{Version: 3})
		return string(b), err
	}},
	{"ppk v2", func(k *Key) (string, error) {
		b, err := MarshalPPK(k, PPKOptions{Version: 2})
		return string(b), err
	}},
	{"openssh", func(k *Key) (string, error) {
		b, err := MarshalPrivateKey(k, PEMOptions{Format: PEMOpenSSH})
		return string(b), err
	}},
}

func TestCommentWithNewlineIsReadButNeverWritten(t *testing.T) {
	key, err := Parse(opensshKeyWithComment(t, injectedComment), nil)
	if err != nil {
		t.Fatalf("a key with a newline in its comment must still be read, so that -C can replace it: %v", err)
	}
	if key.Comment != injectedComment {
		t.Fatalf("comment = %q", key.Comment)
	}
	for _, out := range commentOutputs {
		t.Run(out.name, func(t *testing.T) {
			text, err := out.write(key)
			var ce *CommentError
			if !errors.As(err, &ce) {
				t.Fatalf("wrote %q, %v; want a *CommentError", text, err)
			}
			if ce.Offset != strings.IndexByte(injectedComment, '\n') || text != "" {
				t.Errorf("offset %d, output %q", ce.Offset, text)
			}
			if msg := err.Error(); strings.ContainsAny(msg, "\n\r") || !strings.Contains(msg, `'\n'`) {
				t.Errorf("error %q is not one line naming the character", msg)
			}
		})
	}
	// A new, clean comment (what -C gives) makes the same key writable.
	key.Comment = "me@laptop"
	for _, out := range commentOutputs {
		if _, err := out.write(key); err != nil {
			t.Errorf("%s with a clean comment: %v", out.name, err)
		}
	}
}

func TestCheckComment(t *testing.T) {
	for _, bad := range []string{"a\nb", "a\rb", "nul\x00", "esc\x1b]52;c;AAAA\x07", "tab\there", "del\x7f", "nel\u0085", "raw c1 \x9b2J"} {
		var ce *CommentError
		if err := checkComment(bad); !errors.As(err, &ce) || ce.Comment != bad {
			t.Errorf("checkComment(%q) = %v, want a *CommentError", bad, err)
		}
	}
	for _, good := range []string{"", "imported-openssh-key", `a "q" \ b`, "café 鍵 ключ", "latin-1 caf\xe9"} {
		if err := checkComment(good); err != nil {
			t.Errorf("checkComment(%q) = %v, want nil", good, err)
		}
	}
}
