package sshtest

import (
	"fmt"
	"net"
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/knownhosts"
)

// Fleet is many servers on loopback at once: each "server" is one address
// of 127.0.0.0/8 (127.0.0.2, 127.0.0.3, ...), all on one port, with the same
// host keys, users and authorized_keys. OpenSSH's sshd takes at most 16
// ListenAddress lines, so a Fleet runs one sshd per 16 addresses, all
// started from one sshd_config.
type Fleet struct {
	Addrs []string // the servers' addresses, "127.0.0.2" first
	Port  int
	Dir   string // holds the config, keys and authorized_keys

	// HostKeys are every server's host keys: Ed25519, then ECDSA P-256.
	HostKeys []ssh.PublicKey

	// ClientKey (written to ClientKeyFile, mode 0600, OpenSSH format) may
	// log in as every user on every server.
	ClientKey     ssh.Signer
	ClientKeyFile string

	opts       FleetOptions
	configFile string

	mu      sync.Mutex
	groups  []*fleetGroup
	closing sync.Once
}

// fleetGroup is the addresses one sshd serves.
type fleetGroup struct {
	addrs  []string
	daemon *daemon // nil once every address was stopped
	logs   []string
}

// fleetFirstAddr is the first server's address: 127.0.0.1 is left to
// everything else on the machine.
var fleetFirstAddr = netip.AddrFrom4([4]byte{127, 0, 0, 2})

// fleetConfig raises sshd's limits so that a fan-out of a hundred logins
// at once is not throttled: MaxStartups counts unauthenticated connections
// per sshd (default 10:30:100, which drops some of them at random), and
// MaxSessions the sessions per connection.
var fleetConfig = []string{"MaxStartups 1000", "MaxSessions 100"}

// FleetOptions change the servers [StartFleetWith] starts. The zero value
// is what [StartFleet] starts.
type FleetOptions struct {
	// UserAuthorizedKeys makes every server read each user's own
	// ~/.ssh/authorized_keys with StrictModes yes, as Options'
	// field of that name does. Give each server its own account
	// ([Fleet.AccountsT], [Fleet.CloudFileWithUsers]): the servers share
	// /etc/passwd and the home directories.
	UserAuthorizedKeys bool

	// Config lines are added at the end of the servers' sshd_config, such
	// as a Match LocalAddress block that makes one server differ.
	Config []string
}

// StartFleet starts n servers (1 to 1000) in a new temporary directory
// under dir ("" for the system's). Call Close to stop them. It needs root;
// see [Available].
func StartFleet(dir string, n int) (*Fleet, error) {
	return StartFleetWith(dir, n, FleetOptions{})
}

// StartFleetWith is [StartFleet] with options.
func StartFleetWith(dir string, n int, opts FleetOptions) (*Fleet, error) {
	if n < 1 || n > 1000 {
		return nil, fmt.Errorf("sshtest: a fleet has 1 to 1000 servers, not %d", n)
	}
	if err := Available(); err != nil {
		return nil, err
	}
	if err := os.MkdirAll("/run/sshd", 0o755); err != nil {
		return nil, fmt.Errorf("sshtest: %w", err)
	}
	tmp, err := os.MkdirTemp(dir, "fleet-")
	if err != nil {
		return nil, fmt.Errorf("sshtest: %w", err)
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		os.RemoveAll(tmp)
		return nil, fmt.Errorf("sshtest: %w", err)
	}
	f := &Fleet{Dir: tmp, opts: opts}
	keys, err := writeKeySet(tmp)
	if err != nil {
		os.RemoveAll(tmp)
		return nil, err
	}
	f.HostKeys, f.ClientKey, f.ClientKeyFile = keys.hostKeys, keys.client, keys.clientFile
	a := fleetFirstAddr
	for range n {
		f.Addrs = append(f.Addrs, a.String())
		a = a.Next()
	}
	// A free port can be taken between asking and binding; try again.
	for attempt := 0; ; attempt++ {
		err = f.start()
		if err == nil {
			return f, nil
		}
		f.stopAll()
		if attempt == 4 || !strings.Contains(err.Error(), "Address already in use") {
			os.RemoveAll(tmp)
			return nil, err
		}
	}
}

