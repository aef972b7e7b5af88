package audit

import (
	"slices"

	"github.com/cloudkeypair/keypair/keyconv"
	"golang.org/x/crypto/ssh"
)

// sshd judges sshd's effective configuration for a login with key.
func (c *checker) sshd(key *keyconv.PublicKey) {
	s := c.f.SSHD
	if s.Err != "" {
		c.add(Finding{Kind: SSHDUnknown, Severity: Advice, Detail: s.Err})
		return
	}
	if !s.PubkeyAuth {
		c.add(Finding{Kind: PubkeyAuthOff, Severity: Refused})
	}
	if !s.StrictModes {
		c.add(Finding{Kind: StrictModesOff, Severity: Advice})
	}
	if key == nil || s.Algorithms == nil {
		return
	}
	algs := keyAlgorithms(key.Algorithm)
	if !slices.ContainsFunc(algs, func(a string) bool { return slices.Contains(s.Algorithms, a) }) {
		c.add(Finding{Kind: AlgorithmRefused, Severity: Refused, KeyType: key.Algorithm, Algorithms: s.Algorithms})
		return
	}
	if key.Algorithm != ssh.KeyAlgoRSA {
		return
	}
	sha2 := slices.Contains(s.Algorithms, ssh.KeyAlgoRSASHA256) || slices.Contains(s.Algorithms, ssh.KeyAlgoRSASHA512)
	switch {
	case !sha2:
		c.add(Finding{Kind: SHA1Only, Severity: Refused, KeyType: key.Algorithm, Algorithms: s.Algorithms})
	case !slices.Contains(s.Algorithms, ssh.KeyAlgoRSA):
		c.add(Finding{Kind: NoSHA1, Severity: Advice, KeyType: key.Algorithm, Algorithms: s.Algorithms})
	}
}

// keyAlgorithms are the signature algorithms a key of type keyType signs
// with, as PubkeyAcceptedAlgorithms names them.
func keyAlgorithms(keyType string) []string {
	if keyType == ssh.KeyAlgoRSA {
		return []string{ssh.KeyAlgoRSASHA512, ssh.KeyAlgoRSASHA256, ssh.KeyAlgoRSA}
	}
	return []string{keyType}
}
