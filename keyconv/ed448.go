package keyconv

import (
	"crypto/subtle"

	"github.com/cloudflare/circl/sign/ed448"
)

// Ed448 keys (RFC 8032) are what puttygen 0.78 names ssh-ed448: it reads
// and writes them in PPK files, OpenSSH's private key format and the public
// key texts, though OpenSSH itself has no Ed448 and its servers refuse such
// keys. Their wire forms mirror Ed25519's, with 57-byte seeds and public
// keys: the public blob is the algorithm and a string of the public key; a
// PPK private blob is a string of the seed; OpenSSH's private section holds
// the public key and then seed || public key. x/crypto has no Ed448, so
// the arithmetic is circl's.

// keyAlgoEd448 is the SSH algorithm name puttygen gives Ed448 keys.
const keyAlgoEd448 = "ssh-ed448"

// errEd448NoLogin is why an Ed448 key cannot log in anywhere keyconv's SSH
// client goes.
const errEd448NoLogin = "ssh-ed448 keys cannot log in: OpenSSH servers do not accept Ed448 keys; use an Ed25519, ECDSA or RSA key"

// newEd448Key builds an Ed448 key from its 57-byte seed and, when the
// format stores one, checks the stored public key against it.
func newEd448Key(seed, pub []byte) (ed448.PrivateKey, error) {
	if len(seed) != ed448.SeedSize {
		return nil, errMalformedf("Ed448 private key is %d bytes, want %d", len(seed), ed448.SeedSize)
	}
	key := ed448.NewKeyFromSeed(seed)
	if pub != nil && subtle.ConstantTimeCompare(key[ed448.SeedSize:], pub) != 1 {
		return nil, errMalformedf("Ed448 public key does not match the private key")
	}
	return key, nil
}

// checkEd448Key refuses an Ed448 key built by hand with the wrong length,
// which circl would otherwise panic over.
func checkEd448Key(k ed448.PrivateKey) error {
	if len(k) != ed448.PrivateKeySize {
		return errMalformedf("Ed448 private key is %d bytes, want %d", len(k), ed448.PrivateKeySize)
	}
	return nil
}

// ed448PublicBlob is the key's public blob: the algorithm and the public
// key as strings.
func ed448PublicBlob(k ed448.PrivateKey) ([]byte, error) {
	if err := checkEd448Key(k); err != nil {
		return nil, err
	}
	return appendBytes(appendString(nil, keyAlgoEd448), k[ed448.SeedSize:]), nil
}

// ed448PPKPrivateBlob is the private blob of a PPK file: the seed as a
// string.
func ed448PPKPrivateBlob(k ed448.PrivateKey) ([]byte, error) {
	if err := checkEd448Key(k); err != nil {
		return nil, err
	}
	return appendBytes(nil, k.Seed()), nil
}

// ed448FromPPKBlobs reads the public key left in pr and the seed in sr.
func ed448FromPPKBlobs(pr, sr *wireReader) (ed448.PrivateKey, error) {
	pub := pr.bytes()
	seed := sr.bytes()
	if err := firstErr(pr.done(), sr.err); err != nil {
		return nil, err
	}
	return newEd448Key(seed, pub)
}

// readOpenSSHEd448 reads the private fields of an Ed448 key in OpenSSH's
// format, as puttygen writes them: the public key, then seed || public key.
func readOpenSSHEd448(r *wireReader) (ed448.PrivateKey, error) {
	pub, both := r.bytes(), r.bytes()
	if r.err != nil {
		return nil, r.err
	}
	if len(both) != ed448.PrivateKeySize || subtle.ConstantTimeCompare(both[ed448.SeedSize:], pub) != 1 {
		return nil, errMalformedf("OpenSSH Ed448 key is damaged")
	}
	return newEd448Key(both[:ed448.SeedSize], pub)
}

// appendOpenSSHEd448 appends the fields readOpenSSHEd448 reads.
func appendOpenSSHEd448(b []byte, k ed448.PrivateKey) ([]byte, error) {
	if err := checkEd448Key(k); err != nil {
		return nil, err
	}
	b = appendBytes(b, k[ed448.SeedSize:])
	return appendBytes(b, k), nil
}

// checkEd448PublicBlob checks the rest of an ssh-ed448 public blob after
// its algorithm name.
func checkEd448PublicBlob(r *wireReader) error {
	if len(r.bytes()) != ed448.PublicKeySize && r.err == nil {
		return errMalformedf("bad ssh-ed448 public key length")
	}
	return nil
}
