package doctor

import (
	"context"
	"net"
	"net/http"
	"net/netip"
	"time"

	"github.com/cloudkeypair/keypair/keyconv"
	"github.com/cloudkeypair/keypair/sshclient"
)

// DefaultConnectTimeout bounds each network check when
// Options.ConnectTimeout is zero: shorter than ssh's default, since a
// firewall that drops packets is the commonest cause and waiting longer
// tells nothing more.
const DefaultConnectTimeout = 10 * time.Second

// DefaultEchoURL is the HTTP service that answers with the caller's public
// address as plain text, for Options.DetectSource.
const DefaultEchoURL = "https://checkip.amazonaws.com/"

// Options say what to check. Every field may be left empty: the checks that
// need it are then skipped or fail with a note on what to give.
type Options struct {
	// KeyFile is the private key file (-i). If empty and Keypair is known,
	// KEYPAIR.pem, then KEYPAIR.ppk, in the current directory is used.
	KeyFile string

	// Keypair is the keypair's name (--keypair), for the name check.
	Keypair string

	// OS picks the login user (--os); User (-l) wins over it.
	OS   string
	User string

	// Users is the OS user table; nil means sshclient.DefaultUsers.
	Users *sshclient.UserTable

	// Host and Port are the server's address; Port 0 means 22.
	Host string
	Port int

	// FirewallFile is the firewall file (-c) and Server the server's
	// name in it (--server). The server's entry fills in Host (its public
	// IP), OS and Keypair when they are empty.
	FirewallFile string
	Server       string

	// Source is the address the firewall check admits or not (--from).
	// With DetectSource it is asked from EchoURL (DefaultEchoURL if
	// empty) through HTTPClient (http.DefaultClient if nil).
	Source       netip.Addr
	DetectSource bool
	EchoURL      string
	HTTPClient   *http.Client

	// KnownHostsFiles are the known_hosts files (nil: ~/.ssh/known_hosts);
	// AcceptNew records a host key seen for the first time.
	KnownHostsFiles []string
	AcceptNew       bool

	// ConnectTimeout bounds each network check; zero means
	// DefaultConnectTimeout.
	ConnectTimeout time.Duration

	// Passphrase is called once if the key is encrypted.
	Passphrase keyconv.PassphraseFunc

	// DialContext opens the TCP connection; nil means a net.Dialer.
	DialContext func(ctx context.Context, network, addr string) (net.Conn, error)
}
