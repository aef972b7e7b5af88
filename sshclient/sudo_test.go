package sshclient

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/cloudkeypair/keypair/internal/sshtest"
)

// TestRootCommandQuoting runs lines full of shell syntax as root and as the
// user: through sudo -n they must mean exactly what they mean without it.
func TestRootCommandQuoting(t *testing.T) {
	srv, c := connect(t, nil)
	for _, line := range []string{
		`echo "it's" 'a "b"' \$HOME $((1+2))`,
		`printf '%s\n' a\;b 'c d' ; echo done >&2`,
		`for w in 1 2; do echo $w; done | tr '\n' ,`,
		`echo '\036 is not the marker'; exit 7`,
		`x='$(touch /nonexistent/pwned)'; echo "$x"`,
	} {
		t.Run(line, func(t *testing.T) {
			var wantOut, wantErr, gotOut, gotErr bytes.Buffer
			plainErr := c.Run(context.Background(), &Command{Line: line, Stdout: &wantOut, Stderr: &wantErr})
			rootErr := c.Run(context.Background(), &Command{Line: line, Root: true, Stdout: &gotOut, Stderr: &gotErr})
			if gotOut.String() != wantOut.String() || gotErr.String() != wantErr.String() {
				t.Errorf("as root: stdout %q stderr %q; as the user: stdout %q stderr %q", &gotOut, &gotErr, &wantOut, &wantErr)
			}
			if errString(plainErr) != errString(rootErr) {
				t.Errorf("as root: %v; as the user: %v", rootErr, plainErr)
			}
		})
	}
	_, _, commands := srv.snapshot()
	sawSudo := false
	for _, cmd := range commands {
		if strings.HasPrefix(cmd, "sudo -n -- ") {
			sawSudo = true
		}
	}
	if !sawSudo {
		t.Errorf("no command went through sudo -n: %q", commands)
	}
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func TestSudoNeedsPasswordFailsFast(t *testing.T) {
	_, c := connect(t, func(s *testServer) { s.sudoNeedsPassword = true })
	var stdout, stderr bytes.Buffer
	err := c.Run(context.Background(), &Command{Line: "echo ran", Root: true, Stdout: &stdout, Stderr: &stderr})
	var sudo *SudoError
	if !errors.As(err, &sudo) {
		t.Fatalf("Run error = %v, want *SudoError", err)
	}
	if sudo.User != "rocky" || sudo.Message != "sudo: a password is required" {
		t.Errorf("SudoError = %+v", sudo)
	}
	if stdout.Len() != 0 || stderr.Len() != 0 {
		t.Errorf("sudo's refusal leaked into the streams: stdout %q stderr %q", &stdout, &stderr)
	}
	// A command's own failure as root is not sudo's.
	_, c2 := connect(t, nil)
	err = c2.Run(context.Background(), &Command{Line: "echo oops >&2; exit 1", Root: true, Stderr: &stderr})
	var exit *ExitError
	if !errors.As(err, &exit) || exit.Status != 1 || stderr.String() != "oops\n" {
		t.Errorf("root command exiting 1: error %v, stderr %q; want exit status 1 and its stderr", err, &stderr)
	}
}

// A login shell that prints before the command (an rc file's echo) must
// not make a failing root command look like sudo refusing, nor leave the
// marker in the output.
func TestRootCommandBehindNoisyLogin(t *testing.T) {
	key := sshtest.NewSigner(t)
	srv := startTestServer(t, key.PublicKey(), func(s *testServer) { s.loginNoise = "welcome\n" })
	c, err := Dial(context.Background(), srv.config(key, srv.knownHosts(t)))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	var stdout, stderr bytes.Buffer
	err = c.Run(context.Background(), &Command{Line: "echo out; echo oops >&2; exit 3", Root: true, Stdout: &stdout, Stderr: &stderr})
	var exit *ExitError
	if !errors.As(err, &exit) || exit.Status != 3 {
		t.Errorf("root command exiting 3 behind a noisy login: %v, want exit status 3", err)
	}
	if stdout.String() != "welcome\nout\n" || stderr.String() != "oops\n" {
		t.Errorf("stdout %q, stderr %q; want the login's line and the command's, without the marker", &stdout, &stderr)
	}

	refusing := startTestServer(t, key.PublicKey(), func(s *testServer) { s.loginNoise = "welcome\n"; s.sudoNeedsPassword = true })
	c2, err := Dial(context.Background(), refusing.config(key, refusing.knownHosts(t)))
	if err != nil {
		t.Fatal(err)
	}
	defer c2.Close()
	err = c2.Run(context.Background(), &Command{Line: "echo ran", Root: true})
	var sudo *SudoError
	if !errors.As(err, &sudo) {
		t.Errorf("sudo refusing behind a noisy login: %v, want *SudoError", err)
	}
}
