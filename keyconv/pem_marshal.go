package keyconv

import (
	"crypto"
	//lint:ignore SA1019 DSA keys are part of the formats keyconv reads and writes (see key.go)
	"crypto/dsa"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"encoding/pem"
	"fmt"
	"io"
	"math/big"

	"github.com/cloudflare/circl/sign/ed448"
)

// PEMFormat chooses the file format [MarshalPrivateKey] writes. Its values
// are the names the keyconv CLI's --format flag takes.
type PEMFormat string

// The formats MarshalPrivateKey writes.
const (
	// PEMTraditional is what puttygen's "-O private-openssh" writes: each key
	// type in its traditional OpenSSL PEM form (PKCS#1 RSA PRIVATE KEY,
	// OpenSSL DSA PRIVATE KEY, SEC1 EC PRIVATE KEY), except Ed25519, which
	// has none and is written in OpenSSH's format. Encrypted, the PEM forms
	// use legacy "Proc-Type: 4,ENCRYPTED" DES-EDE3-CBC, as puttygen does.
	PEMTraditional PEMFormat = "pem"

	// PEMOpenSSH is OpenSSH's own format ("OPENSSH PRIVATE KEY", what
	// ssh-keygen writes by default and puttygen's "-O private-openssh-new"),
	// for every key type. It keeps the key's comment. Encrypted, it uses
	// aes256-ctr with bcrypt_pbkdf at 16 rounds, as puttygen and ssh-keygen do.
	PEMOpenSSH PEMFormat = "openssh"
)

// PEMOptions controls [MarshalPrivateKey]. The zero value writes an
// unencrypted key in PEMTraditional format.
type PEMOptions struct {
	// Format is the file format; empty means PEMTraditional.
	Format PEMFormat

	// Passphrase encrypts the key when non-empty.
	Passphrase []byte

	// randReader supplies the random bytes of the output: the OpenSSH
	// format's check word (4 bytes, read first) and, when encrypting, its
	// bcrypt salt (16 bytes) or the legacy PEM IV (8 bytes). Nil means
	// crypto/rand. Only the package's tests set it, to reproduce another
	// tool's output byte for byte; callers always get crypto/rand.
	randReader io.Reader
}

// MarshalPrivateKey writes k's private key as puttygen 0.78's
// "-O private-openssh" (opts.Format PEMTraditional) or
// "-O private-openssh-new" (PEMOpenSSH) does, byte for byte where those are
// deterministic. RSA primes are written with p > q whatever order k holds
// them in, as puttygen writes them. ECDSA keys in PEMTraditional format get
// the fixed-length scalar of OpenSSL and ssh-keygen rather than puttygen's
// shortened one, so a key read from an OpenSSL file is written back
// unchanged.
//
// The comment is kept only by the OpenSSH format; the PEM forms have no
// place for it.
func MarshalPrivateKey(k *Key, opts PEMOptions) ([]byte, error) {
	if k == nil || k.PrivateKey == nil {
		return nil, errUnsupportedf("no private key to write")
	}
	if err := checkKeyFields(k.PrivateKey); err != nil {
		return nil, err
	}
	rnd := opts.randReader
	if rnd == nil {
		rnd = rand.Reader
	}
	switch opts.Format {
	case PEMOpenSSH:
		return marshalOpenSSH(k, opts.Passphrase, rnd)
	case PEMTraditional, "":
	default:
		return nil, errUnsupportedf("private key format %q (want %q or %q)", truncateForMessage(string(opts.Format)), PEMTraditional, PEMOpenSSH)
	}

	var typ string
	var der []byte
	var err error
	switch priv := k.PrivateKey.(type) {
	case *rsa.PrivateKey:
		typ = pemTypeRSA
		der, err = marshalPKCS1(priv)
	case *dsa.PrivateKey:
		typ = pemTypeDSA
		der, err = marshalOpenSSLDSA(priv)
	case *ecdsa.PrivateKey:
		typ = pemTypeEC
		der, err = marshalSEC1(priv)
	case ed25519.PrivateKey, ed448.PrivateKey:
		return marshalOpenSSH(k, opts.Passphrase, rnd)
	default:
		return nil, errUnsupportedf("key type %T", k.PrivateKey)
	}
	if err != nil {
		return nil, err
	}
	block := &pem.Block{Type: typ, Bytes: der}
	if len(opts.Passphrase) > 0 {
		if block, err = encryptLegacyPEM(typ, der, opts.Passphrase, rnd); err != nil {
			return nil, err
		}
	}
	return pem.EncodeToMemory(block), nil
}

// checkKeyFields refuses a hand-built key with missing or impossible
// parts, which the writers would otherwise trip over. Keys keyconv read
// always pass.
func checkKeyFields(priv crypto.PrivateKey) error {
	positive := func(vs ...*big.Int) bool {
		for _, v := range vs {
			if v == nil || v.Cmp(bigOne) <= 0 {
				return false
			}
		}
		return true
	}
	ok := true
	switch k := priv.(type) {
	case *rsa.PrivateKey:
		if len(k.Primes) != 2 {
			return errUnsupportedf("RSA keys with %d primes", len(k.Primes))
		}
		ok = positive(k.N, k.D, k.Primes[0], k.Primes[1]) && k.E > 1
	case *dsa.PrivateKey:
		ok = positive(k.P, k.Q, k.G, k.Y, k.X)
	case *ecdsa.PrivateKey:
		// Bytes checks the scalar against the curve and the public point,
		// but dereferences the fields it reads, so a missing one is
		// refused first.
		//lint:ignore SA1019 D is only tested for nil here; its value is read through Bytes
		ok = k.Curve != nil && k.D != nil && k.X != nil && k.Y != nil
		if ok {
			_, err := k.Bytes()
			ok = err == nil
		}
	case ed25519.PrivateKey:
		ok = len(k) == ed25519.PrivateKeySize
	}
	if !ok {
		return errMalformedf("%T has missing or out-of-range fields", priv)
	}
	return nil
}

func errRandom(err error) error {
	return fmt.Errorf("keyconv: reading random bytes: %w", err)
}
