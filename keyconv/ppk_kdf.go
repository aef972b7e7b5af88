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
// keyconv neither hold more than 1 GiB of Argon2 blocks (plus a working set
// of a few MiB, whatever the lane count: see argon2MaxPeakBytes) nor work
// for more than a minute or so.
const (
	// MaxArgon2Memory is the largest Argon2-Memory accepted, in KiB (1 GiB).
	MaxArgon2Memory = 1 << 20

	// MaxArgon2Passes is the largest Argon2-Passes accepted.
	MaxArgon2Passes = 4096

	// MaxArgon2Parallelism is the largest Argon2-Parallelism accepted: as
	// many lanes as MaxArgon2Memory holds at Argon2's minimum of 8 KiB a
	// lane. puttygen writes and reads any count the memory allows (such as
	// parallelism=1000 at its default 8192 KiB), so keyconv must too. Lanes
	// share the memory rather than add to it: a bounded number of
	// goroutines fills them, so 131072 lanes cost no more memory than one.
	MaxArgon2Parallelism = MaxArgon2Memory / 8

	// MaxArgon2Work caps memory (KiB) times passes at 16 GiB of block
	// processing: about 7 s on one core with keyconv's AVX2 code, under half
	// a minute without it. Without this cap the others would allow 1 GiB
	// times 4096 passes, hours of work. It is a hundred times what puttygen
	// writes by default (8192 KiB and a few dozen passes), and puttygen's own
	// tuning reaches it only when asked for several seconds per decryption.
	MaxArgon2Work = 1 << 24
)

// argon2MaxPeakBytes is the memory bound the caps promise: MaxArgon2Memory
// of blocks and 8 MiB for the goroutines filling them. checkArgon2Params
// holds every derivation to it through argon2PeakBytes.
const argon2MaxPeakBytes = MaxArgon2Memory<<10 + 8<<20

// argon2StackBytes is what one goroutine filling lanes holds: its
// scratch blocks (argon2Scratch, 3 KiB) and a stack with room for the
// compression's two blocks, within 16 KiB.
const argon2StackBytes = 16 << 10

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
func ppkV3Secrets(passphrase []byte, p *PPKHeader) ppkSecrets {
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

// argon2Impl names one of the Argon2 implementations keyconv can run.
type argon2Impl int

const (
	// argon2XCrypto is golang.org/x/crypto/argon2: Argon2i and Argon2id
	// only, at most 255 lanes, in SSE4.1 assembly on amd64.
	argon2XCrypto argon2Impl = iota
	// argon2CoreVector is keyconv's own core with its AVX2 compression.
	argon2CoreVector
	// argon2CorePortable is keyconv's own core in portable Go.
	argon2CorePortable
)

// argon2Choose is the one place that decides which implementation derives
// a key (ppk_argon2.go says why keyconv has its own): keyconv's core where
// it has vector code, being faster there than x/crypto; elsewhere
// x/crypto's assembly for Argon2i and Argon2id, except with more than 255
// lanes, which x/crypto's uint8 lane count cannot express; and the
// portable core for the rest, Argon2d among them.
func argon2Choose(kdf Argon2Variant, lanes uint32, haveVector bool) argon2Impl {
	switch {
	case haveVector:
		return argon2CoreVector
	case kdf != Argon2d && lanes <= math.MaxUint8:
		return argon2XCrypto
	default:
		return argon2CorePortable
	}
}

// argon2Run derives PPK's 80 bytes with the implementation argon2Choose
// picks on this machine.
func argon2Run(kdf Argon2Variant, passphrase, salt []byte, passes, memory, parallelism uint32) []byte {
	impl := argon2Choose(kdf, parallelism, argon2VectorCompress != nil)
	return argon2RunWith(impl, kdf, passphrase, salt, passes, memory, parallelism)
}

// argon2RunWith derives PPK's 80 bytes with impl, which must be one
// argon2Choose can return for kdf and parallelism; the tests call it for
// each.
func argon2RunWith(impl argon2Impl, kdf Argon2Variant, passphrase, salt []byte, passes, memory, parallelism uint32) []byte {
	return argon2RunIn(nil, impl, kdf, passphrase, salt, passes, memory, parallelism)
}

// argon2RunIn is argon2RunWith deriving in m's blocks when keyconv's own
// core runs (x/crypto allocates its own), so that several runs of one size
// share one matrix; a nil m means fresh blocks.
func argon2RunIn(m *argon2Matrix, impl argon2Impl, kdf Argon2Variant, passphrase, salt []byte, passes, memory, parallelism uint32) []byte {
	if impl == argon2XCrypto {
		if kdf == Argon2id {
			return argon2.IDKey(passphrase, salt, passes, memory, uint8(parallelism), ppkArgon2OutLen)
		}
		return argon2.Key(passphrase, salt, passes, memory, uint8(parallelism), ppkArgon2OutLen)
	}
	compress := argon2CompressGeneric
	if impl == argon2CoreVector {
		compress = argon2VectorCompress
	}
	typ := argon2TypeD
	switch kdf {
	case Argon2id:
		typ = argon2TypeID
	case Argon2i:
		typ = argon2TypeI
	}
	if m == nil {
		m = &argon2Matrix{}
	}
	return m.key(typ, compress, passphrase, salt, nil, nil, passes, memory, parallelism, ppkArgon2OutLen)
}

// argon2PeakBytes is the most memory impl holds at once deriving a key
// with memory KiB over lanes lanes: the blocks (memory rounded down to
// whole segments, as every implementation does) and a stack for each
// goroutine filling them. x/crypto starts one goroutine per lane (at most
// 255); keyconv's core at most argon2Workers.
func argon2PeakBytes(impl argon2Impl, memory, lanes uint32) uint64 {
	blocks := uint64(memory) / (argon2SyncPoints * uint64(lanes)) * argon2SyncPoints * uint64(lanes)
	goroutines := uint64(lanes)
	if impl != argon2XCrypto {
		goroutines = uint64(argon2Workers(lanes))
	}
	return blocks<<10 + goroutines*argon2StackBytes
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
	impl := argon2Choose(kdf, parallelism, argon2VectorCompress != nil)
	if peak := argon2PeakBytes(impl, memory, parallelism); peak > argon2MaxPeakBytes {
		return fmt.Errorf("Argon2 memory %d KiB over %d lanes would hold %d MiB, over the limit of %d MiB", memory, parallelism, peak>>20, argon2MaxPeakBytes>>20)
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
