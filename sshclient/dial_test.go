package sshclient

import (
	"bytes"
	"context"
	"errors"
	"net"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cloudkeypair/keypair/internal/sshtest"
	"golang.org/x/crypto/ssh"
)

func TestRunSeparatesStreamsAndExitStatus(t *testing.T) {
	_, c := connect(t, nil)

	var stdout, stderr bytes.Buffer
	err := c.Run(context.Background(), &Command{Line: "echo out; echo err >&2; exit 3", Stdout: &stdout, Stderr: &stderr})
	var exit *ExitError
	if !errors.As(err, &exit) || exit.Status != 3 {
		t.Fatalf("Run error = %v, want exit status 3", err)
	}
	if stdout.String() != "out\n" || stderr.String() != "err\n" {
		t.Errorf("stdout %q, stderr %q; want \"out\\n\", \"err\\n\"", stdout.String(), stderr.String())
	}
	if err := c.Run(context.Background(), &Command{Line: "true"}); err != nil {
		t.Errorf("a command exiting 0 gave %v", err)
	}
	if c.User() != "rocky" {
		t.Errorf("User() = %q", c.User())
	}
}

func TestRunPassesStdin(t *testing.T) {
	_, c := connect(t, nil)
	out, _, err := c.Output(context.Background(), &Command{Line: "tr a-z A-Z", Stdin: strings.NewReader("hello\n")}, 0)
	if err != nil || string(out) != "HELLO\n" {
		t.Fatalf("Output = %q, %v; want \"HELLO\\n\"", out, err)
	}
}

func TestRunSignalExit(t *testing.T) {
	_, c := connect(t, nil)
	err := c.Run(context.Background(), &Command{Line: "kill -KILL $$"})
	var exit *ExitError
	if !errors.As(err, &exit) || exit.Signal != "KILL" {
		t.Fatalf("Run error = %v, want death by KILL", err)
	}
}

func TestAuthRefusedSaysUserAndKey(t *testing.T) {
	key := sshtest.NewSigner(t)
	srv := startTestServer(t, key.PublicKey(), nil)
	for _, tc := range []struct {
		name string
		user string
		key  ssh.Signer
	}{
		{"wrong user", "ubuntu", key},
		{"wrong key", "rocky", sshtest.NewSigner(t)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := srv.config(tc.key, srv.knownHosts(t))
			cfg.User = tc.user
			_, err := Dial(context.Background(), cfg)
			var auth *AuthError
			if !errors.As(err, &auth) {
				t.Fatalf("Dial error = %v, want *AuthError", err)
			}
			fp := ssh.FingerprintSHA256(tc.key.PublicKey())
			if auth.User != tc.user || auth.KeyFingerprint != fp {
				t.Errorf("AuthError = %+v, want user %q key %s", auth, tc.user, fp)
			}
			if !strings.Contains(err.Error(), fp) || !strings.Contains(err.Error(), strconv.Quote(tc.user)) {
				t.Errorf("message %q lacks the user or the key fingerprint", err)
			}
		})
	}
}

func TestLoginUserFromOSTable(t *testing.T) {
	key := sshtest.NewSigner(t)
	srv := startTestServer(t, key.PublicKey(), nil)
	cfg := srv.config(key, srv.knownHosts(t))
	cfg.User = ""
	cfg.OS = "Rocky Linux 9.4"
	c, err := Dial(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	c.Close()
	if c.User() != "rocky" {
		t.Errorf("logged in as %q, want rocky", c.User())
	}

	cfg.OS = "Windows Server 2022"
	_, err = Dial(context.Background(), cfg)
	var unknown *UnknownOSError
	if !errors.As(err, &unknown) {
		t.Fatalf("Dial with an unknown OS = %v, want *UnknownOSError", err)
	}
}

func TestConfigMistakes(t *testing.T) {
	key := sshtest.NewSigner(t)
	for _, tc := range []struct {
		name string
		cfg  Config
		want string
	}{
		{"no host", Config{User: "rocky", Signer: key}, "no host"},
		{"no key", Config{Host: "127.0.0.1", User: "rocky"}, "no private key"},
		{"two keys", Config{Host: "127.0.0.1", User: "rocky", Signer: key, KeyFile: "k.pem"}, "only one of"},
		{"no user", Config{Host: "127.0.0.1", Signer: key}, "no login user"},
		{"bad port", Config{Host: "127.0.0.1", Port: 70000, User: "rocky", Signer: key}, "out of range"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Dial(context.Background(), &tc.cfg)
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "sshclient: ") {
				t.Fatalf("Dial error = %v, want sshclient: ...%s...", err, tc.want)
			}
		})
	}
}

