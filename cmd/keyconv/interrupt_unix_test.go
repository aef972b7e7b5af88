//go:build unix

package main

import (
	"bufio"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/cloudkeypair/keypair/internal/fixture"
)

// TestCtrlCEndsSlowConversion interrupts a conversion busy tuning Argon2
// for 20 s: Ctrl-C must end it at once and leave no file, as with puttygen.
// (main catches SIGINT for the network commands; the key commands never
// look at the context, so with that handler Ctrl-C did nothing.)
func TestCtrlCEndsSlowConversion(t *testing.T) {
	keyconvPath, err := exec.LookPath("keyconv")
	if err != nil {
		t.Fatalf("keyconv is not on PATH (testscript.Main puts it there): %v", err)
	}
	dir := t.TempDir()
	out := filepath.Join(dir, "slow.ppk")
	cmd := exec.Command(keyconvPath, "pem2ppk", fixture.Path("cafe24.pem"),
		"--new-passphrase", fixture.Path("passphrase.txt"), "--ppk-param", "time=20000", "-o", out)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	// Long enough for keyconv to have started and reached Argon2.
	time.Sleep(500 * time.Millisecond)
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		var exit *exec.ExitError
		if !errors.As(err, &exit) || !exit.Sys().(syscall.WaitStatus).Signaled() {
			t.Errorf("keyconv ended with %v, want death by SIGINT", err)
		}
	case <-time.After(5 * time.Second):
		_ = cmd.Process.Kill()
		<-done
		t.Fatal("Ctrl-C did not end keyconv within 5s")
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		t.Errorf("interrupted run left %s behind", e.Name())
	}
}

// TestCtrlCDuringWriteLeavesNoTempFile interrupts pem2ppk while its output
// sits in the temporary file: the few milliseconds of writing must finish,
// so that Ctrl-C never leaves a temporary file behind.
func TestCtrlCDuringWriteLeavesNoTempFile(t *testing.T) {
	keyconvPath, err := exec.LookPath("keyconv")
	if err != nil {
		t.Fatalf("keyconv is not on PATH (testscript.Main puts it there): %v", err)
	}
	dir := t.TempDir()
	out := filepath.Join(dir, "cafe24.ppk")
	cmd := exec.Command(keyconvPath, "pem2ppk", fixture.Path("cafe24.pem"), "-o", out)
	cmd.Env = append(os.Environ(), pauseBeforeCommitEnv+"=1")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	r := bufio.NewReader(stderr)
	line, err := r.ReadString('\n')
	if err != nil || line != "paused before commit\n" {
		_ = cmd.Process.Kill()
		t.Fatalf("keyconv did not pause before its commit: %q, %v", line, err)
	}
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	rest, _ := io.ReadAll(r)
	if err := cmd.Wait(); err != nil {
		t.Errorf("keyconv ended with %v (%s), want the write finished", err, rest)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || entries[0].Name() != "cafe24.ppk" {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("files left: %v, want only cafe24.ppk", names)
	}
}
