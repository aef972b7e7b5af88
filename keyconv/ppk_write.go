package keyconv

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha1"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math/big"
	"runtime"
	"strconv"
	"time"
)

// Defaults of [PPKOptions], the same as puttygen 0.78's.
const (
	DefaultPPKVersion        = 3
	DefaultArgon2Memory      = 8192 // KiB
	DefaultArgon2Parallelism = 1
	DefaultArgon2Time        = 100 * time.Millisecond
)

// ppkSaltLen is the length of the Argon2 salt puttygen draws.
const ppkSaltLen = 16

// MarshalPPK encodes k as a PuTTY private key file, byte for byte as
// puttygen 0.78 writes it. With opts.Passphrase empty the file is not
// encrypted, and the output is deterministic for both versions; so is an
// encrypted version 2 file (zero IV, padding from a hash of the key). An
// encrypted version 3 file has a random salt and, unless opts.Passes is
// set, a pass count tuned to opts.Time on this machine.
//
// An RSA key's primes are put in PuTTY's order, p > q, with iqmp
// recomputed, whatever order k holds them in. The comment is k.Comment; one
// holding a control character gives a [*CommentError].
func MarshalPPK(k *Key, opts PPKOptions) ([]byte, error) {
	if k == nil || k.PrivateKey == nil {
		return nil, errors.New("keyconv: MarshalPPK: no key")
	}
	if err := opts.resolve(); err != nil {
		return nil, err
	}
	if err := checkComment(k.Comment); err != nil {
		return nil, err
	}
	priv, err := puttyOrderedKey(k)
	if err != nil {
		return nil, err
	}
	algorithm := (&Key{PrivateKey: priv}).Algorithm()
	if algorithm == "" {
		return nil, errUnsupportedf("key type %T", priv)
	}
	pub, err := publicBlob(priv)
	if err != nil {
		return nil, err
	}
	plain, err := ppkPrivateBlob(priv)
	if err != nil {
		return nil, err
	}
	defer func() { clear(plain) }() // after padding, plain may be a new array

	encrypted := len(opts.Passphrase) > 0
	header := PPKHeader{Version: opts.Version, Encryption: ppkEncryptionNone}
	var s ppkSecrets
	switch {
	case encrypted && opts.Version == 2:
		header.Encryption = ppkEncryptionAES256
		s = ppkV2Secrets(opts.Passphrase, true)
	case encrypted:
		header.Encryption = ppkEncryptionAES256
		if s, err = opts.argon2Secrets(&header); err != nil {
			return nil, err
		}
	case opts.Version == 2:
		s = ppkV2Secrets(nil, false)
	default:
		s = ppkV3Secrets(nil, &header)
	}
	if encrypted {
		plain = ppkPad(plain)
	}
	mac := ppkMAC(header.Version, s.macKey, algorithm, header.Encryption, k.Comment, pub, plain)
	stored := plain
	if encrypted {
		block, err := aes.NewCipher(s.cipherKey)
		if err != nil {
			return nil, fmt.Errorf("keyconv: PPK cipher: %v", err)
		}
		stored = make([]byte, len(plain))
		cipher.NewCBCEncrypter(block, s.iv).CryptBlocks(stored, plain)
	}

	var b bytes.Buffer
	fmt.Fprintf(&b, "%s%d: %s\n", ppkMagic, header.Version, algorithm)
	fmt.Fprintf(&b, "Encryption: %s\n", header.Encryption)
	fmt.Fprintf(&b, "Comment: %s\n", k.Comment)
	writePPKBlob(&b, "Public", pub)
	if header.KDF != "" {
		fmt.Fprintf(&b, "Key-Derivation: %s\n", header.KDF)
		fmt.Fprintf(&b, "Argon2-Memory: %d\n", header.Memory)
		fmt.Fprintf(&b, "Argon2-Passes: %d\n", header.Passes)
		fmt.Fprintf(&b, "Argon2-Parallelism: %d\n", header.Parallelism)
		fmt.Fprintf(&b, "Argon2-Salt: %s\n", hex.EncodeToString(header.Salt))
	}
	writePPKBlob(&b, "Private", stored)
	fmt.Fprintf(&b, "Private-MAC: %s\n", hex.EncodeToString(mac))
	return b.Bytes(), nil
}

