package sshclient

import (
	"errors"
	"fmt"
	"maps"
	"net"
	"os"
	"slices"
	"sync"

	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/knownhosts"
)

// hostKeyChecker checks the server's host key against known_hosts under a
// policy, and remembers what it saw for the Client to report.
type hostKeyChecker struct {
	policy   HostKeyPolicy
	files    []string
	hostname string // host:port as dialed
	db       ssh.HostKeyCallback
	// authorities are the @cert-authority lines of the files.
	authorities map[knownHostsLine]bool
	writer      *KnownHostsWriter

	mu         sync.Mutex
	key        ssh.PublicKey // the key the server presented
	recordedIn string        // the file accept-new wrote it to
	err        error         // why the key was refused
}

func newHostKeyChecker(s *settings) (*hostKeyChecker, error) {
	h := &hostKeyChecker{policy: s.HostKeyPolicy, files: s.knownHosts, hostname: s.addr, writer: s.KnownHostsWriter}
	switch s.HostKeyPolicy {
	case HostKeyStrict, HostKeyAcceptNew:
	case InsecureIgnoreHostKey:
		return h, nil
	default:
		return nil, fmt.Errorf("sshclient: unknown host key policy %d", int(s.HostKeyPolicy))
	}
	var existing []string
	h.authorities = map[knownHostsLine]bool{}
	for _, f := range h.files {
		_, err := os.Stat(f)
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("sshclient: reading known_hosts: %w", err)
		}
		authorities, err := scanKnownHosts(f)
		if err != nil {
			return nil, err
		}
		maps.Copy(h.authorities, authorities)
		existing = append(existing, f)
	}
	db, err := knownhosts.New(existing...)
	if err != nil {
		return nil, fmt.Errorf("sshclient: reading known_hosts: %w", err)
	}
	h.db = db
	return h, nil
}

// check is the ssh.HostKeyCallback.
func (h *hostKeyChecker) check(hostname string, remote net.Addr, key ssh.PublicKey) error {
	recordedIn, err := h.verdict(hostname, remote, key)
	h.mu.Lock()
	defer h.mu.Unlock()
	h.key, h.recordedIn, h.err = key, recordedIn, err
	return err
}

// verdict decides on the key, returning the file it was recorded in when
// accept-new recorded it.
func (h *hostKeyChecker) verdict(hostname string, remote net.Addr, key ssh.PublicKey) (string, error) {
	if h.policy == InsecureIgnoreHostKey {
		return "", nil
	}
	err := h.db(hostname, remote, key)
	if err == nil {
		return "", nil
	}
	host := knownhosts.Normalize(hostname)
	var keyErr *knownhosts.KeyError
	var revoked *knownhosts.RevokedError
	switch {
	case errors.As(err, &keyErr) && len(h.hostKeys(keyErr.Want)) > 0:
		changed := &HostKeyChangedError{Host: host, Key: key, Fingerprint: ssh.FingerprintSHA256(key)}
		for _, k := range h.hostKeys(keyErr.Want) {
			changed.Known = append(changed.Known, KnownKey{
				Fingerprint: ssh.FingerprintSHA256(k.Key), Type: k.Key.Type(), File: k.Filename, Line: k.Line,
			})
		}
		return "", changed
	case errors.As(err, &keyErr):
		if h.policy == HostKeyAcceptNew {
			return h.record(host, key)
		}
		return "", &UnknownHostKeyError{Host: host, Key: key, Fingerprint: ssh.FingerprintSHA256(key), Files: h.files}
	case errors.As(err, &revoked):
		return "", fmt.Errorf("sshclient: host key %s for %s is marked @revoked in %s:%d", ssh.FingerprintSHA256(key), host, revoked.Revoked.Filename, revoked.Revoked.Line)
	}
	return "", fmt.Errorf("sshclient: checking host key: %w", err)
}

// record adds the host's key to the first known_hosts file, or hands it to
// the run's KnownHostsWriter, returning the file.
func (h *hostKeyChecker) record(host string, key ssh.PublicKey) (string, error) {
	if h.writer != nil {
		return h.writer.file, h.writer.record(host, key)
	}
	if len(h.files) == 0 {
		return "", errors.New("sshclient: no known_hosts file to record the new host key in")
	}
	line := knownhosts.Line([]string{host}, key) + "\n"
	if err := appendLine(h.files[0], []byte(line)); err != nil {
		return "", fmt.Errorf("sshclient: recording the host key of %s: %w", host, err)
	}
	return h.files[0], nil
}

