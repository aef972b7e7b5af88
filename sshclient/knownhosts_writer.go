package sshclient

import (
	"bytes"
	"fmt"
	"sync"

	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/knownhosts"
)

// KnownHostsWriter records the host keys that [HostKeyAcceptNew] accepts,
// for many Dials at once: one writer for a whole run over many servers.
// Each host is written once however many connections to it accept its key
// at the same moment, each line in one write, never torn; a second,
// different key for a host it has recorded is refused as a
// [*HostKeyChangedError]. Set it as Config.KnownHostsWriter on every
// Config of the run. It is safe for concurrent use.
type KnownHostsWriter struct {
	file string

	mu       sync.Mutex
	recorded map[string][]ssh.PublicKey // host (as known_hosts writes it) -> keys written this run
}

// NewKnownHostsWriter returns a writer that appends to file, creating it
// (mode 0600, its folder 0700) if need be.
func NewKnownHostsWriter(file string) *KnownHostsWriter {
	return &KnownHostsWriter{file: file, recorded: map[string][]ssh.PublicKey{}}
}

// File returns the known_hosts file the writer appends to.
func (w *KnownHostsWriter) File() string { return w.file }

// Recorded returns how many host keys the writer has written.
func (w *KnownHostsWriter) Recorded() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	n := 0
	for _, keys := range w.recorded {
		n += len(keys)
	}
	return n
}

// record writes key for host (normalized: "host" or "[host]:port"), unless
// this writer has already written it. A host this writer has recorded with
// a key of the same type but other bytes is a changed key; a key of another
// type is the host's second key and is recorded, as OpenSSH does.
func (w *KnownHostsWriter) record(host string, key ssh.PublicKey) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, k := range w.recorded[host] {
		if bytes.Equal(k.Marshal(), key.Marshal()) {
			return nil
		}
		if k.Type() == key.Type() {
			return &HostKeyChangedError{Host: host, Key: key, Fingerprint: ssh.FingerprintSHA256(key),
				Known: []KnownKey{{Fingerprint: ssh.FingerprintSHA256(k), Type: k.Type(), File: w.file}}}
		}
	}
	line := knownhosts.Line([]string{host}, key) + "\n"
	if err := appendLine(w.file, []byte(line)); err != nil {
		return fmt.Errorf("sshclient: recording the host key of %s: %w", host, err)
	}
	w.recorded[host] = append(w.recorded[host], key)
	return nil
}
