package keyconv

import (
	"bytes"
	"crypto"
	//lint:ignore SA1019 DSA keys are part of the formats keyconv reads and writes (see key.go)
	"crypto/dsa"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/subtle"
	"math/big"

	"github.com/cloudflare/circl/sign/ed448"
	"golang.org/x/crypto/ssh"
)

// OpenSSH's private key format ("openssh-key-v1", PROTOCOL.key in OpenSSH's
// sources): after the magic, the cipher and KDF names, KDF options, a key
// count, the public key blob in the clear, and the private section, which
// holds two equal random check words, the key, its comment and padding
// 1, 2, 3, ... to the cipher's block size.

const opensshMagic = "openssh-key-v1\x00"

// MaxBcryptRounds is the most bcrypt_pbkdf rounds keyconv runs for an
// encrypted OpenSSH key; [Parse] refuses a file asking for more with
// [ErrUnsupported], before asking for its passphrase. ssh-keygen and
// puttygen write 16, hardening guides ask for "ssh-keygen -a 100" and up
// to -a 1000, and puttygen reads any count, so the cap sits above all of
// them. A round costs about 9 ms, so a hostile file costs about 10 s at
// most, as MaxArgon2Work allows for a PPK file.
const MaxBcryptRounds = 1024

// The key derivations an OpenSSH key file may name.
const (
	opensshKDFNone   = "none"
	opensshKDFBcrypt = "bcrypt"
)

// parseOpenSSH reads the decoded body of an OPENSSH PRIVATE KEY block.
func parseOpenSSH(data []byte, passphrase PassphraseFunc) (*Key, error) {
	rest, ok := bytes.CutPrefix(data, []byte(opensshMagic))
	if !ok {
		return nil, errMalformedf("OPENSSH PRIVATE KEY block does not start with %q", "openssh-key-v1")
	}
	r := wireReader{buf: rest}
	cipherName, kdfName, kdfOptions := r.string(), r.string(), r.bytes()
	count := r.uint32()
	if r.err != nil {
		return nil, r.err
	}
	if count != 1 {
		return nil, errUnsupportedf("OpenSSH files holding %d keys; keyconv reads one", count)
	}
	pubBlob, sealed := r.bytes(), r.bytes()
	if r.err != nil {
		return nil, r.err
	}
	pub, err := ParsePublicKeyBlob(pubBlob)
	if err != nil {
		return nil, err
	}

	var plain []byte
	encrypted := cipherName != opensshCipherNone
	if !encrypted {
		if kdfName != opensshKDFNone || len(kdfOptions) != 0 || len(r.buf) != 0 {
			return nil, errMalformedf("unencrypted OpenSSH key has KDF %q or trailing data", truncateForMessage(kdfName))
		}
		if len(sealed)%opensshPlainBlock != 0 {
			return nil, errMalformedf("OpenSSH key's private section is not a whole number of %d-byte blocks", opensshPlainBlock)
		}
		plain = sealed
	} else if plain, err = decryptOpenSSH(cipherName, kdfName, kdfOptions, sealed, r.buf, pub, passphrase); err != nil {
		return nil, err
	}

	priv, comment, err := parseOpenSSHPrivateSection(plain, pub.Algorithm, encrypted)
	if err != nil {
		return nil, err
	}
	if got, err := publicBlob(priv); err != nil || !bytes.Equal(got, pubBlob) {
		return nil, errMalformedf("OpenSSH key's public and private halves do not match")
	}
	return &Key{PrivateKey: priv, Comment: comment, Source: Source{Format: FormatOpenSSH, Encrypted: encrypted}}, nil
}

// decryptOpenSSH checks the cipher, KDF and their costs, then asks for the
// passphrase and decrypts. tag is what follows the encrypted section: an
// AEAD cipher's tag, or nothing.
func decryptOpenSSH(cipherName, kdfName string, kdfOptions, sealed, tag []byte, pub *PublicKey, passphrase PassphraseFunc) ([]byte, error) {
	c, err := opensshCipherByName(cipherName)
	if err != nil {
		return nil, err
	}
	if kdfName != opensshKDFBcrypt {
		return nil, errUnsupportedf("OpenSSH key derivation %q", truncateForMessage(kdfName))
	}
	opts := wireReader{buf: kdfOptions}
	salt, rounds := opts.bytes(), opts.uint32()
	if err := opts.done(); err != nil {
		return nil, errMalformedf("OpenSSH key has bad bcrypt options")
	}
	if len(salt) == 0 || rounds == 0 {
		return nil, errMalformedf("OpenSSH key has an empty bcrypt salt or zero rounds")
	}
	if rounds > MaxBcryptRounds {
		return nil, errUnsupportedf("OpenSSH key asks for %d bcrypt rounds (the limit is %d)", rounds, MaxBcryptRounds)
	}
	if len(tag) != c.tagSize {
		return nil, errMalformedf("OpenSSH key has %d bytes after the encrypted section, want %d", len(tag), c.tagSize)
	}
	if len(sealed) == 0 || len(sealed)%c.blockSize != 0 {
		return nil, errMalformedf("OpenSSH key's encrypted section is not a whole number of %s blocks", c.name)
	}
	pass, err := passphraseFor(passphrase, pub)
	if err != nil {
		return nil, err
	}
	if len(pass) == 0 {
		// bcrypt_pbkdf refuses an empty passphrase; ssh-keygen writes such
		// keys unencrypted.
		return nil, ErrWrongPassphrase
	}
	keyIV, err := bcryptPBKDF(pass, salt, int(rounds), c.keySize+c.ivSize)
	if err != nil {
		return nil, err
	}
	return c.decrypt(keyIV[:c.keySize], keyIV[c.keySize:], sealed, tag)
}