// hostKeys drops the @cert-authority entries from x/crypto's list of what
// known_hosts holds for a host: a host named only by an authority's line
// is unknown, not changed, when it presents a plain key, as in OpenSSH.
func (h *hostKeyChecker) hostKeys(entries []knownhosts.KnownKey) []knownhosts.KnownKey {
	return slices.DeleteFunc(slices.Clone(entries), func(k knownhosts.KnownKey) bool {
		return h.authorities[knownHostsLine{k.Filename, k.Line}]
	})
}

// certHostKeyAlgorithms are asked for first when a @cert-authority line
// names the host, in OpenSSH's order, so that a host with a certificate
// presents it.
var certHostKeyAlgorithms = []string{
	ssh.CertAlgoED25519v01,
	ssh.CertAlgoECDSA256v01, ssh.CertAlgoECDSA384v01, ssh.CertAlgoECDSA521v01,
	ssh.CertAlgoRSASHA512v01, ssh.CertAlgoRSASHA256v01,
}

// preferredHostKeyAlgorithms is the order to ask for host keys in when
// known_hosts says nothing about the host: OpenSSH's, Ed25519 first.
var preferredHostKeyAlgorithms = []string{
	ssh.KeyAlgoED25519,
	ssh.KeyAlgoECDSA256, ssh.KeyAlgoECDSA384, ssh.KeyAlgoECDSA521,
	ssh.KeyAlgoRSASHA512, ssh.KeyAlgoRSASHA256,
}

// algorithms orders the host key algorithms so that those of the keys
// known_hosts holds for the host come first. The server presents the first
// one it has, so a host recorded by its Ed25519 key is not refused as
// "changed" because the client asked for ECDSA first (x/crypto's default
// order, and a classic cause of failed logins). When a @cert-authority line
// names the host, the certificate types come before all of them, as in
// OpenSSH: a host with a certificate then presents it, and x/crypto's
// CertChecker (inside knownhosts) checks it against the authority.
func (h *hostKeyChecker) algorithms() []string {
	entries := h.knownKeys()
	var certs []string
	if len(h.hostKeys(entries)) < len(entries) {
		certs = certHostKeyAlgorithms
	}
	known := map[string]bool{}
	for _, k := range h.hostKeys(entries) {
		switch t := k.Key.Type(); t {
		case ssh.KeyAlgoRSA:
			known[ssh.KeyAlgoRSASHA512] = true
			known[ssh.KeyAlgoRSASHA256] = true
		default:
			known[t] = true
		}
	}
	first := slices.DeleteFunc(slices.Clone(preferredHostKeyAlgorithms), func(a string) bool { return !known[a] })
	rest := slices.DeleteFunc(slices.Clone(preferredHostKeyAlgorithms), func(a string) bool { return known[a] })
	return slices.Concat(certs, first, rest)
}

// knownKeys lists the known_hosts entries for the host. x/crypto's
// knownhosts has no lookup, but checking a key that cannot be in any file
// fails with a KeyError whose Want lists every entry for the host.
func (h *hostKeyChecker) knownKeys() []knownhosts.KnownKey {
	if h.db == nil {
		return nil
	}
	err := h.db(h.hostname, &net.TCPAddr{IP: net.IPv4zero}, probeKey{})
	var keyErr *knownhosts.KeyError
	if errors.As(err, &keyErr) {
		return keyErr.Want
	}
	return nil
}

// probeKey is a public key no known_hosts file can hold.
type probeKey struct{}

func (probeKey) Type() string    { return "sshclient-probe" }
func (probeKey) Marshal() []byte { return []byte("\x00\x00\x00\x0fsshclient-probe") }
func (probeKey) Verify([]byte, *ssh.Signature) error {
	return errors.New("sshclient: probe key verifies nothing")
}

// failure returns why the host key was refused, or nil.
func (h *hostKeyChecker) failure() error {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.err
}

// presented returns the host key the server presented, and the file
// accept-new recorded it in ("" if it was already known).
func (h *hostKeyChecker) presented() (ssh.PublicKey, string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.key, h.recordedIn
}
