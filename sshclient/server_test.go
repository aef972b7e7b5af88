package sshclient

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"encoding/binary"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"sync"
	"syscall"
	"testing"

	"github.com/cloudkeypair/keypair/internal/sshtest"
	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/knownhosts"
)

// testServer is an in-process SSH server on loopback built on x/crypto. It
// runs exec requests with the local /bin/sh, with a fake sudo first on PATH
// that runs its command as the same user, so that what the client sends
// crosses a real shell, and it records the PTY requests it receives.
type testServer struct {
	t        *testing.T
	addr     string
	port     int
	hostKeys []ssh.Signer
	clientPK ssh.PublicKey
	users    map[string]bool
	// sudoNeedsPassword makes the fake sudo fail as a real one does for a
	// user without passwordless sudo.
	sudoNeedsPassword bool
	// ignoreGlobalRequests leaves keepalives unanswered.
	ignoreGlobalRequests bool
	// loginNoise is printed on stdout before every command, as by a
	// login shell whose rc file echoes something.
	loginNoise string
	// stallAuth, when not nil, holds every public key check until it is
	// closed: a server that finishes the key exchange and then hangs.
	stallAuth chan struct{}

	mu       sync.Mutex
	ptyReqs  []ptyRequest
	resizes  []WindowSize
	commands []string
}

type ptyRequest struct {
	Term          string
	Width, Height int
}

// fakeSudo stands in for sudo: it checks that it got "-n", fails like sudo
// when told to, and otherwise runs the rest of its arguments.
const fakeSudo = `#!/bin/sh
if [ "$1" != "-n" ]; then echo "fake sudo: called without -n, would prompt" >&2; exit 98; fi
shift
if [ -n "$FAKE_SUDO_NEEDS_PASSWORD" ]; then echo "sudo: a password is required" >&2; exit 1; fi
if [ "$1" = "-i" ]; then exec /bin/sh; fi
if [ "$1" = "--" ]; then shift; fi
exec "$@"
`

func newECDSASigner(t testing.TB) ssh.Signer {
	t.Helper()
	priv, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	s, err := ssh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// startTestServer starts a server that accepts user "rocky" with clientKey.
// configure may change the server before it starts.
func startTestServer(t *testing.T, clientKey ssh.PublicKey, configure func(*testServer)) *testServer {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("the in-process test server runs commands with /bin/sh")
	}
	s := &testServer{t: t, hostKeys: []ssh.Signer{sshtest.NewSigner(t)}, clientPK: clientKey, users: map[string]bool{"rocky": true}}
	if configure != nil {
		configure(s)
	}
	binDir := t.TempDir()
	if err := os.WriteFile(filepath.Join(binDir, "sudo"), []byte(fakeSudo), 0o755); err != nil {
		t.Fatal(err)
	}
	cfg := &ssh.ServerConfig{
		PublicKeyCallback: func(meta ssh.ConnMetadata, key ssh.PublicKey) (*ssh.Permissions, error) {
			if s.stallAuth != nil {
				<-s.stallAuth
			}
			if s.users[meta.User()] && string(key.Marshal()) == string(s.clientPK.Marshal()) {
				return nil, nil
			}
			return nil, errRefused
		},
	}
	for _, k := range s.hostKeys {
		cfg.AddHostKey(k)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	s.addr = ln.Addr().String()
	s.port = ln.Addr().(*net.TCPAddr).Port
	env := append(os.Environ(), "PATH="+binDir+string(os.PathListSeparator)+os.Getenv("PATH"))
	if s.sudoNeedsPassword {
		env = append(env, "FAKE_SUDO_NEEDS_PASSWORD=1")
	}
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go s.serve(conn, cfg, env)
		}
	}()
	return s
}

var errRefused = &net.AddrError{Err: "refused by test server"}

func (s *testServer) serve(conn net.Conn, cfg *ssh.ServerConfig, env []string) {
	sconn, chans, reqs, err := ssh.NewServerConn(conn, cfg)
	if err != nil {
		conn.Close()
		return
	}
	defer sconn.Close()
	if s.ignoreGlobalRequests {
		go func() {
			for range reqs {
			}
		}()
	} else {
		go ssh.DiscardRequests(reqs)
	}
	for nc := range chans {
		if nc.ChannelType() != "session" {
			nc.Reject(ssh.UnknownChannelType, "only sessions")
			continue
		}
		ch, chReqs, err := nc.Accept()
		if err != nil {
			return
		}
		go s.session(ch, chReqs, env)
	}
}

