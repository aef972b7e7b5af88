package keyconv

import (
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/subtle"
	"fmt"
	"hash"
	"math"

	"golang.org/x/crypto/argon2"
)

// Limits on the Argon2 parameters of PPK version 3 files, read or written.
// They sit far above anything puttygen writes (8192 KiB, one lane, and a
// pass count tuned to 100 ms, a few dozen on today's machines) and are
// checked before the key derivation runs, so that a hostile file can make
// keyconv neither allocate more than 1 GiB nor work for more than a minute
// or so.
const (
	// MaxArgon2Memory is the largest Argon2-Memory accepted, in KiB (1 GiB).
	MaxArgon2Memory = 1 << 20

	// MaxArgon2Passes is the largest Argon2-Passes accepted.
	MaxArgon2Passes = 4096

	// MaxArgon2Parallelism is the largest Argon2-Parallelism accepted: as
	// many lanes as MaxArgon2Memory holds at Argon2's minimum of 8 KiB a
	// lane. puttygen writes and reads any count the memory allows (such as
	// parallelism=1000 at its default 8192 KiB), so keyconv must too. Lanes
	// share the memory rather than add to it, and cost little time: at the
	// work limit (1 GiB, 16 passes) 131072 lanes took 25 s against 13 s
	// for one on a 2-core machine with AVX2.
	MaxArgon2Parallelism = MaxArgon2Memory / 8

	// MaxArgon2Work caps memory (KiB) times passes at 16 GiB of block
	// processing: about 7 s on one core with keyconv's AVX2 code, under half
	// a minute without it. Without this cap the others would allow 1 GiB
	// times 4096 passes, hours of work. It is a hundred times what puttygen
	// writes by default (8192 KiB and a few dozen passes), and puttygen's own
	// tuning reaches it only when asked for several seconds per decryption.
	MaxArgon2Work = 1 << 24
)

// PPK's fixed key-derivation sizes.
const (
	ppkCipherKeyLen  = 32 // AES-256
	ppkCipherIVLen   = 16
	ppkMACKeyLen     = 32 // HMAC-SHA-256 key in version 3
	ppkArgon2OutLen  = ppkCipherKeyLen + ppkCipherIVLen + ppkMACKeyLen
	ppkCipherBlock   = 16
	ppkV2MACKeyLabel = "putty-private-key-file-mac-key"
)

// ppkSecrets is what a passphrase turns into: the AES key and IV (nil when
// the file is not encrypted) and the MAC key.
type ppkSecrets struct {
	cipherKey, iv, macKey []byte
}

// ppkV2Secrets derives version 2's keys: SHA-1 based, no salt, zero IV.
func ppkV2Secrets(passphrase []byte, encrypted bool) ppkSecrets {
	mk := sha1.New()
	mk.Write([]byte(ppkV2MACKeyLabel))
	if encrypted {
		mk.Write(passphrase)
	}
	s := ppkSecrets{macKey: mk.Sum(nil)}
	if !encrypted {
		return s
	}
	var key []byte
	for counter := byte(0); counter < 2; counter++ {
		h := sha1.New()
		h.Write([]byte{0, 0, 0, counter})
		h.Write(passphrase)
		key = h.Sum(key)
	}
	s.cipherKey = key[:ppkCipherKeyLen]
	s.iv = make([]byte, ppkCipherIVLen)
	return s
}

// ppkV3Secrets derives version 3's keys from one Argon2 run asking for
// exactly 80 bytes (a longer output cut short would differ). An unencrypted
// version 3 file uses an empty MAC key.
func ppkV3Secrets(passphrase []byte, p *PPKParams) ppkSecrets {
	if p.Encryption == ppkEncryptionNone {
		return ppkSecrets{macKey: []byte{}}
	}
	return ppkSecretsFromArgon2(argon2Run(p.KDF, passphrase, p.Salt, p.Passes, p.Memory, p.Parallelism))
}

func ppkSecretsFromArgon2(out []byte) ppkSecrets {
	return ppkSecrets{
		cipherKey: out[:ppkCipherKeyLen],
		iv:        out[ppkCipherKeyLen : ppkCipherKeyLen+ppkCipherIVLen],
		macKey:    out[ppkCipherKeyLen+ppkCipherIVLen:],
	}
}

// argon2Run derives PPK's 80 bytes. keyconv's own core does Argon2d, which
// x/crypto lacks, and with AVX2 it does all three variants, being faster
// there than x/crypto's SSE4.1 code; elsewhere Argon2i and Argon2id go
// through x/crypto's assembly, except with more than 255 lanes, which
// x/crypto's uint8 lane count cannot express.
func argon2Run(kdf Argon2Variant, passphrase, salt []byte, passes, memory, parallelism uint32) []byte {
	useXCrypto := !argon2Fast && parallelism <= math.MaxUint8
	typ := argon2TypeD
	switch kdf {
	case Argon2id:
		if useXCrypto {
			return argon2.IDKey(passphrase, salt, passes, memory, uint8(parallelism), ppkArgon2OutLen)
		}
		typ = argon2TypeID
	case Argon2i:
		if useXCrypto {
			return argon2.Key(passphrase, salt, passes, memory, uint8(parallelism), ppkArgon2OutLen)
		}
		typ = argon2TypeI
	}
	return argon2Key(typ, passphrase, salt, nil, nil, passes, memory, parallelism, ppkArgon2OutLen)
}

// checkArgon2Params refuses Argon2 parameters outside RFC 9106's rules or
// keyconv's caps. It runs before any key derivation.
func checkArgon2Params(kdf Argon2Variant, memory, passes, parallelism uint32) error {
	switch kdf {
	case Argon2id, Argon2i, Argon2d:
	default:
		return fmt.Errorf("unknown key derivation %q (want Argon2id, Argon2i or Argon2d)", truncateForMessage(string(kdf)))
	}
	switch {
	case parallelism < 1 || parallelism > MaxArgon2Parallelism:
		return fmt.Errorf("Argon2 parallelism %d is outside 1..%d", parallelism, MaxArgon2Parallelism)
	case passes < 1 || passes > MaxArgon2Passes:
		return fmt.Errorf("Argon2 passes %d is outside 1..%d", passes, MaxArgon2Passes)
	case memory > MaxArgon2Memory:
		return fmt.Errorf("Argon2 memory %d KiB is over the limit of %d KiB (1 GiB)", memory, MaxArgon2Memory)
	case memory < 8*parallelism:
		return fmt.Errorf("Argon2 memory %d KiB is under 8 KiB per lane", memory)
	case uint64(memory)*uint64(passes) > MaxArgon2Work:
		return fmt.Errorf("Argon2 memory %d KiB times %d passes is over the work limit of %d", memory, passes, MaxArgon2Work)
	}
	return nil
}

// ppkMAC computes the Private-MAC: HMAC (SHA-1 in version 2, SHA-256 in
// version 3) over the algorithm, encryption, comment, public blob and the
// plaintext private blob with its padding, each length-prefixed.
func ppkMAC(version int, macKey []byte, algorithm, encryption, comment string, pub, priv []byte) []byte {
	newHash := sha256.New
	if version == 2 {
		newHash = sha1.New
	}
	var m hash.Hash = hmac.New(newHash, macKey)
	var data []byte
	data = appendString(data, algorithm)
	data = appendString(data, encryption)
	data = appendString(data, comment)
	data = appendBytes(data, pub)
	data = appendBytes(data, priv)
	m.Write(data)
	return m.Sum(nil)
}

func macEqual(a, b []byte) bool {
	return subtle.ConstantTimeCompare(a, b) == 1
}