// silentListener returns the port of a listener that never speaks,
// closed at the end of the test.
func silentListener(t *testing.T) int {
	t.Helper()
	l, err := sshtest.ListenSilent()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	return l.Port
}

func TestHandshakeTimeout(t *testing.T) {
	port := silentListener(t)
	cfg := &Config{Host: "127.0.0.1", Port: port, User: "rocky", Signer: sshtest.NewSigner(t),
		KnownHostsFiles: []string{t.TempDir() + "/known_hosts"}, ConnectTimeout: 200 * time.Millisecond}
	start := time.Now()
	_, err := Dial(context.Background(), cfg)
	var timeout *TimeoutError
	if !errors.As(err, &timeout) || timeout.Stage != StageHandshake {
		t.Fatalf("Dial error = %v, want a handshake *TimeoutError", err)
	}
	if elapsed := time.Since(start); elapsed > 10*time.Second {
		t.Errorf("Dial returned after %v; the connect timeout does not bound the handshake", elapsed)
	}
}

// The connect timeout covers authentication too: x/crypto's own Timeout
// stops at the TCP connect, so a server that hangs after the key exchange
// would otherwise hang Dial.
func TestAuthTimeout(t *testing.T) {
	key := sshtest.NewSigner(t)
	stall := make(chan struct{})
	srv := startTestServer(t, key.PublicKey(), func(s *testServer) { s.stallAuth = stall })
	// Released after 5s even if Dial ignores its timeout, so that such a
	// regression fails below instead of hanging the test.
	release := sync.OnceFunc(func() { close(stall) })
	time.AfterFunc(5*time.Second, release)
	t.Cleanup(release)
	cfg := srv.config(key, srv.knownHosts(t))
	cfg.ConnectTimeout = 300 * time.Millisecond
	start := time.Now()
	_, err := Dial(context.Background(), cfg)
	var timeout *TimeoutError
	if !errors.As(err, &timeout) || timeout.Stage != StageAuth {
		t.Fatalf("Dial error = %v, want an authentication *TimeoutError", err)
	}
	// Well under the 5s release, so that a Dial that only noticed its
	// timeout once the server let go does not pass.
	if elapsed := time.Since(start); elapsed > 3*time.Second {
		t.Errorf("Dial returned after %v; the connect timeout does not bound authentication", elapsed)
	}
}

func TestConnectTimeoutBlamesFirewall(t *testing.T) {
	cfg := &Config{Host: "203.0.113.10", User: "rocky", Signer: sshtest.NewSigner(t),
		KnownHostsFiles: []string{t.TempDir() + "/known_hosts"}, ConnectTimeout: 100 * time.Millisecond,
		// A dropped SYN, without sending one: wait for the deadline.
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			<-ctx.Done()
			return nil, &net.OpError{Op: "dial", Net: network, Err: ctx.Err()}
		},
	}
	_, err := Dial(context.Background(), cfg)
	var timeout *TimeoutError
	if !errors.As(err, &timeout) || timeout.Stage != StageConnect || timeout.Addr != "203.0.113.10:22" {
		t.Fatalf("Dial error = %v, want a tcp connect *TimeoutError for 203.0.113.10:22", err)
	}
	if !strings.Contains(err.Error(), "203.0.113.10:22 did not answer") || !strings.Contains(err.Error(), "firewall") {
		t.Errorf("message %q does not say who did not answer, or that a firewall is the usual cause", err)
	}
}

func TestConnectionRefused(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	cfg := &Config{Host: "127.0.0.1", Port: port, User: "rocky", Signer: sshtest.NewSigner(t),
		KnownHostsFiles: []string{t.TempDir() + "/known_hosts"}}
	_, err = Dial(context.Background(), cfg)
	var refused *RefusedError
	if !errors.As(err, &refused) {
		t.Fatalf("Dial error = %v, want *RefusedError", err)
	}
	if !strings.Contains(err.Error(), "nothing listens on port "+strconv.Itoa(port)) {
		t.Errorf("message %q does not say nothing listens on the port", err)
	}
}

