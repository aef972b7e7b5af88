// Package keyconv reads and writes SSH private keys in the formats cloud
// users meet, and converts between them exactly as PuTTY's puttygen 0.78
// does, byte for byte.
//
// Most callers want [Parse] and [MarshalPPK]: read the PEM file a cloud
// console hands out and write the .ppk that PuTTY needs.
//
//	key, err := keyconv.Parse(pemBytes, nil)
//	ppk, err := keyconv.MarshalPPK(key, keyconv.PPKOptions{})
//
// # Formats
//
// [Parse] detects the format: PuTTY's PPK versions 2 and 3 (unencrypted or
// aes256-cbc, with Argon2id, Argon2i or Argon2d), OpenSSH's own format (plain
// or bcrypt-encrypted), PKCS#1, OpenSSL's DSA format, SEC1, PKCS#8 (plain or
// PBES2-encrypted), legacy "Proc-Type: 4,ENCRYPTED" PEM and ssh.com's format
// (RSA and DSA keys, plain or 3DES), everything puttygen reads. Key types are
// RSA, DSA, ECDSA on P-256, P-384 and P-521, Ed25519 and Ed448 (which
// puttygen makes; OpenSSH servers refuse it, so it has no [Key.Signer]);
// PPK version 1 is refused with [ErrUnsupported].
//
// [MarshalPPK] writes PPK files; [MarshalPrivateKey] writes what
// "puttygen -O private-openssh" writes, or OpenSSH's format for any type.
// [PublicKey] prints public keys and fingerprints as "puttygen -L", "-p" and
// "-l" do.
//
// # Passphrases
//
// The package never prompts. An encrypted key's passphrase comes from a
// [PassphraseFunc], called only when it is needed; with none, Parse returns
// a [*PassphraseMissingError] that carries the public key when the format
// keeps it in the clear. A wrong passphrase gives [ErrWrongPassphrase].
//
// # Hostile input
//
// Inputs are capped before any work: [MaxInputSize] bytes, PuTTY's line
// counts, Argon2 costs at [MaxArgon2Memory], [MaxArgon2Passes],
// [MaxArgon2Parallelism] and [MaxArgon2Work], bcrypt rounds at
// [MaxBcryptRounds] and PBKDF2 iterations at [MaxPBKDF2Iterations]. Every
// error wraps [ErrMalformed], [ErrUnsupported] or [ErrWrongPassphrase], and
// none contains key material. A DSA key whose numbers are not a DSA key (its
// domain parameters or y = g^x fail) is refused with [ErrInvalidDSAKey].
//
// A comment holding a control character (a newline would add a line to the
// authorized_keys file a public key is appended to) is read, but every writer
// and public-line function refuses it with a [*CommentError]; set
// Key.Comment to a clean one to write the key.
//
// The Argon2 caps bound what a PPK file can cost, whatever it says and
// before its passphrase is checked: at most 1 GiB of Argon2 blocks
// (MaxArgon2Memory KiB) plus a working set of a few MiB that does not grow
// with the lane count (at most 64 goroutines fill the lanes, however many
// of the up to MaxArgon2Parallelism the file names), and at most
// MaxArgon2Work KiB-passes of work, about half a minute. The worst file the
// caps allow (1 GiB, 16 passes, 131072 lanes) peaks at 1.04 GB resident.
// Lane counts over 255, which puttygen writes on request and
// golang.org/x/crypto/argon2 cannot express, are read correctly: keyconv
// carries its own Argon2 for them, for Argon2d and for speed.
//
// # Keypair names
//
// A cloud server accepts only the keypair it was created with, and the
// console's guide keeps its key as KEYPAIR.pem and KEYPAIR.ppk.
// [CheckKeyFileName] checks a file's name against a keypair and names the
// usual ways they drift apart in a [*NameMismatchError], whose
// [NameProblem] says which mistake it is and Want the name the file should
// have; [ValidateKeypairName] checks a name alone, and [KeyFileExtensions]
// lists the extensions a keypair's file may carry. Its messages state the
// mistake; what to type about it is the caller's to word.
package keyconv
