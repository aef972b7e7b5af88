package sshclient_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cloudkeypair/keypair/internal/sshtest"
	"github.com/cloudkeypair/keypair/keyconv"
	"github.com/cloudkeypair/keypair/sshclient"
	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/knownhosts"

	"github.com/cloudkeypair/keypair/internal/fixture"
)

// These tests log in to a real OpenSSH sshd started by internal/sshtest,
// as the cloud images' users. They need root and sshd: outside CI they are
// skipped with a reason, under CI=true they fail without them.

func startSSHD(t *testing.T) *sshtest.Server {
	t.Helper()
	sshtest.Require(t)
	if err := sshtest.EnsureUsers(); err != nil {
		t.Fatal(err)
	}
	return sshtest.StartT(t)
}

func dialSSHD(t *testing.T, s *sshtest.Server, cfg sshclient.Config) *sshclient.Client {
	t.Helper()
	cfg.Host, cfg.Port = s.Host, s.Port
	if cfg.Signer == nil && cfg.KeyFile == "" && cfg.Key == nil {
		cfg.Signer = s.ClientKey
	}
	if cfg.KnownHostsFiles == nil {
		cfg.KnownHostsFiles = []string{s.KnownHostsFile}
	}
	c, err := sshclient.Dial(context.Background(), &cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func TestRealSSHDOSTableAndRoot(t *testing.T) {
	s := startSSHD(t)
	for _, tc := range []struct{ os, user string }{
		{"Rocky Linux 9.4", "rocky"},
		{"ubuntu-22.04", "ubuntu"},
		{"CentOS 7", "centos"},
		{"almalinux 8", "almalinux"},
	} {
		t.Run(tc.os, func(t *testing.T) {
			c := dialSSHD(t, s, sshclient.Config{OS: tc.os})
			out, _, err := c.Output(context.Background(), &sshclient.Command{Line: "id -un"}, 0)
			if err != nil || string(out) != tc.user+"\n" {
				t.Fatalf("id -un = %q, %v; want %s", out, err, tc.user)
			}
			out, _, err = c.Output(context.Background(), &sshclient.Command{Line: "id -un; echo \"$SUDO_USER\"", Root: true}, 0)
			if err != nil || string(out) != "root\n"+tc.user+"\n" {
				t.Fatalf("as root: %q, %v; want root, run by %s", out, err, tc.user)
			}
		})
	}
}

func TestRealSSHDStreamsAndExitStatus(t *testing.T) {
	s := startSSHD(t)
	c := dialSSHD(t, s, sshclient.Config{User: "rocky"})
	var stdout, stderr bytes.Buffer
	err := c.Run(context.Background(), &sshclient.Command{Line: "echo to-out; echo to-err >&2; exit 42", Stdout: &stdout, Stderr: &stderr})
	var exit *sshclient.ExitError
	if !errors.As(err, &exit) || exit.Status != 42 {
		t.Fatalf("Run = %v, want exit status 42", err)
	}
	if stdout.String() != "to-out\n" || stderr.String() != "to-err\n" {
		t.Errorf("stdout %q stderr %q", &stdout, &stderr)
	}
}

func TestRealSSHDSudoQuoting(t *testing.T) {
	s := startSSHD(t)
	c := dialSSHD(t, s, sshclient.Config{OS: "Rocky"})
	line := `printf '%s|' "it's" 'a "b"' \$HOME "$(id -u)"; echo`
	out, _, err := c.Output(context.Background(), &sshclient.Command{Line: line, Root: true}, 0)
	if want := `it's|a "b"|$HOME|0|` + "\n"; err != nil || string(out) != want {
		t.Errorf("as root: %q, %v; want %q", out, err, want)
	}
}

func TestRealSSHDSudoNeedsPassword(t *testing.T) {
	s := startSSHD(t)
	c := dialSSHD(t, s, sshclient.Config{User: sshtest.NoSudoUser})
	done := make(chan error, 1)
	go func() { done <- c.Run(context.Background(), &sshclient.Command{Line: "id", Root: true}) }()
	select {
	case err := <-done:
		var sudo *sshclient.SudoError
		if !errors.As(err, &sudo) || sudo.User != sshtest.NoSudoUser || !strings.Contains(sudo.Message, "password") {
			t.Fatalf("Run = %v, want *SudoError quoting sudo's password complaint", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("sudo hung instead of failing")
	}
}

func TestRealSSHDHostKeyOrder(t *testing.T) {
	s := startSSHD(t)
	for _, known := range s.HostKeys {
		t.Run(known.Type(), func(t *testing.T) {
			file := filepath.Join(t.TempDir(), "known_hosts")
			line := knownhosts.Line([]string{knownhosts.Normalize(s.Addr)}, known) + "\n"
			if err := os.WriteFile(file, []byte(line), 0o600); err != nil {
				t.Fatal(err)
			}
			c := dialSSHD(t, s, sshclient.Config{User: "rocky", KnownHostsFiles: []string{file}})
			if got := c.HostKey().Type(); got != known.Type() {
				t.Errorf("sshd presented %s, want the known %s", got, known.Type())
			}
		})
	}
}

func TestRealSSHDAcceptNewAndChanged(t *testing.T) {
	s := startSSHD(t)
	file := filepath.Join(t.TempDir(), ".ssh", "known_hosts")
	cfg := sshclient.Config{Host: s.Host, Port: s.Port, User: "rocky", Signer: s.ClientKey, KnownHostsFiles: []string{file}}
	_, err := sshclient.Dial(context.Background(), &cfg)
	var unknown *sshclient.UnknownHostKeyError
	if !errors.As(err, &unknown) {
		t.Fatalf("strict Dial to an unknown host = %v, want *UnknownHostKeyError", err)
	}
	cfg.HostKeyPolicy = sshclient.HostKeyAcceptNew
	c := dialSSHD(t, s, cfg)
	if c.HostKeyRecordedIn() != file {
		t.Fatalf("accept-new recorded in %q, want %q", c.HostKeyRecordedIn(), file)
	}
	// The recorded file is one OpenSSH's knownhosts reader accepts, and
	// holds the key the server presented.
	check, err := knownhosts.New(file)
	if err != nil {
		t.Fatal(err)
	}
	if err := check(s.Addr, &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: s.Port}, c.HostKey()); err != nil {
		t.Errorf("recorded known_hosts does not accept the host key: %v", err)
	}

	// Now the server "is reinstalled": a different key for the same host.
	other, err := ssh.NewSignerFromKey(ed25519Key(t))
	if err != nil {
		t.Fatal(err)
	}
	line := knownhosts.Line([]string{knownhosts.Normalize(s.Addr)}, other.PublicKey()) + "\n"
	if err := os.WriteFile(file, []byte(line), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err = sshclient.Dial(context.Background(), &cfg)
	var changed *sshclient.HostKeyChangedError
	if !errors.As(err, &changed) || changed.Known[0].Fingerprint != ssh.FingerprintSHA256(other.PublicKey()) {
		t.Fatalf("accept-new Dial with a changed key = %v, want *HostKeyChangedError", err)
	}
}

func TestRealSSHDShellWithPTY(t *testing.T) {
	s := startSSHD(t)
	c := dialSSHD(t, s, sshclient.Config{User: "ubuntu"})
	stdin, feed := io.Pipe()
	resize := make(chan sshclient.WindowSize)
	out := &lockedBuffer{}
	done := make(chan error, 1)
	go func() {
		err := c.Shell(context.Background(), &sshclient.Shell{PTY: true, Term: "xterm", Width: 120, Height: 40,
			Resize: resize, Stdin: stdin, Stdout: out})
		stdin.Close() // a Shell that ended early must not leave the writes below blocked
		done <- err
	}()
	io.WriteString(feed, "stty size; tty\n")
	waitForOutput(t, out, "40 120")
	waitForOutput(t, out, "/dev/pts/")
	select {
	case resize <- sshclient.WindowSize{Width: 100, Height: 30}:
	case err := <-done:
		t.Fatalf("Shell ended before the resize: %v", err)
	}
	// The resize travels on its own; ask until the shell sees it.
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(out.String(), "30 100") && time.Now().Before(deadline) {
		io.WriteString(feed, "stty size\n")
		time.Sleep(50 * time.Millisecond)
	}
	if !strings.Contains(out.String(), "30 100") {
		t.Fatalf("the PTY never took the new size: %q", out.String())
	}
	io.WriteString(feed, "exit 5\n")
	var exit *sshclient.ExitError
	select {
	case err := <-done:
		if !errors.As(err, &exit) || exit.Status != 5 {
			t.Fatalf("Shell = %v, want exit status 5", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the shell did not end within 10s of exit 5")
	}
}

func TestRealSSHDRootShell(t *testing.T) {
	s := startSSHD(t)
	c := dialSSHD(t, s, sshclient.Config{User: "almalinux"})
	out := &lockedBuffer{}
	err := c.Shell(context.Background(), &sshclient.Shell{Root: true, PTY: true, Stdin: strings.NewReader("id -un; pwd; exit\n"), Stdout: out})
	if err != nil {
		t.Fatalf("root shell: %v (output %q)", err, out.String())
	}
	if !strings.Contains(out.String(), "root\r\n/root\r\n") {
		t.Errorf("root shell output %q, want root's login shell in /root", out.String())
	}

	c2 := dialSSHD(t, s, sshclient.Config{User: sshtest.NoSudoUser})
	var sudo *sshclient.SudoError
	if err := c2.Shell(context.Background(), &sshclient.Shell{Root: true, PTY: true}); !errors.As(err, &sudo) {
		t.Errorf("root shell without passwordless sudo = %v, want *SudoError", err)
	}
}

type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func waitForOutput(t *testing.T, b *lockedBuffer, want string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(b.String(), want) {
		if time.Now().After(deadline) {
			t.Fatalf("output never contained %q: %q", want, b.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func ed25519Key(t *testing.T) ed25519.PrivateKey {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return priv
}

// TestRealSSHDKeyFiles logs in to OpenSSH with key files in the formats
// people bring: the console's PKCS#1 PEM, an encrypted PPK made by
// puttygen, an OpenSSH key, each read through keyconv.
func TestRealSSHDKeyFiles(t *testing.T) {
	s := startSSHD(t)
	for _, file := range []string{
		"rsa2048/openssl.rsa2048.trad.pem",
		"ed25519/puttygen.ed25519.v3.argon2id.enc.ppk",
		"ecdsa256/ssh-keygen.ecdsa256.openssh.key",
		"rsa2048/puttygen.rsa2048.v2.ppk",
	} {
		t.Run(file, func(t *testing.T) {
			if err := s.Authorize(fixture.PublicKey(t, filepath.Dir(file))); err != nil {
				t.Fatal(err)
			}
			data, err := os.ReadFile(fixture.Path("corpus", file))
			if err != nil {
				t.Fatal(err)
			}
			keyFile := filepath.Join(t.TempDir(), filepath.Base(file))
			if err := os.WriteFile(keyFile, data, 0o600); err != nil {
				t.Fatal(err)
			}
			c := dialSSHD(t, s, sshclient.Config{OS: "ubuntu", KeyFile: keyFile,
				Passphrase: keyconv.Passphrase(fixture.Passphrase(t))})
			out, _, err := c.Output(context.Background(), &sshclient.Command{Line: "id -un"}, 0)
			if err != nil || string(out) != "ubuntu\n" {
				t.Fatalf("id -un = %q, %v", out, err)
			}
		})
	}
}