// StartFleetT starts n servers for a test, skipping it (failing it under
// CI) when sshd cannot run here, with the images' users created, and stops
// them when the test ends, logging sshd's output if the test failed.
func StartFleetT(t testing.TB, n int) *Fleet {
	t.Helper()
	return StartFleetTWith(t, n, FleetOptions{})
}

// StartFleetTWith is [StartFleetT] with options.
func StartFleetTWith(t testing.TB, n int, opts FleetOptions) *Fleet {
	t.Helper()
	Require(t)
	if err := EnsureUsers(); err != nil {
		t.Fatal(err)
	}
	f, err := StartFleetWith("", n, opts)
	if err != nil {
		t.Fatal(err)
	}
	stopAtCleanup(t, f.Log, f.Close)
	return f
}

func (f *Fleet) start() error {
	port, err := freePort()
	if err != nil {
		return err
	}
	f.Port = port
	if f.configFile, err = writeConfig(f.Dir, port, f.opts.UserAuthorizedKeys, append(slices.Clone(fleetConfig), f.opts.Config...)...); err != nil {
		return err
	}
	f.groups = nil
	for addrs := range slices.Chunk(f.Addrs, maxListenAddrs) {
		g := &fleetGroup{addrs: slices.Clone(addrs)}
		f.groups = append(f.groups, g)
		if g.daemon, err = startDaemon(f.configFile, g.addrs); err != nil {
			return err
		}
	}
	return nil
}

// HostPort returns addr:Port, as a client dials the server at addr.
func (f *Fleet) HostPort(addr string) string {
	return net.JoinHostPort(addr, strconv.Itoa(f.Port))
}

// KnownHosts returns known_hosts lines for every server, as OpenSSH writes
// them ("[127.0.0.2]:PORT ssh-ed25519 ...").
func (f *Fleet) KnownHosts() []byte {
	var b []byte
	for _, a := range f.Addrs {
		for _, k := range f.HostKeys {
			b = append(b, knownhosts.Line([]string{knownhosts.Normalize(f.HostPort(a))}, k)+"\n"...)
		}
	}
	return b
}

// Stop stops the server at addr, as a stopped instance: connections to it
// are refused from then on. The sshd that served it restarts without it,
// so the sessions of the other servers that sshd served end; stop servers
// before using the fleet.
func (f *Fleet) Stop(addr string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, g := range f.groups {
		i := slices.Index(g.addrs, addr)
		if i < 0 {
			continue
		}
		if g.daemon != nil {
			g.logs = append(g.logs, g.daemon.log.String())
			if err := g.daemon.stop(); err != nil {
				return err
			}
			g.daemon = nil
		}
		g.addrs = slices.Delete(g.addrs, i, i+1)
		if len(g.addrs) == 0 {
			return nil
		}
		d, err := startDaemon(f.configFile, g.addrs)
		if err != nil {
			return err
		}
		g.daemon = d
		return nil
	}
	return fmt.Errorf("sshtest: %s is not a running server of the fleet", addr)
}

// Log returns what the fleet's sshds have written to stderr so far.
func (f *Fleet) Log() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var b strings.Builder
	for _, g := range f.groups {
		for _, l := range g.logs {
			b.WriteString(l)
		}
		if g.daemon != nil {
			b.WriteString(g.daemon.log.String())
		}
	}
	return b.String()
}

// Close stops every sshd and removes the fleet's directory.
func (f *Fleet) Close() error {
	var err error
	f.closing.Do(func() {
		err = f.stopAll()
		if rmErr := os.RemoveAll(f.Dir); err == nil {
			err = rmErr
		}
	})
	return err
}

func (f *Fleet) stopAll() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	var err error
	for _, g := range f.groups {
		if g.daemon == nil {
			continue
		}
		if stopErr := g.daemon.stop(); err == nil {
			err = stopErr
		}
		g.daemon = nil
	}
	return err
}

// WriteKnownHosts writes KnownHosts to a file in the fleet's directory and
// returns its path.
func (f *Fleet) WriteKnownHosts() (string, error) {
	path := filepath.Join(f.Dir, "known_hosts")
	if err := os.WriteFile(path, f.KnownHosts(), 0o600); err != nil {
		return "", fmt.Errorf("sshtest: %w", err)
	}
	return path, nil
}
