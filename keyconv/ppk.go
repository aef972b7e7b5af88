package keyconv

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"

	"golang.org/x/crypto/ssh"
)

const (
	ppkMagic             = "PuTTY-User-Key-File-"
	ppkEncryptionNone    = "none"
	ppkEncryptionAES256  = "aes256-cbc"
	ppkMaxSaltBytes      = 1024
	ppkNewestVersion     = 3
	ppkOldestReadVersion = 2
)

// ppkFile is a PPK file's contents before any decryption.
type ppkFile struct {
	params    PPKHeader
	algorithm string
	comment   string
	public    []byte
	private   []byte // encrypted when params.Encryption is aes256-cbc
	mac       []byte
}

// parsePPK reads a PuTTY private key file, version 2 or 3. Everything that
// can be checked without the passphrase (layout, sizes, KDF caps, the public
// key) is checked before the passphrase is asked for.
func parsePPK(data []byte, passphrase PassphraseFunc) (*Key, error) {
	f, err := readPPKFile(data)
	if err != nil {
		return nil, err
	}
	pub, err := f.publicKey()
	if err != nil {
		return nil, err
	}

	encrypted := f.params.Encryption == ppkEncryptionAES256
	var pass []byte
	if encrypted {
		if pass, err = passphraseFor(passphrase, pub); err != nil {
			return nil, err
		}
	}
	var s ppkSecrets
	if f.params.Version == 2 {
		s = ppkV2Secrets(pass, encrypted)
	} else {
		s = ppkV3Secrets(pass, &f.params)
	}

	plain := f.private
	if encrypted {
		plain = make([]byte, len(f.private))
		block, err := aes.NewCipher(s.cipherKey)
		if err != nil {
			return nil, errMalformedf("PPK cipher: %v", err)
		}
		cipher.NewCBCDecrypter(block, s.iv).CryptBlocks(plain, f.private)
	}
	defer clear(plain)

	want := ppkMAC(f.params.Version, s.macKey, f.algorithm, f.params.Encryption, f.comment, f.public, plain)
	if !macEqual(want, f.mac) {
		if encrypted {
			return nil, ErrWrongPassphrase
		}
		return nil, ErrMACMismatch
	}

	priv, err := keyFromPPKBlobs(f.algorithm, f.public, plain)
	if err != nil {
		return nil, err
	}
	params := f.params
	return &Key{
		PrivateKey: priv,
		Comment:    f.comment,
		Source:     Source{Format: FormatPPK, Encrypted: encrypted, PPK: &params},
	}, nil
}

// ReadPPKHeader returns what a PPK file's headers say about it, its
// version, encryption and key-derivation parameters, without the
// passphrase: the file is checked as [Parse] checks it up to the key
// derivation, but nothing is decrypted and its MAC is not verified. It is
// for telling whether a client can read the file (PuTTY before 0.75 reads
// version 2 only) without asking for a passphrase. A PPK file holding only
// its public half gives [ErrPublicKeyOnly]; a file of another format gives
// an error wrapping [ErrMalformed].
func ReadPPKHeader(data []byte) (*PPKHeader, error) {
	text, err := privateKeyText(data)
	if err != nil {
		return nil, err
	}
	f, err := readPPKFile(text)
	if err != nil {
		return nil, err
	}
	return &f.params, nil
}

// readPPKFile checks a PPK file's layout line by line in PuTTY's fixed order
// and decodes its blobs and parameters. A file that ends after its public
// blob is a public key, as PuTTY reads it for "puttygen -L".
func readPPKFile(data []byte) (*ppkFile, error) {
	t := &ppkText{rest: data}
	f, err := readPPKPublicPart(t)
	if err != nil {
		return nil, err
	}
	if len(bytes.Trim(t.rest, " \t\r\n")) == 0 {
		return nil, ErrPublicKeyOnly
	}
	encrypted := f.params.Encryption == ppkEncryptionAES256
	if f.params.Version == 3 && encrypted {
		if err := readArgon2Headers(t, &f.params); err != nil {
			return nil, err
		}
	}
	if f.private, err = t.blob("Private"); err != nil {
		return nil, err
	}
	if encrypted && len(f.private)%ppkCipherBlock != 0 {
		return nil, errMalformedf("PPK encrypted private blob is %d bytes, not a multiple of %d", len(f.private), ppkCipherBlock)
	}
	macSize := 32
	if f.params.Version == 2 {
		macSize = 20
	}
	if f.mac, err = t.hexValue("Private-MAC", macSize, true); err != nil {
		return nil, err
	}
	return f, t.end()
}

