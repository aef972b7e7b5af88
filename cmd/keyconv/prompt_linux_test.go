package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"strconv"
	"syscall"
	"testing"
	"time"
	"unsafe"

	"github.com/cloudkeypair/keypair/internal/fixture"
	"github.com/cloudkeypair/keypair/internal/sshtest"
)

// TestPromptCtrlC types Ctrl-C at the passphrase prompt on a real
// pseudo-terminal: keyconv must stop at once, say so, and leave the
// terminal echoing again. (main catches SIGINT for the network commands;
// without the prompt's own handling, Ctrl-C was ignored until Enter.)
func TestPromptCtrlC(t *testing.T) {
	keyconvPath, err := exec.LookPath("keyconv")
	if err != nil {
		t.Fatalf("keyconv is not on PATH (testscript.Main puts it there): %v", err)
	}
	master, slave := openPTY(t)

	cmd := exec.Command(keyconvPath, "info", fixture.Key("rsa2048", "openssl.pkcs8.aes256.enc.pem"))
	cmd.Stdin, cmd.Stdout, cmd.Stderr = slave, slave, slave
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true, Ctty: 0}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()

	readTerminalUntil(t, master, "Enter passphrase")
	// Type as a person would, once the prompt is ready: echo turned off.
	for deadline := time.Now().Add(5 * time.Second); echoOn(t, slave); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the prompt never turned the terminal's echo off")
		}
	}
	if _, err := master.Write([]byte{0x03}); err != nil { // Ctrl-C
		t.Fatal(err)
	}
	select {
	case err := <-done:
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.ExitCode() != exitFailure {
			t.Errorf("keyconv ended with %v, want exit status %d", err, exitFailure)
		}
	case <-time.After(5 * time.Second):
		_ = cmd.Process.Kill()
		<-done
		t.Fatal("Ctrl-C at the passphrase prompt did not end keyconv within 5s")
	}
	readTerminalUntil(t, master, "keyconv: error: interrupted\r\n")
	if !echoOn(t, slave) {
		t.Error("the terminal was left with echo off")
	}
}

func echoOn(t *testing.T, tty *os.File) bool {
	t.Helper()
	var tio syscall.Termios
	if err := ioctl(tty, syscall.TCGETS, unsafe.Pointer(&tio)); err != nil {
		t.Fatal(err)
	}
	return tio.Lflag&syscall.ECHO != 0
}

// openPTY opens a pseudo-terminal pair with the kernel's own calls, to keep
// a pty package out of the module for one test.
func openPTY(t *testing.T) (master, slave *os.File) {
	t.Helper()
	// Non-blocking, so that os.File uses the poller and read deadlines work.
	fd, err := syscall.Open("/dev/ptmx", syscall.O_RDWR|syscall.O_NOCTTY|syscall.O_NONBLOCK|syscall.O_CLOEXEC, 0)
	if err != nil {
		sshtest.SkipOrFail(t, "no pseudo-terminals here: %v", err)
	}
	master = os.NewFile(uintptr(fd), "/dev/ptmx")
	t.Cleanup(func() { master.Close() })
	var unlock int32
	if err := ioctl(master, syscall.TIOCSPTLCK, unsafe.Pointer(&unlock)); err != nil {
		t.Fatal(err)
	}
	var n uint32
	if err := ioctl(master, syscall.TIOCGPTN, unsafe.Pointer(&n)); err != nil {
		t.Fatal(err)
	}
	slave, err = os.OpenFile("/dev/pts/"+strconv.FormatUint(uint64(n), 10), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { slave.Close() })
	return master, slave
}

func ioctl(f *os.File, req uintptr, arg unsafe.Pointer) error {
	if _, _, errno := syscall.Syscall(syscall.SYS_IOCTL, f.Fd(), req, uintptr(arg)); errno != 0 {
		return errno
	}
	return nil
}

// readTerminalUntil reads what keyconv wrote to the terminal until want
// appears, failing after 5s.
func readTerminalUntil(t *testing.T, master *os.File, want string) {
	t.Helper()
	if err := master.SetReadDeadline(time.Now().Add(5 * time.Second)); err != nil {
		t.Fatal(err)
	}
	var seen []byte
	buf := make([]byte, 256)
	for !bytes.Contains(seen, []byte(want)) {
		n, err := master.Read(buf)
		if err != nil {
			t.Fatalf("no %q on the terminal (saw %q): %v", want, seen, err)
		}
		seen = append(seen, buf[:n]...)
	}
}