// puttyOrderedKey returns k's private key with RSA primes ordered p > q and
// iqmp = q^-1 mod p, as puttygen holds them; other types are returned as
// they are.
func puttyOrderedKey(k *Key) (any, error) {
	r, ok := k.PrivateKey.(*rsa.PrivateKey)
	if !ok {
		return k.PrivateKey, nil
	}
	if len(r.Primes) != 2 {
		return nil, errUnsupportedf("RSA keys with %d primes", len(r.Primes))
	}
	p, q, iqmp := r.Primes[0], r.Primes[1], r.Precomputed.Qinv
	if p.Cmp(q) > 0 && iqmp != nil && iqmp.Sign() > 0 && iqmp.Cmp(p) < 0 && new(big.Int).Mod(new(big.Int).Mul(q, iqmp), p).Cmp(bigOne) == 0 {
		// Already in PuTTY's order, as every key keyconv reads is: skip
		// newRSAKey, whose Precompute costs milliseconds on large keys.
		return r, nil
	}
	return newRSAKey(r.N, big.NewInt(int64(r.E)), r.D, p, q)
}

// ppkPad pads an encrypted file's private blob to the cipher block with the
// leading bytes of its own SHA-1, as PuTTY's writer does; a blob already a
// multiple of 16 bytes gets no padding.
func ppkPad(blob []byte) []byte {
	n := (ppkCipherBlock - len(blob)%ppkCipherBlock) % ppkCipherBlock
	sum := sha1.Sum(blob)
	return append(blob, sum[:n]...)
}

func writePPKBlob(b *bytes.Buffer, name string, blob []byte) {
	text := base64.StdEncoding.EncodeToString(blob)
	lines := (len(text) + ppkMaxLineChars - 1) / ppkMaxLineChars
	b.WriteString(name + "-Lines: " + strconv.Itoa(lines) + "\n")
	for len(text) > 0 {
		n := min(len(text), ppkMaxLineChars)
		b.WriteString(text[:n])
		b.WriteByte('\n')
		text = text[n:]
	}
}

// resolve fills in the defaults and checks the options.
func (o *PPKOptions) resolve() error {
	if o.Version == 0 {
		o.Version = DefaultPPKVersion
	}
	if o.Version != 2 && o.Version != 3 {
		return fmt.Errorf("keyconv: PPK version %d: keyconv writes versions 2 and 3", o.Version)
	}
	if o.KDF == "" {
		o.KDF = Argon2id
	}
	if o.Memory == 0 {
		o.Memory = DefaultArgon2Memory
	}
	if o.Parallelism == 0 {
		o.Parallelism = DefaultArgon2Parallelism
	}
	if o.Time < 0 {
		return fmt.Errorf("keyconv: PPK options: negative Argon2 time %v", o.Time)
	}
	if o.Time == 0 {
		o.Time = DefaultArgon2Time
	}
	passes := o.Passes
	if passes == 0 {
		passes = 1 // tuned later; any valid count passes the check
	}
	if err := checkArgon2Params(o.KDF, o.Memory, passes, o.Parallelism); err != nil {
		return fmt.Errorf("keyconv: PPK options: %v", err)
	}
	if o.saltReader == nil {
		o.saltReader = rand.Reader
	}
	return nil
}

// argon2Secrets draws the salt, runs Argon2 (tuning the pass count first
// when none is fixed) and records the parameters in p.
func (o *PPKOptions) argon2Secrets(p *PPKHeader) (ppkSecrets, error) {
	salt := make([]byte, ppkSaltLen)
	if _, err := io.ReadFull(o.saltReader, salt); err != nil {
		return ppkSecrets{}, fmt.Errorf("keyconv: reading random salt: %w", err)
	}
	p.KDF, p.Memory, p.Parallelism, p.Salt = o.KDF, o.Memory, o.Parallelism, salt
	impl := argon2Choose(o.KDF, o.Parallelism, argon2VectorCompress != nil)
	var matrix argon2Matrix // one for every tuning run
	run := func(passes uint32) []byte {
		return argon2RunIn(&matrix, impl, o.KDF, o.Passphrase, salt, passes, o.Memory, o.Parallelism)
	}
	if o.Passes != 0 {
		p.Passes = o.Passes
		return ppkSecretsFromArgon2(run(o.Passes)), nil
	}
	// puttygen's tuning: Fibonacci pass counts, keeping the first run that
	// takes at least the target time. That run's output is the key, so
	// tuning costs no extra run.
	a, b := uint32(1), uint32(2)
	for first := true; ; first = false {
		if !first && impl == argon2XCrypto {
			// x/crypto allocates its blocks each run, and the last run's
			// are garbage now; collect them before the next run allocates
			// its own, so that tuning at 1 GiB does not hold 2 GiB while
			// the collector waits for its heap goal. keyconv's own core
			// reuses one matrix and has none to collect.
			runtime.GC()
		}
		start := time.Now()
		out := run(a)
		if time.Since(start) >= o.Time || b > MaxArgon2Passes || uint64(b)*uint64(o.Memory) > MaxArgon2Work {
			p.Passes = a
			return ppkSecretsFromArgon2(out), nil
		}
		a, b = b, a+b
	}
}