// readPPKPublicPart reads a PPK file's lines up to its public blob: the
// version and algorithm, the encryption, the comment and the public key.
func readPPKPublicPart(t *ppkText) (*ppkFile, error) {
	first, _ := t.next()
	name, algorithm, _ := bytes.Cut(first, []byte(":"))
	version, err := ppkVersion(name)
	if err != nil {
		return nil, err
	}
	algorithm, found := bytes.CutPrefix(algorithm, []byte(" "))
	if !found {
		return nil, errMalformedf("PPK line 1: the version header must be followed by a colon and one space")
	}
	f := &ppkFile{algorithm: string(algorithm)}
	f.params.Version = version
	switch f.algorithm {
	case ssh.KeyAlgoRSA, keyAlgoDSA, ssh.KeyAlgoECDSA256, ssh.KeyAlgoECDSA384, ssh.KeyAlgoECDSA521, ssh.KeyAlgoED25519, keyAlgoEd448:
	default:
		return nil, errUnsupportedf("PPK key algorithm %q", truncateForMessage(f.algorithm))
	}

	if f.params.Encryption, err = t.header("Encryption"); err != nil {
		return nil, err
	}
	switch f.params.Encryption {
	case ppkEncryptionNone, ppkEncryptionAES256:
	default:
		return nil, errUnsupportedf("PPK encryption %q", truncateForMessage(f.params.Encryption))
	}
	if f.comment, err = t.header("Comment"); err != nil {
		return nil, err
	}
	if f.public, err = t.blob("Public"); err != nil {
		return nil, err
	}
	return f, nil
}

// ppkVersion reads the version from the first header's name.
func ppkVersion(name []byte) (int, error) {
	digits, ok := bytes.CutPrefix(name, []byte(ppkMagic))
	if !ok {
		return 0, errMalformedf("not a PuTTY private key file")
	}
	n, ok := parseDecimal(string(digits))
	switch {
	case !ok:
		return 0, errMalformedf("PPK line 1: bad version %q", truncateForMessage(string(digits)))
	case n > ppkNewestVersion:
		return 0, errUnsupportedf("PPK format version %d is too new (keyconv reads versions 2 and 3)", n)
	case n < ppkOldestReadVersion:
		return 0, errUnsupportedf("PPK format version %d (PuTTY before 0.52) is not supported; load it in an old puttygen and save it again", n)
	}
	return int(n), nil
}

// readArgon2Headers reads the five key-derivation headers of an encrypted
// version 3 file and checks them against the caps before anything runs.
func readArgon2Headers(t *ppkText, p *PPKHeader) error {
	kdf, err := t.header("Key-Derivation")
	if err != nil {
		return err
	}
	p.KDF = Argon2Variant(kdf)
	switch p.KDF {
	case Argon2id, Argon2i, Argon2d:
	default:
		return errUnsupportedf("PPK key derivation %q (want Argon2id, Argon2i or Argon2d)", truncateForMessage(kdf))
	}
	memory, err := t.number("Argon2-Memory", MaxArgon2Memory)
	if err != nil {
		return err
	}
	passes, err := t.number("Argon2-Passes", MaxArgon2Passes)
	if err != nil {
		return err
	}
	parallelism, err := t.number("Argon2-Parallelism", MaxArgon2Parallelism)
	if err != nil {
		return err
	}
	p.Memory, p.Passes, p.Parallelism = uint32(memory), uint32(passes), uint32(parallelism)
	if err := checkArgon2Params(p.KDF, p.Memory, p.Passes, p.Parallelism); err != nil {
		return errMalformedf("PPK %v", err)
	}
	if p.Salt, err = t.hexValue("Argon2-Salt", 0, false); err != nil {
		return err
	}
	if len(p.Salt) > ppkMaxSaltBytes {
		return errMalformedf("PPK Argon2-Salt is over %d bytes", ppkMaxSaltBytes)
	}
	return nil
}

// publicKey is the file's public key, with its comment, checked against
// the algorithm its header names.
func (f *ppkFile) publicKey() (*PublicKey, error) {
	pub, err := ParsePublicKeyBlob(f.public)
	if err != nil {
		return nil, err
	}
	if pub.Algorithm != f.algorithm {
		return nil, errMalformedf("PPK public key is %s but the header says %s", pub.Algorithm, f.algorithm)
	}
	pub.Comment = f.comment
	return pub, nil
}
