package sshclient

import (
	"bytes"
	"context"
	"errors"
	"io"
	"testing"
	"time"
)

func TestShellWithPTYAndResize(t *testing.T) {
	srv, c := connect(t, nil)

	stdin, feed := io.Pipe()
	resize := make(chan WindowSize)
	var stdout bytes.Buffer
	done := make(chan error, 1)
	go func() {
		err := c.Shell(context.Background(), &Shell{PTY: true, Term: "vt100", Width: 120, Height: 40,
			Resize: resize, Stdin: stdin, Stdout: &stdout})
		stdin.Close() // a Shell that ended early must not leave feed.Write blocked
		done <- err
	}()
	feed.Write([]byte("echo hello\n"))
	select {
	case resize <- WindowSize{Width: 100, Height: 30}:
	case err := <-done:
		t.Fatalf("Shell ended before the resize: %v", err)
	}
	waitFor(t, func() bool { _, r, _ := srv.snapshot(); return len(r) == 1 })
	feed.Write([]byte("exit 4\n"))
	err := finished(t, done)
	var exit *ExitError
	if !errors.As(err, &exit) || exit.Status != 4 {
		t.Fatalf("Shell = %v, want exit status 4", err)
	}
	if stdout.String() != "hello\n" {
		t.Errorf("shell output %q", stdout.String())
	}
	ptys, resizes, _ := srv.snapshot()
	if len(ptys) != 1 || ptys[0] != (ptyRequest{"vt100", 120, 40}) {
		t.Errorf("pty requests %+v, want one vt100 120x40", ptys)
	}
	if len(resizes) != 1 || resizes[0] != (WindowSize{100, 30}) {
		t.Errorf("window changes %+v, want one to 100x30", resizes)
	}
}

func TestRootShellRefusedBeforeStarting(t *testing.T) {
	srv, c := connect(t, func(s *testServer) { s.sudoNeedsPassword = true })
	err := c.Shell(context.Background(), &Shell{Root: true, PTY: true})
	var sudo *SudoError
	if !errors.As(err, &sudo) {
		t.Fatalf("root Shell = %v, want *SudoError", err)
	}
	if ptys, _, _ := srv.snapshot(); len(ptys) != 0 {
		t.Errorf("a PTY was requested although sudo refused: %+v", ptys)
	}
}

func TestRootShellRunsSudoLogin(t *testing.T) {
	srv, c := connect(t, nil)
	var stdout bytes.Buffer
	if err := c.Shell(context.Background(), &Shell{Root: true, Stdin: bytes.NewBufferString("echo root shell\n"), Stdout: &stdout}); err != nil {
		t.Fatal(err)
	}
	_, _, commands := srv.snapshot()
	if len(commands) != 2 || commands[1] != "sudo -n -i" || stdout.String() != "root shell\n" {
		t.Errorf("commands %q, output %q; want the sudo check then \"sudo -n -i\"", commands, stdout.String())
	}
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met within 10s")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// finished returns what a goroutine sent on done, failing the test when it
// has sent nothing within 10s: a regression must fail the test, not hang
// the whole run until go test's own timeout.
func finished(t *testing.T, done <-chan error) error {
	t.Helper()
	select {
	case err := <-done:
		return err
	case <-time.After(10 * time.Second):
		t.Fatal("still running after 10s")
		return nil
	}
}
