package keyconv

import (
	"io"
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
