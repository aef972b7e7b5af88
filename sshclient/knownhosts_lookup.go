package sshclient

import (
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"

	"golang.org/x/crypto/ssh"
)

// DefaultKnownHostsFile returns OpenSSH's per-user known_hosts file,
// ~/.ssh/known_hosts: where [Config] checks and records host keys when
// KnownHostsFiles is empty, and so where keyconv's --accept-new writes.
func DefaultKnownHostsFile() (string, error) {
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("sshclient: finding the default known_hosts file: %w", err)
	}
	return filepath.Join(home, ".ssh", "known_hosts"), nil
}

// KnownHostKeys returns the host keys files hold for host on port (0
// means 22), in the files' order, as a strict login would accept them:
// plain and hashed names, [host]:port for another port. @cert-authority
// lines are left out (they name an authority, not the host's key), and a
// file that does not exist holds no keys. An empty result means the host
// is unknown.
func KnownHostKeys(files []string, host string, port int) ([]ssh.PublicKey, error) {
	if port == 0 {
		port = DefaultPort
	}
	h, err := newHostKeyChecker(&settings{
		Config:     &Config{HostKeyPolicy: HostKeyStrict},
		addr:       net.JoinHostPort(host, strconv.Itoa(port)),
		knownHosts: files,
	})
	if err != nil {
		return nil, err
	}
	var keys []ssh.PublicKey
	for _, k := range h.hostKeys(h.knownKeys()) {
		keys = append(keys, k.Key)
	}
	return keys, nil
}
