package clientconf

import (
	"errors"
	"fmt"
	"strings"

	"golang.org/x/crypto/ssh"

	"github.com/cloudkeypair/keypair/keyconv"
)

// The checks and host-key texts PuTTY, WinSCP and FileZilla share: all
// three read a .ppk, and none of their files can hold a control character
// in a value (a newline would end the value and start another setting).

// ErrNoPPK is wrapped by the [HostError] a PuTTY, WinSCP or FileZilla
// writer returns for a [Host] whose PPKFile is empty: those clients read
// only PuTTY's key format.
var ErrNoPPK = errors.New("no .ppk key file")

// HostError is a Host a writer cannot write, with the reason.
type HostError struct {
	Host string // the Host's Name
	Err  error
}

func (e *HostError) Error() string {
	return fmt.Sprintf("clientconf: server %s: %v", e.Host, e.Err)
}

// Unwrap returns the reason, such as [ErrNoPPK].
func (e *HostError) Unwrap() error { return e.Err }

// checkPPKHost returns a [*HostError] when h lacks what a PPK client needs
// or has a field its files cannot hold.
func checkPPKHost(h *Host) error {
	fields := []struct{ name, value string }{
		{"name", h.Name}, {"address", h.Address}, {"user", h.User}, {"key file", h.PPKFile},
	}
	for _, f := range fields {
		if f.value == "" {
			if f.name == "key file" {
				return &HostError{Host: h.Name, Err: ErrNoPPK}
			}
			return &HostError{Host: h.Name, Err: fmt.Errorf("no %s", f.name)}
		}
		if strings.ContainsFunc(f.value, isControl) {
			return &HostError{Host: h.Name, Err: fmt.Errorf("%s %q holds a control character", f.name, f.value)}
		}
	}
	if p := h.PortOrDefault(); p < 1 || p > 65535 {
		return &HostError{Host: h.Name, Err: fmt.Errorf("port %d out of range", p)}
	}
	return nil
}

func isControl(r rune) bool { return r < 0x20 || r == 0x7f }

// winSCPFingerprint returns key's fingerprint as WinSCP prints and
// compares it: algorithm, bits, and the SHA-256 hash in unpadded base64
// without the "SHA256:" prefix ("ssh-ed25519 255 Ql0L..."). WinSCP's
// SameChecksum compares the hash text as it is, so the prefix that
// PuTTY's and OpenSSH's fingerprints carry would never match.
func winSCPFingerprint(key ssh.PublicKey) (string, error) {
	pub, err := keyconv.ParsePublicKeyBlob(key.Marshal())
	if err != nil {
		return "", err
	}
	return strings.Replace(pub.FingerprintLine(keyconv.SHA256), " SHA256:", " ", 1), nil
}
