package keyconv

import (
	"crypto"
	// PuTTY and old servers still use ssh-dss keys, and keyconv converts them.
	//lint:ignore SA1019 DSA keys are part of the formats keyconv reads and writes
	"crypto/dsa"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rsa"
	"fmt"
	"sync"

	"github.com/cloudflare/circl/sign/ed448"
	"golang.org/x/crypto/ssh"
)

// Key is a private key together with the comment PuTTY and OpenSSH keep
// beside it, and a note of where it came from.
type Key struct {
	// PrivateKey is one of *rsa.PrivateKey, *dsa.PrivateKey,
	// *ecdsa.PrivateKey (P-256, P-384 or P-521), ed25519.PrivateKey or
	// circl's ed448.PrivateKey (github.com/cloudflare/circl/sign/ed448).
	//
	// Keys read by keyconv hold RSA primes as PuTTY does: Primes[0] is p,
	// the larger, Primes[1] is q, and Precomputed.Qinv is iqmp = q^-1 mod p.
	// D is kept exactly as the file gave it.
	PrivateKey crypto.PrivateKey

	// Comment is the key's comment. Formats that carry none (the PEM family)
	// get "imported-openssh-key", as puttygen gives them.
	Comment string

	// Source describes the file the key was read from. It is the zero value
	// for keys built in code.
	Source Source
}

// keyAlgoDSA is ssh-dss, the name x/crypto deprecates along with DSA;
// PuTTY and old servers still use such keys, so keyconv keeps its own name
// for the algorithm.
const keyAlgoDSA = "ssh-dss"

// DefaultComment is the comment puttygen gives keys read from formats that
// carry none.
const DefaultComment = "imported-openssh-key"

// Source describes the file a key was read from.
type Source struct {
	Format    Format // the file's format
	Encrypted bool   // whether the file was encrypted (a passphrase opened it)
	// PPK holds the PPK file's version and key-derivation parameters when
	// Format is FormatPPK, and is nil otherwise.
	PPK *PPKHeader
}

// Format names a key file format.
type Format int

// The private key formats keyconv reads.
const (
	FormatUnknown Format = iota
	FormatPKCS1          // -----BEGIN RSA PRIVATE KEY-----
	FormatDSA            // -----BEGIN DSA PRIVATE KEY----- (OpenSSL's)
	FormatSEC1           // -----BEGIN EC PRIVATE KEY----- (RFC 5915)
	FormatPKCS8          // -----BEGIN PRIVATE KEY----- or ENCRYPTED PRIVATE KEY
	FormatOpenSSH        // -----BEGIN OPENSSH PRIVATE KEY-----
	FormatPPK            // PuTTY-User-Key-File-2 or -3
	FormatSSHCom         // ---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ---- (ssh.com, Tectia)

	// The public key formats, which only [ParsePublicKey] reads.
	FormatOpenSSHPublic // ssh-ed25519 AAAA... comment (a .pub file, puttygen -L)
	FormatRFC4716       // ---- BEGIN SSH2 PUBLIC KEY ---- (puttygen -p, ssh-keygen -e)
)

var formatNames = [...]string{
	FormatUnknown: "unknown",
	FormatPKCS1:   "PKCS#1 PEM",
	FormatDSA:     "OpenSSL DSA PEM",
	FormatSEC1:    "SEC1 PEM",
	FormatPKCS8:   "PKCS#8 PEM",
	FormatOpenSSH: "OpenSSH",
	FormatPPK:     "PuTTY PPK",
	FormatSSHCom:  "ssh.com",

	FormatOpenSSHPublic: "OpenSSH public key",
	FormatRFC4716:       "RFC 4716 public key",
}

// String returns the name as it is written in messages.
func (f Format) String() string {
	if f < 0 || int(f) >= len(formatNames) {
		return fmt.Sprintf("Format(%d)", int(f))
	}
	return formatNames[f]
}

// Algorithm returns the key's SSH algorithm name, such as "ssh-rsa" or
// "ecdsa-sha2-nistp256".
func (k *Key) Algorithm() string {
	switch priv := k.PrivateKey.(type) {
	case *rsa.PrivateKey:
		return ssh.KeyAlgoRSA
	case *dsa.PrivateKey:
		return keyAlgoDSA
	case *ecdsa.PrivateKey:
		if name, ok := ecdsaAlgorithm(priv.Curve); ok {
			return name
		}
	case ed25519.PrivateKey:
		return ssh.KeyAlgoED25519
	case ed448.PrivateKey:
		return keyAlgoEd448
	}
	return ""
}

// Public returns the key's public half, carrying the key's comment. It fails
// only for a Key built by hand around an unsupported type.
func (k *Key) Public() (*PublicKey, error) {
	blob, err := publicBlob(k.PrivateKey)
	if err != nil {
		return nil, err
	}
	pub, err := ParsePublicKeyBlob(blob)
	if err != nil {
		return nil, err
	}
	pub.Comment = k.Comment
	return pub, nil
}

// Signer returns an [ssh.Signer] for the key, for use with
// golang.org/x/crypto/ssh. DSA keys have none: x/crypto no longer signs with
// ssh-dss, and OpenSSH servers refuse it by default. Ed448 keys have none
// either: OpenSSH servers do not accept them at all.
func (k *Key) Signer() (ssh.Signer, error) {
	switch k.PrivateKey.(type) {
	case *dsa.PrivateKey:
		return nil, errUnsupportedf("ssh-dss keys cannot sign SSH logins (OpenSSH disabled DSA in 7.0)")
	case ed448.PrivateKey:
		return nil, errUnsupportedf(errEd448NoLogin)
	}
	s, err := ssh.NewSignerFromKey(k.PrivateKey)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrUnsupported, err)
	}
	return s, nil
}

// ecdsaCurve is an ECDSA curve with its SSH names.
type ecdsaCurve struct {
	curve     elliptic.Curve
	algorithm string
	name      string // the curve's name inside SSH blobs
}

// ecdsaCurves is built on first use: the first elliptic.P256() call sets
// up every NIST curve, which a process that never meets an ECDSA key
// should not pay for at start-up (issue 13).
var ecdsaCurves = sync.OnceValue(func() []ecdsaCurve {
	return []ecdsaCurve{
		{elliptic.P256(), ssh.KeyAlgoECDSA256, "nistp256"},
		{elliptic.P384(), ssh.KeyAlgoECDSA384, "nistp384"},
		{elliptic.P521(), ssh.KeyAlgoECDSA521, "nistp521"},
	}
})

func ecdsaAlgorithm(c elliptic.Curve) (string, bool) {
	for _, e := range ecdsaCurves() {
		if e.curve == c {
			return e.algorithm, true
		}
	}
	return "", false
}

func ecdsaCurveByAlgorithm(algorithm string) (elliptic.Curve, string, bool) {
	for _, e := range ecdsaCurves() {
		if e.algorithm == algorithm {
			return e.curve, e.name, true
		}
	}
	return nil, "", false
}
