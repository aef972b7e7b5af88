//go:build unix

package main

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"
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
	testdata := filepath.Join("..", "..", "testdata")
	out := filepath.Join(dir, "slow.ppk")
	cmd := exec.Command(keyconvPath, "pem2ppk", filepath.Join(testdata, "cafe24.pem"),
		"--new-passphrase", filepath.Join(testdata, "passphrase.txt"), "--ppk-param", "time=20000", "-o", out)
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
