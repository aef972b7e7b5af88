package main

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/cloudkeypair/keypair/keyconv"
)

// parsePPKParam applies a puttygen --ppk-param value to into: comma-separated
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
// outside the limits keyconv.MarshalPPK accepts are refused here, naming
// the pair, so that a mistake costs no key read and no prompt.
func parsePPKParam(s string, into *keyconv.PPKOptions) error {
	for _, pair := range strings.Split(s, ",") {
		key, value, ok := strings.Cut(pair, "=")
		if !ok {
			return fmt.Errorf("PPK parameter %q has no value (want key=value)", pair)
		}
		bad := func(why string) error {
			return fmt.Errorf("PPK parameter %s=%s: %s", key, value, why)
		}
		if key == "kdf" {
			switch strings.ToLower(value) {
			case "argon2id":
				into.KDF = keyconv.Argon2id
			case "argon2i":
				into.KDF = keyconv.Argon2i
			case "argon2d":
				into.KDF = keyconv.Argon2d
			default:
				return bad("want argon2id, argon2i or argon2d")
			}
			continue
		}
		switch key {
		case "version", "memory", "mem", "time", "passes", "parallelism", "parallel":
		default:
			return fmt.Errorf("unknown PPK parameter %q (want version, kdf, memory, time, passes or parallelism)", key)
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
			if n < 8 || n > keyconv.MaxArgon2Memory {
				return bad(fmt.Sprintf("memory must be 8 to %d KiB", keyconv.MaxArgon2Memory))
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
			if n < 1 || n > keyconv.MaxArgon2Passes {
				return bad(fmt.Sprintf("passes must be 1 to %d", keyconv.MaxArgon2Passes))
			}
			into.Passes, into.Time = uint32(n), 0
		case "parallelism", "parallel":
			if n < 1 || n > keyconv.MaxArgon2Parallelism {
				return bad(fmt.Sprintf("parallelism must be 1 to %d", keyconv.MaxArgon2Parallelism))
			}
			into.Parallelism = uint32(n)
		}
	}
	return nil
}

// maxArgon2TimeMillis bounds the tuning target; tuning also stops at
// keyconv.MaxArgon2Passes whatever the target.
const maxArgon2TimeMillis = 10 * 60 * 1000

// parseDecimal reads a plain decimal number: digits only, no sign, no
// leading zero, no base prefix. A number too large for uint64 reads as the
// largest, which every limit then refuses.
func parseDecimal(s string) (uint64, bool) {
	if s == "" || (len(s) > 1 && s[0] == '0') || strings.TrimLeft(s, "0123456789") != "" {
		return 0, false
	}
	n, err := strconv.ParseUint(s, 10, 64)
	if err != nil {
		return ^uint64(0), true
	}
	return n, true
}

// parseFingerprintHash maps the names puttygen's and ssh-keygen's -E flag
// takes ("sha256", "md5") to a keyconv.FingerprintHash.
func parseFingerprintHash(name string) (keyconv.FingerprintHash, error) {
	switch strings.ToLower(name) {
	case "sha256":
		return keyconv.SHA256, nil
	case "md5":
		return keyconv.MD5, nil
	}
	return 0, fmt.Errorf("-E %s: unknown fingerprint hash (want sha256 or md5)", name)
}