// parseOpenSSHPrivateSection reads the (decrypted) private section of a key
// whose public blob names algorithm, returning the key and its comment.
func parseOpenSSHPrivateSection(plain []byte, algorithm string, encrypted bool) (crypto.PrivateKey, string, error) {
	r := wireReader{buf: plain}
	check1, check2 := r.uint32(), r.uint32()
	if r.err != nil {
		return nil, "", r.err
	}
	if subtle.ConstantTimeEq(int32(check1), int32(check2)) != 1 {
		if encrypted {
			return nil, "", ErrWrongPassphrase
		}
		return nil, "", errMalformedf("OpenSSH key's check words differ: the file is damaged")
	}
	if got := r.string(); r.err == nil && got != algorithm {
		return nil, "", errMalformedf("OpenSSH key's private half is %q but its public half %q", truncateForMessage(got), algorithm)
	}
	priv, err := readOpenSSHPrivateKey(&r, algorithm)
	if err != nil {
		return nil, "", err
	}
	comment := r.string()
	if r.err != nil {
		return nil, "", r.err
	}
	for i, b := range r.buf {
		if int(b) != i+1 {
			return nil, "", errMalformedf("OpenSSH key has bad padding after its comment")
		}
	}
	return priv, comment, nil
}

// readOpenSSHPrivateKey reads the fields of one key type, as OpenSSH's
// sshkey_private_serialize writes them.
func readOpenSSHPrivateKey(r *wireReader, algorithm string) (crypto.PrivateKey, error) {
	switch algorithm {
	case ssh.KeyAlgoRSA:
		n, e, d, _, p, q := r.mpint(), r.mpint(), r.mpint(), r.mpint(), r.mpint(), r.mpint()
		if r.err != nil {
			return nil, r.err
		}
		return newRSAKey(n, e, d, p, q)
	case keyAlgoDSA:
		p, q, g, y, x := r.mpint(), r.mpint(), r.mpint(), r.mpint(), r.mpint()
		if r.err != nil {
			return nil, r.err
		}
		return newDSAKey(p, q, g, y, x)
	case ssh.KeyAlgoECDSA256, ssh.KeyAlgoECDSA384, ssh.KeyAlgoECDSA521:
		curve, name, _ := ecdsaCurveByAlgorithm(algorithm)
		curveName, point, scalar := r.string(), r.bytes(), r.mpint()
		if r.err != nil {
			return nil, r.err
		}
		if curveName != name {
			return nil, errMalformedf("OpenSSH key's curve %q does not match %s", truncateForMessage(curveName), algorithm)
		}
		return newECDSAKey(curve, scalar, point)
	case ssh.KeyAlgoED25519:
		pub, both := r.bytes(), r.bytes()
		if r.err != nil {
			return nil, r.err
		}
		if len(both) != ed25519.PrivateKeySize || !bytes.Equal(both[ed25519.SeedSize:], pub) {
			return nil, errMalformedf("OpenSSH Ed25519 key is damaged")
		}
		return newEd25519Key(both[:ed25519.SeedSize], pub)
	case keyAlgoEd448:
		return readOpenSSHEd448(r)
	}
	return nil, errUnsupportedf("key algorithm %q", truncateForMessage(algorithm))
}

// opensshPrivateFields appends a key's fields in the order
// readOpenSSHPrivateKey reads them. RSA primes go p > q with iqmp =
// q^-1 mod p, as puttygen writes them.
func opensshPrivateFields(b []byte, priv crypto.PrivateKey) ([]byte, error) {
	switch k := priv.(type) {
	case *rsa.PrivateKey:
		p, q, iqmp, err := rsaPrimesPuTTYOrder(k)
		if err != nil {
			return nil, err
		}
		for _, v := range []*big.Int{k.N, big.NewInt(int64(k.E)), k.D, iqmp, p, q} {
			b = appendMPInt(b, v)
		}
		return b, nil
	case *dsa.PrivateKey:
		for _, v := range []*big.Int{k.P, k.Q, k.G, k.Y, k.X} {
			b = appendMPInt(b, v)
		}
		return b, nil
	case *ecdsa.PrivateKey:
		_, name, point, err := ecdsaPublicParts(k)
		if err != nil {
			return nil, err
		}
		scalar, err := k.Bytes()
		if err != nil {
			return nil, errMalformedf("ECDSA private key: %v", err)
		}
		b = appendString(b, name)
		b = appendBytes(b, point)
		return appendMPInt(b, new(big.Int).SetBytes(scalar)), nil
	case ed25519.PrivateKey:
		b = appendBytes(b, k.Public().(ed25519.PublicKey))
		return appendBytes(b, k), nil
	case ed448.PrivateKey:
		return appendOpenSSHEd448(b, k)
	}
	return nil, errUnsupportedf("key type %T", priv)
}
