package sshclient

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strconv"
	"time"

	"github.com/cloudkeypair/keypair/keyconv"
	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/agent"
)

// Defaults used for zero fields of [Config].
const (
	DefaultPort              = 22
	DefaultConnectTimeout    = 15 * time.Second
	DefaultKeepaliveInterval = 30 * time.Second
	DefaultKeepaliveCount    = 3
)

// Config says where and how to log in. Host and one of Key, KeyFile or
// Signer must be set, and the login user must follow from User or OS; every
// other field has a working default when left at its zero value. A Config
// is only read, so one may be shared by concurrent Dials.
type Config struct {
	// Host is the server's name or IP address, without a port.
	Host string

	// Port is the TCP port. If zero, 22 is used.
	Port int

	// User is the login user. It always wins over OS.
	User string

	// OS selects the login user from Users when User is empty, such as
	// "Rocky Linux 9" or "ubuntu-22.04".
	OS string

	// Users is the OS user table. If nil, [DefaultUsers] is used.
	Users *UserTable

	// Key is the private key file's contents in any format keyconv reads
	// (PKCS#1, PKCS#8, SEC1, OpenSSH, PPK v2 and v3, plain or encrypted).
	Key []byte

	// KeyFile is the path of the private key file, read when Key is nil.
	// On Unix a file that group or others can access is refused, as
	// OpenSSH does.
	KeyFile string

	// Signer is an already-loaded key, for callers that have one (an agent,
	// a key built in code). At most one of Key, KeyFile and Signer may be
	// set.
	Signer ssh.Signer

	// Agent, if set, is asked for Key's or KeyFile's key first (see
	// [LoadKeyFileWithAgent]): when it holds the key it signs, and an
	// encrypted key's passphrase is not asked for. Only that one key is
	// ever offered, never the agent's others. [ConnectAgent] connects to
	// the user's running agent.
	Agent agent.Agent

	// Passphrase is called, once, when the key is encrypted. If nil, Dial
	// fails on an encrypted key with an error that names the key file and
	// wraps a [*keyconv.PassphraseMissingError].
	Passphrase keyconv.PassphraseFunc

	// KnownHostsFiles are the OpenSSH known_hosts files to check the host
	// key against; files that do not exist are treated as empty. With
	// [HostKeyAcceptNew] new keys are recorded in the first. If nil,
	// ~/.ssh/known_hosts is used.
	KnownHostsFiles []string

	// HostKeyPolicy says what to do with a host key that known_hosts does
	// not have. The zero value is [HostKeyStrict].
	HostKeyPolicy HostKeyPolicy

	// KnownHostsWriter, if set, records the keys HostKeyAcceptNew accepts
	// instead of this Dial appending to the first KnownHostsFiles entry:
	// one writer shared by the Dials of a run over many servers writes each
	// host once. List its file in KnownHostsFiles too, so that a host it
	// recorded is known to the next Dial.
	KnownHostsWriter *KnownHostsWriter

	// ConnectTimeout bounds the whole of connecting: the TCP connect, the
	// SSH handshake and authentication. If zero, 15 seconds is used; a
	// negative value means no limit other than ctx's.
	ConnectTimeout time.Duration

	// KeepaliveInterval is how often an idle connection asks the server
	// whether it is alive, and KeepaliveCount how many unanswered asks
	// close it, as OpenSSH's ServerAliveInterval and ServerAliveCountMax.
	// If zero, 30 seconds and 3 are used; a negative interval disables
	// keepalives.
	KeepaliveInterval time.Duration
	KeepaliveCount    int

	// DialContext opens the TCP connection, for callers that go through a
	// proxy or jump host, or that watch the connect (keyconv doctor tells
	// a network failure from a login failure by whether it returned a
	// connection). If nil, a [net.Dialer] is used.
	DialContext func(ctx context.Context, network, addr string) (net.Conn, error)
}

// HostKeyPolicy says what to do with a host key that known_hosts lacks.
// A changed key is refused under every policy except the insecure one.
type HostKeyPolicy int

const (
	// HostKeyStrict refuses hosts not in known_hosts, as OpenSSH's
	// StrictHostKeyChecking=yes.
	HostKeyStrict HostKeyPolicy = iota

	// HostKeyAcceptNew records an unknown host's key in the first
	// known_hosts file and connects, but refuses a changed key, as
	// OpenSSH's StrictHostKeyChecking=accept-new.
	HostKeyAcceptNew

	// InsecureIgnoreHostKey accepts any host key without checking or
	// recording it. It makes a man-in-the-middle invisible; use it only
	// against throwaway test servers.
	InsecureIgnoreHostKey
)

// String returns the name as it is written in messages.
func (p HostKeyPolicy) String() string {
	switch p {
	case HostKeyStrict:
		return "strict"
	case HostKeyAcceptNew:
		return "accept-new"
	case InsecureIgnoreHostKey:
		return "insecure-ignore"
	}
	return "HostKeyPolicy(" + strconv.Itoa(int(p)) + ")"
}

// settings is a Config with its defaults applied and the login user
// resolved.
type settings struct {
	*Config
	addr              string // host:port, as dialed and as known_hosts sees it
	user              string
	knownHosts        []string
	connectTimeout    time.Duration
	keepaliveInterval time.Duration
	keepaliveCount    int
}

func (c *Config) settings() (*settings, error) {
	if c.Host == "" {
		return nil, errors.New("sshclient: no host given")
	}
	port := c.Port
	if port == 0 {
		port = DefaultPort
	}
	if port < 0 || port > 65535 {
		return nil, fmt.Errorf("sshclient: port %d is out of range", c.Port)
	}
	s := &settings{
		Config:         c,
		addr:           net.JoinHostPort(c.Host, strconv.Itoa(port)),
		connectTimeout: c.ConnectTimeout,
	}
	if s.connectTimeout == 0 {
		s.connectTimeout = DefaultConnectTimeout
	}
	var err error
	if s.user, err = c.loginUser(); err != nil {
		return nil, err
	}
	s.knownHosts = c.KnownHostsFiles
	if s.knownHosts == nil && c.HostKeyPolicy != InsecureIgnoreHostKey {
		file, err := DefaultKnownHostsFile()
		if err != nil {
			return nil, err
		}
		s.knownHosts = []string{file}
	}
	s.keepaliveInterval, s.keepaliveCount = c.KeepaliveInterval, c.KeepaliveCount
	if s.keepaliveInterval == 0 {
		s.keepaliveInterval = DefaultKeepaliveInterval
	}
	if s.keepaliveCount <= 0 {
		s.keepaliveCount = DefaultKeepaliveCount
	}
	return s, nil
}

// loginUser applies the rule that an explicit user wins over the OS table.
func (c *Config) loginUser() (string, error) {
	if c.User != "" {
		return c.User, nil
	}
	if c.OS == "" {
		return "", errors.New("sshclient: no login user: set the user, or the OS to look it up in the user table")
	}
	table := c.Users
	if table == nil {
		table = DefaultUsers()
	}
	return table.Lookup(c.OS)
}
