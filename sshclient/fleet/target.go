package fleet

import (
	"errors"
	"fmt"
	"net"
	"strconv"

	"github.com/cloudkeypair/keypair/firewall"
	"github.com/cloudkeypair/keypair/sshclient"
	"golang.org/x/crypto/ssh"
)

// Target is one server to act on: its name, and how to log in to it.
type Target struct {
	Name string

	// Server is the cloud file's entry, or nil for a target built in code.
	Server *firewall.Server

	// Host and Port are what is dialled; Port 0 means 22.
	Host string
	Port int

	// User is the login user, and OS the server's OS, which gives the user
	// when User is empty ([sshclient.Config] applies that rule).
	User string
	OS   string

	// KeyFile is the private key file to log in with.
	KeyFile string

	// Signer, if set, is logged in with instead of KeyFile's key: a key the
	// caller holds already (a rotation resuming on a server whose old key
	// is gone logs in with the new one).
	Signer ssh.Signer
}

// Addr returns host:port as dialled.
func (t *Target) Addr() string {
	port := t.Port
	if port == 0 {
		port = sshclient.DefaultPort
	}
	return net.JoinHostPort(t.Host, strconv.Itoa(port))
}

// LoginUser returns the user the target logs in as, from User or from the
// user table by OS (users nil means [sshclient.DefaultUsers]).
func (t *Target) LoginUser(users *sshclient.UserTable) (string, error) {
	if t.User != "" {
		return t.User, nil
	}
	if t.OS == "" {
		return "", fmt.Errorf("fleet: server %q: no login user: the cloud file gives neither its os nor a user", t.Name)
	}
	if users == nil {
		users = sshclient.DefaultUsers()
	}
	u, err := users.Lookup(t.OS)
	if err != nil {
		return "", fmt.Errorf("fleet: server %q: %w", t.Name, err)
	}
	return u, nil
}

// KeyOptions says where the servers' private keys are, and what overrides
// the cloud file.
type KeyOptions struct {
	// Dir is the folder to find KEYPAIR.pem or KEYPAIR.ppk in (keyconv's
	// --keys). If empty, the cloud file's keys setting, else its folder
	// and then WorkDir.
	Dir string

	// WorkDir is the current folder, looked in last. If empty, ".".
	WorkDir string

	// KeyFile, if set, is used for every server instead (keyconv's -i).
	KeyFile string

	// User, if set, is the login user for every server (keyconv's -l).
	User string

	// Port, if set, is dialled on every server (keyconv's -p).
	Port int

	// Private dials the servers' private addresses instead of the public
	// ones.
	Private bool
}

// Targets selects servers of cfg and says how to log in to each: the
// address, port and user from the file (user: over the OS table), the key
// as the package doc says, and opts's overrides on top. It fails, naming
// the server, when one of them has no address or no key; nothing is dialled.
func Targets(cfg *firewall.Config, sel Selection, opts KeyOptions) ([]Target, error) {
	servers, err := Select(cfg, sel)
	if err != nil {
		return nil, err
	}
	keys := newKeyFinder(cfg, opts)
	var targets []Target
	var errs []error
	for _, s := range servers {
		t, err := target(s, keys, opts)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		targets = append(targets, t)
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return targets, nil
}

func target(s *firewall.Server, keys *keyFinder, opts KeyOptions) (Target, error) {
	t := Target{Name: s.Name, Server: s, Port: s.Port, User: s.User, OS: s.OS}
	addr, which := s.PublicIP, "public_ip"
	if opts.Private {
		addr, which = s.PrivateIP, "private_ip"
	}
	if !addr.IsValid() {
		return Target{}, fmt.Errorf("fleet: server %q has no %s in the cloud file", s.Name, which)
	}
	t.Host = addr.String()
	if opts.Port != 0 {
		t.Port = opts.Port
	}
	if opts.User != "" {
		t.User = opts.User
	}
	if opts.KeyFile != "" {
		t.KeyFile = opts.KeyFile
		return t, nil
	}
	var err error
	if t.KeyFile, err = keys.find(s); err != nil {
		return Target{}, err
	}
	return t, nil
}