func (s *testServer) session(ch ssh.Channel, reqs <-chan *ssh.Request, env []string) {
	defer ch.Close()
	var cmd *exec.Cmd
	exited := make(chan struct{})
	for req := range reqs {
		switch req.Type {
		case "pty-req":
			var p struct {
				Term                 string
				Cols, Rows, PxW, PxH uint32
				Modes                string
			}
			ssh.Unmarshal(req.Payload, &p)
			s.mu.Lock()
			s.ptyReqs = append(s.ptyReqs, ptyRequest{p.Term, int(p.Cols), int(p.Rows)})
			s.mu.Unlock()
			req.Reply(true, nil)
		case "window-change":
			var w struct{ Cols, Rows, PxW, PxH uint32 }
			ssh.Unmarshal(req.Payload, &w)
			s.mu.Lock()
			s.resizes = append(s.resizes, WindowSize{int(w.Cols), int(w.Rows)})
			s.mu.Unlock()
		case "exec", "shell":
			line := ""
			if req.Type == "exec" {
				var e struct{ Command string }
				ssh.Unmarshal(req.Payload, &e)
				line = e.Command
			}
			s.mu.Lock()
			s.commands = append(s.commands, line)
			s.mu.Unlock()
			if line == "" {
				cmd = exec.Command("/bin/sh")
			} else {
				cmd = exec.Command("/bin/sh", "-c", "printf %s \"$0\"; "+line, s.loginNoise)
			}
			cmd.Env = env
			cmd.Stdout, cmd.Stderr = ch, ch.Stderr()
			stdin, _ := cmd.StdinPipe()
			if err := cmd.Start(); err != nil {
				req.Reply(false, nil)
				return
			}
			req.Reply(true, nil)
			go func() {
				io.Copy(stdin, ch)
				stdin.Close()
			}()
			go func() {
				defer close(exited)
				err := cmd.Wait()
				s.sendExit(ch, err)
				ch.Close()
			}()
		case "signal":
			if cmd != nil && cmd.Process != nil {
				cmd.Process.Kill()
			}
		default:
			if req.WantReply {
				req.Reply(false, nil)
			}
		}
	}
	if cmd != nil {
		<-exited
	}
}

func (s *testServer) sendExit(ch ssh.Channel, err error) {
	status := 0
	if exit, ok := err.(*exec.ExitError); ok {
		if ws, ok := exit.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			sig := struct {
				Signal     string
				CoreDumped bool
				Error      string
				Lang       string
			}{Signal: signalName(ws.Signal())}
			ch.SendRequest("exit-signal", false, ssh.Marshal(&sig))
			return
		}
		status = exit.ExitCode()
	}
	var payload [4]byte
	binary.BigEndian.PutUint32(payload[:], uint32(status))
	ch.SendRequest("exit-status", false, payload[:])
}

func signalName(sig syscall.Signal) string {
	switch sig {
	case syscall.SIGKILL:
		return "KILL"
	case syscall.SIGTERM:
		return "TERM"
	}
	return strconv.Itoa(int(sig))
}

// knownHosts writes a known_hosts file holding the server's host keys (or
// the keys given) for its address and returns its path.
func (s *testServer) knownHosts(t *testing.T, keys ...ssh.PublicKey) string {
	t.Helper()
	if len(keys) == 0 {
		for _, k := range s.hostKeys {
			keys = append(keys, k.PublicKey())
		}
	}
	var data []byte
	for _, k := range keys {
		data = append(data, knownhostsLine(s.addr, k)...)
	}
	path := filepath.Join(t.TempDir(), "known_hosts")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func (s *testServer) config(signer ssh.Signer, knownHosts string) *Config {
	return &Config{
		Host:            "127.0.0.1",
		Port:            s.port,
		User:            "rocky",
		Signer:          signer,
		KnownHostsFiles: []string{knownHosts},
	}
}

func (s *testServer) snapshot() ([]ptyRequest, []WindowSize, []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]ptyRequest{}, s.ptyReqs...), append([]WindowSize{}, s.resizes...), append([]string{}, s.commands...)
}

func knownhostsLine(addr string, k ssh.PublicKey) string {
	return knownhosts.Line([]string{knownhosts.Normalize(addr)}, k) + "\n"
}

// connect starts a test server that accepts a new key, and logs in to it
// as rocky; the client is closed when the test ends.
func connect(t *testing.T, configure func(*testServer)) (*testServer, *Client) {
	t.Helper()
	key := sshtest.NewSigner(t)
	srv := startTestServer(t, key.PublicKey(), configure)
	c, err := Dial(context.Background(), srv.config(key, srv.knownHosts(t)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return srv, c
}
