package sshtest

import (
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/knownhosts"
)

// Server is a running sshd.
type Server struct {
	Host string // 127.0.0.1
	Port int
	Addr string // Host:Port
	Dir  string // holds the config, keys and authorized_keys

	// HostKeys are the server's host keys: Ed25519, then ECDSA P-256.
	HostKeys []ssh.PublicKey

	// KnownHostsFile lists HostKeys for Addr, as OpenSSH writes them.
	KnownHostsFile string

	// HostCA is the certificate authority's public key when the server was
	// started with Options.HostCA, and nil otherwise.
	HostCA ssh.PublicKey

	// ClientKey is an Ed25519 key every user may log in with. It is
	// written to ClientKeyFile (mode 0600) in OpenSSH's format, which both
	// ssh and keyconv read.
	ClientKey     ssh.Signer
	ClientKeyFile string

	opts    Options
	daemon  *daemon
	closing sync.Once
}

// Options change the sshd that [StartWith] starts. The zero value is what
// [Start] starts.
type Options struct {
	// KexAlgorithms, when set, is sshd's KexAlgorithms setting, such as
	// "diffie-hellman-group14-sha1" to stand in for an old server.
	KexAlgorithms string

	// HostCA makes ssh-keygen create a certificate authority and sign the
	// Ed25519 host key with it ("ssh-keygen -s ca -h -n 127.0.0.1"); sshd
	// presents the certificate (HostCertificate). Server.HostCA is the
	// authority's public key, for a @cert-authority line.
	HostCA bool

	// UserAuthorizedKeys makes sshd read each user's own
	// ~/.ssh/authorized_keys with StrictModes yes, as a real server does, so
	// that wrong modes or owners really refuse a key. The images' users
	// then accept no key: log in as accounts made by [CreateAccount].
	// Without it every user shares the authorized_keys in Dir, and
	// StrictModes is off.
	UserAuthorizedKeys bool

	// MaxAuthTries, when positive, is sshd's MaxAuthTries: the public keys
	// a client may offer in vain before sshd cuts it off (6 if zero, as
	// sshd's default).
	MaxAuthTries int
}

// Start starts sshd in a new temporary directory under dir ("" for the
// system's temporary directory). Call Close to stop it and remove the
// directory. It needs root; see [Available].
func Start(dir string) (*Server, error) {
	return StartWith(dir, Options{})
}

// StartWith is [Start] with options.
func StartWith(dir string, opts Options) (*Server, error) {
	if err := Available(); err != nil {
		return nil, err
	}
	// sshd's privilege separation needs this directory; systemd makes it
	// on real systems, nothing does in a container.
	if err := os.MkdirAll("/run/sshd", 0o755); err != nil {
		return nil, fmt.Errorf("sshtest: %w", err)
	}
	tmp, err := os.MkdirTemp(dir, "sshd-")
	if err != nil {
		return nil, fmt.Errorf("sshtest: %w", err)
	}
	// sshd refuses to read files from a directory others can write.
	if err := os.Chmod(tmp, 0o755); err != nil {
		return nil, fmt.Errorf("sshtest: %w", err)
	}
	s := &Server{Host: "127.0.0.1", Dir: tmp, opts: opts}
	if err := s.writeKeys(); err != nil {
		os.RemoveAll(tmp)
		return nil, err
	}
	if opts.HostCA {
		if err := s.signHostKey(); err != nil {
			os.RemoveAll(tmp)
			return nil, err
		}
	}
	// A free port can be taken between asking and binding; try again.
	for attempt := 0; ; attempt++ {
		err = s.start()
		if err == nil {
			return s, nil
		}
		if attempt == 4 || !strings.Contains(err.Error(), "Address already in use") {
			os.RemoveAll(tmp)
			return nil, err
		}
	}
}

// StartT starts sshd for a test, skipping it (failing it under CI) when
// sshd cannot run here, and stops sshd when the test ends, logging
// sshd's output if the test failed.
func StartT(t testing.TB) *Server {
	t.Helper()
	return StartTWith(t, Options{})
}

// StartTWith is [StartT] with options.
func StartTWith(t testing.TB, opts Options) *Server {
	t.Helper()
	Require(t)
	if opts.HostCA {
		RequireTool(t, "ssh-keygen")
	}
	s, err := StartWith("", opts)
	if err != nil {
		t.Fatal(err)
	}
	stopAtCleanup(t, s.Log, s.Close)
	return s
}

func (s *Server) writeKeys() error {
	keys, err := writeKeySet(s.Dir)
	if err != nil {
		return err
	}
	s.HostKeys, s.ClientKey, s.ClientKeyFile = keys.hostKeys, keys.client, keys.clientFile
	return s.Authorize(s.ClientKey.PublicKey())
}

// Authorize lets pub log in as any user. It has no effect on a server
// started with Options.UserAuthorizedKeys; use [Account.Authorize] there.
func (s *Server) Authorize(pub ssh.PublicKey) error { return authorize(s.Dir, pub) }

func (s *Server) start() error {
	port, err := freePort()
	if err != nil {
		return err
	}
	s.Port = port
	s.Addr = net.JoinHostPort(s.Host, strconv.Itoa(port))
	extra := []string{"MaxStartups 100"} // the benchmark logs in many times in a row
	if s.opts.KexAlgorithms != "" {
		extra = append(extra, "KexAlgorithms "+s.opts.KexAlgorithms)
	}
	if s.opts.MaxAuthTries > 0 {
		extra = append(extra, "MaxAuthTries "+strconv.Itoa(s.opts.MaxAuthTries))
	}
	if s.opts.HostCA {
		extra = append(extra, "HostCertificate "+filepath.Join(s.Dir, "ssh_host_ed25519_key-cert.pub"))
	}
	configFile, err := writeConfig(s.Dir, port, s.opts.UserAuthorizedKeys, extra...)
	if err != nil {
		return err
	}
	var known []byte
	for _, k := range s.HostKeys {
		known = append(known, knownhosts.Line([]string{knownhosts.Normalize(s.Addr)}, k)+"\n"...)
	}
	s.KnownHostsFile = filepath.Join(s.Dir, "known_hosts")
	if err := os.WriteFile(s.KnownHostsFile, known, 0o600); err != nil {
		return fmt.Errorf("sshtest: %w", err)
	}
	d, err := startDaemon(configFile, []string{s.Host})
	if err != nil {
		return err
	}
	s.daemon = d
	return nil
}

func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("sshtest: finding a free port: %w", err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// Log returns what sshd has written to stderr so far.
func (s *Server) Log() string {
	if s.daemon == nil {
		return ""
	}
	return s.daemon.log.String()
}

// Close stops sshd and removes its directory.
func (s *Server) Close() error {
	var err error
	s.closing.Do(func() {
		if s.daemon != nil {
			err = s.daemon.stop()
		}
		if rmErr := os.RemoveAll(s.Dir); err == nil {
			err = rmErr
		}
	})
	return err
}

// HostKeyFingerprints returns the SHA256 fingerprints of HostKeys.
func (s *Server) HostKeyFingerprints() []string {
	var fps []string
	for _, k := range s.HostKeys {
		fps = append(fps, ssh.FingerprintSHA256(k))
	}
	return fps
}
