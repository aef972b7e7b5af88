package shellquote

import (
	"os/exec"
	"testing"

	// sshtest imports nothing of the project's, so this test's import of
	// it makes no cycle.
	"github.com/cloudkeypair/keypair/internal/sshtest"
)

var words = map[string]string{
	"cafe24.pem":          "cafe24.pem",
	"/home/me/.ssh/k.pem": "/home/me/.ssh/k.pem",
	"ubuntu@203.0.113.5":  "ubuntu@203.0.113.5",
	"cafe24 (1).pem":      `'cafe24 (1).pem'`,
	"it's.pem":            `'it'\''s.pem'`,
	"":                    `''`,
	"[127.0.0.1]:2222":    `'[127.0.0.1]:2222'`,
	`$x "y" \z`:           `'$x "y" \z'`,
	"~/key.pem":           `'~/key.pem'`,
	"a*b":                 `'a*b'`,
	"tab\there":           "'tab\there'",
	"new\nline":           "'new\nline'",
}

func TestIfNeeded(t *testing.T) {
	for in, want := range words {
		if got := IfNeeded(in); got != want {
			t.Errorf("IfNeeded(%q) = %s, want %s", in, got, want)
		}
	}
}

func TestQuoteAlwaysQuotes(t *testing.T) {
	if got := Quote("plain"); got != "'plain'" {
		t.Errorf("Quote(plain) = %s, want 'plain'", got)
	}
}

// TestShellReadsOneWord hands every quoted word to a real sh and checks
// that it comes back as exactly one unchanged argument.
func TestShellReadsOneWord(t *testing.T) {
	sh, err := exec.LookPath("sh")
	if err != nil {
		sshtest.SkipOrFail(t, "no sh here: %v", err)
	}
	for in := range words {
		for _, quoted := range []string{Quote(in), IfNeeded(in)} {
			out, err := exec.Command(sh, "-c", `printf '%s\0' `+quoted, "sh").Output()
			if err != nil {
				t.Fatalf("sh with %s: %v", quoted, err)
			}
			if want := in + "\x00"; string(out) != want {
				t.Errorf("sh read %s as %q, want %q", quoted, out, want)
			}
		}
	}
}