func TestDialHonoursContext(t *testing.T) {
	port := silentListener(t)
	cfg := &Config{Host: "127.0.0.1", Port: port, User: "rocky", Signer: sshtest.NewSigner(t),
		KnownHostsFiles: []string{t.TempDir() + "/known_hosts"}, ConnectTimeout: time.Hour}
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	_, err := Dial(ctx, cfg)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Dial error = %v, want context.Canceled", err)
	}
	var timeout *TimeoutError
	if errors.As(err, &timeout) {
		t.Errorf("a cancelled ctx was reported as a timeout: %v", err)
	}
}

func TestRunHonoursContext(t *testing.T) {
	_, c := connect(t, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	err := c.Run(ctx, &Command{Line: "sleep 30"})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Run error = %v, want context.DeadlineExceeded", err)
	}
	// The connection survives a stopped command.
	if err := c.Run(context.Background(), &Command{Line: "true"}); err != nil {
		t.Errorf("next command after a stopped one: %v", err)
	}
}

func TestOutputLimit(t *testing.T) {
	_, c := connect(t, nil)
	out, _, err := c.Output(context.Background(), &Command{Line: "yes"}, 1000)
	if !errors.Is(err, ErrOutputTooLarge) {
		t.Fatalf("Output error = %v, want ErrOutputTooLarge", err)
	}
	if len(out) != 1000 || !bytes.HasPrefix(out, []byte("y\ny\n")) {
		t.Errorf("kept %d bytes starting %q, want the first 1000", len(out), out[:min(len(out), 8)])
	}
}

func TestKeepaliveClosesDeadConnection(t *testing.T) {
	key := sshtest.NewSigner(t)
	srv := startTestServer(t, key.PublicKey(), func(s *testServer) { s.ignoreGlobalRequests = true })
	cfg := srv.config(key, srv.knownHosts(t))
	cfg.KeepaliveInterval, cfg.KeepaliveCount = 20*time.Millisecond, 2
	c, err := Dial(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	waited := make(chan error, 1)
	go func() { waited <- c.Wait() }()
	if err := finished(t, waited); !errors.Is(err, ErrKeepaliveTimeout) {
		t.Fatalf("Wait = %v, want ErrKeepaliveTimeout", err)
	}
}

func TestKeepaliveKeepsLiveConnection(t *testing.T) {
	key := sshtest.NewSigner(t)
	srv := startTestServer(t, key.PublicKey(), nil)
	cfg := srv.config(key, srv.knownHosts(t))
	// A reply may be 500ms late before the connection is given up on,
	// which a loaded 2-CPU CI machine needs; keepalives that were never
	// counted as answered would still close it within the 1s command.
	cfg.KeepaliveInterval, cfg.KeepaliveCount = 50*time.Millisecond, 10
	c, err := Dial(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	// Many intervals pass while the command runs; answered keepalives
	// must not close the connection.
	if err := c.Run(context.Background(), &Command{Line: "sleep 1"}); err != nil {
		t.Fatalf("Run across keepalives: %v", err)
	}
	c.Close()
	if err := c.Wait(); err != nil {
		t.Errorf("Wait after Close = %v, want nil", err)
	}
}

func TestKeyFileLoadErrorsComeFirst(t *testing.T) {
	// A key that cannot be loaded fails before any connection: the port
	// here refuses, so reaching it would give a RefusedError instead.
	dir := t.TempDir()
	path := dir + "/nokey.pem"
	if err := os.WriteFile(path, []byte("not a key\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg := &Config{Host: "127.0.0.1", Port: 1, User: "rocky", KeyFile: path, KnownHostsFiles: []string{dir + "/kh"}}
	_, err := Dial(context.Background(), cfg)
	var refused *RefusedError
	if err == nil || errors.As(err, &refused) || !strings.Contains(err.Error(), path) {
		t.Fatalf("Dial error = %v, want a key error naming %s", err, path)
	}
}
