package keyconv

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// Argon2Variant names one of the three Argon2 functions a PPK v3 file may use,
// spelled as in the file's Key-Derivation header.
type Argon2Variant string

// The Argon2 variants of PPK v3.
const (
	Argon2id Argon2Variant = "Argon2id"
	Argon2i  Argon2Variant = "Argon2i"
	Argon2d  Argon2Variant = "Argon2d"
)

// PPKHeader is what a PPK file's headers say about how it was written,
// as [Parse] read them into [Source]: its version, encryption and, for an
// encrypted version 3 file, its key-derivation parameters. To write a file,
// [MarshalPPK] takes a [PPKOptions] instead.
type PPKHeader struct {
	Version     int           // 2 or 3
	Encryption  string        // "none" or "aes256-cbc"
	KDF         Argon2Variant // empty unless Version is 3 and the file is encrypted
	Memory      uint32        // Argon2 memory in KiB
	Passes      uint32        // Argon2 passes (time cost)
	Parallelism uint32        // Argon2 lanes
	Salt        []byte
}

// PPKOptions controls [MarshalPPK]: the version, passphrase and Argon2
// settings of the file to write (a file read back reports them in a
// [PPKHeader]). The zero value writes what puttygen 0.78 writes by
// default: version 3, unencrypted.
type PPKOptions struct {
	// Version is 2 or 3; zero means 3. Version 2 is for PuTTY 0.74 and older.
	Version int

	// Passphrase encrypts the key with aes256-cbc when non-empty.
	Passphrase []byte

	// KDF is the Argon2 variant for encrypted version 3 files; empty means
	// Argon2id.
	KDF Argon2Variant

	// Memory is Argon2's memory in KiB; zero means 8192.
	Memory uint32

	// Passes fixes Argon2's pass count. Zero means tune it: the first count
	// in 1, 2, 3, 5, 8, 13, ... (Fibonacci) whose run takes at least Time.
	Passes uint32

	// Time is the tuning target when Passes is zero; zero means 100ms.
	Time time.Duration

	// Parallelism is Argon2's lane count; zero means 1.
	Parallelism uint32

	// saltReader supplies the Argon2 salt; nil means crypto/rand. Only
	// this package's tests set it, to make encrypted version 3 output
	// repeatable.
	saltReader io.Reader
}

// ParsePPKParam applies a puttygen --ppk-param value to into: comma-separated
// key=value pairs with puttygen's names, later ones winning.
//
//	version=2|3                        PPK format version
//	kdf=argon2id|argon2i|argon2d       Argon2 variant (also Argon2id, ...)
//	memory=KiB, mem=KiB                Argon2 memory
//	time=MS                            tune the pass count to about MS ms
//	passes=N                           fix the pass count instead
//	parallelism=N, parallel=N          Argon2 lanes
//
// Numbers are decimal. As in puttygen, time and passes replace each other;
// time=0 gives one pass, which is what puttygen's tuning settles on. Values
// outside the limits [MarshalPPK] accepts are refused here, naming the pair.
func ParsePPKParam(s string, into *PPKOptions) error {
	for _, pair := range strings.Split(s, ",") {
		key, value, ok := strings.Cut(pair, "=")
		if !ok {
			return fmt.Errorf("keyconv: PPK parameter %q has no value (want key=value)", pair)
		}
		bad := func(why string) error {
			return fmt.Errorf("keyconv: PPK parameter %s=%s: %s", truncateForMessage(key), truncateForMessage(value), why)
		}
		if key == "kdf" {
			switch strings.ToLower(value) {
			case "argon2id":
				into.KDF = Argon2id
			case "argon2i":
				into.KDF = Argon2i
			case "argon2d":
				into.KDF = Argon2d
			default:
				return bad("want argon2id, argon2i or argon2d")
			}
			continue
		}
		switch key {
		case "version", "memory", "mem", "time", "passes", "parallelism", "parallel":
		default:
			return fmt.Errorf("keyconv: unknown PPK parameter %q (want version, kdf, memory, time, passes or parallelism)", truncateForMessage(key))
		}
		n, ok := parseDecimal(value)
		if !ok {
			return bad("not a decimal number")
		}
		switch key {
		case "version":
			if n != 2 && n != 3 {
				return bad("the PPK version must be 2 or 3")
			}
			into.Version = int(n)
		case "memory", "mem":
			if n < 8 || n > MaxArgon2Memory {
				return bad(fmt.Sprintf("memory must be 8 to %d KiB", MaxArgon2Memory))
			}
			into.Memory = uint32(n)
		case "time":
			if n > maxArgon2TimeMillis {
				return bad(fmt.Sprintf("time must be at most %d ms", maxArgon2TimeMillis))
			}
			into.Time, into.Passes = time.Duration(n)*time.Millisecond, 0
			if n == 0 {
				into.Passes = 1
			}
		case "passes":
			if n < 1 || n > MaxArgon2Passes {
				return bad(fmt.Sprintf("passes must be 1 to %d", MaxArgon2Passes))
			}
			into.Passes, into.Time = uint32(n), 0
		case "parallelism", "parallel":
			if n < 1 || n > MaxArgon2Parallelism {
				return bad(fmt.Sprintf("parallelism must be 1 to %d", MaxArgon2Parallelism))
			}
			into.Parallelism = uint32(n)
		}
	}
	return nil
}

// maxArgon2TimeMillis bounds the tuning target; tuning also stops at
// MaxArgon2Passes whatever the target.
const maxArgon2TimeMillis = 10 * 60 * 1000
