package keyconv

import (
	"bytes"
	"encoding/pem"
	"errors"
	"testing"

	"github.com/cloudkeypair/keypair/internal/fixture"
)

// opensshFields are the parts of an openssh-key-v1 file, for tests that
// take a file apart, change it and put it back together.
type opensshFields struct {
	cipher, kdf string
	kdfOptions  []byte
	count       uint32
	pub         []byte
	section     []byte // the private section, encrypted or not
	tail        []byte // an AEAD tag, or nothing
}

func decodeOpenSSHFields(t testing.TB, file []byte) opensshFields {
	t.Helper()
	block, _ := pem.Decode(file)
	if block == nil || block.Type != pemTypeOpenSSH {
		t.Fatalf("not an OpenSSH key file")
	}
	rest, ok := bytes.CutPrefix(block.Bytes, []byte(opensshMagic))
	if !ok {
		t.Fatalf("no openssh-key-v1 magic")
	}
	r := wireReader{buf: rest}
	f := opensshFields{cipher: r.string(), kdf: r.string(), kdfOptions: r.bytes(), count: r.uint32(), pub: r.bytes(), section: r.bytes()}
	if r.err != nil {
		t.Fatal(r.err)
	}
	f.tail = r.buf
	return f
}

func (f opensshFields) encode() []byte {
	b := []byte(opensshMagic)
	b = appendString(b, f.cipher)
	b = appendString(b, f.kdf)
	b = appendBytes(b, f.kdfOptions)
	b = appendUint32(b, f.count)
	b = appendBytes(b, f.pub)
	b = appendBytes(b, f.section)
	return encodeOpenSSHArmour(append(b, f.tail...))
}

// plainSection decrypts the private section of an aes256-ctr file (or
// returns that of an unencrypted one), for tests that need its check word.
func (f opensshFields) plainSection(t testing.TB, pass []byte) []byte {
	t.Helper()
	if f.cipher == opensshCipherNone {
		return f.section
	}
	if f.cipher != "aes256-ctr" || f.kdf != opensshKDFBcrypt {
		t.Fatalf("cipher %s with KDF %s", f.cipher, f.kdf)
	}
	opts := wireReader{buf: f.kdfOptions}
	salt, rounds := opts.bytes(), opts.uint32()
	keyIV, err := bcryptPBKDF(pass, salt, int(rounds), 48)
	if err != nil {
		t.Fatal(err)
	}
	plain, err := aesCTR(keyIV[:32], keyIV[32:], f.section)
	if err != nil {
		t.Fatal(err)
	}
	return plain
}

// TestParseOpenSSHErrors changes one thing at a time in a good file.
func TestParseOpenSSHErrors(t *testing.T) {
	plain := decodeOpenSSHFields(t, readPEMFixture(t, "ssh-keygen.ecdsa256.openssh.key"))
	enc := decodeOpenSSHFields(t, readPEMFixture(t, "ssh-keygen.ecdsa256.openssh.aes256-ctr.enc.key"))
	gcm := decodeOpenSSHFields(t, readPEMFixture(t, "ssh-keygen.ed25519.openssh.aes256-gcm.enc.key"))
	other := decodeOpenSSHFields(t, readPEMFixture(t, "ssh-keygen.ecdsa384.openssh.key"))
	pass := fixture.Passphrase(t)

	// edit returns a copy of f changed by change.
	edit := func(f opensshFields, change func(f *opensshFields)) []byte {
		f.section = append([]byte(nil), f.section...)
		change(&f)
		return f.encode()
	}
	bcryptOptions := func(salt []byte, rounds uint32) []byte { return appendUint32(appendBytes(nil, salt), rounds) }

	cases := []badKeyCase{
		{"bad magic", pemBlock(pemTypeOpenSSH, []byte("openssh-key-v2\x00")), ErrMalformed, "openssh-key-v1"},
		{"truncated", pemBlock(pemTypeOpenSSH, []byte(opensshMagic+"\x00\x00")), ErrMalformed, "truncated"},
		{"two keys", edit(plain, func(f *opensshFields) { f.count = 2 }), ErrUnsupported, "holding 2 keys"},
		{"check words differ", edit(plain, func(f *opensshFields) { f.section[0] ^= 1 }), ErrMalformed, "check words differ"},
		{"bad padding", edit(plain, func(f *opensshFields) { f.section = append(f.section, 1, 2, 3, 4, 5, 6, 7, 9) }), ErrMalformed, "bad padding"},
		{"unpadded", edit(plain, func(f *opensshFields) { f.section = append(f.section, 1) }), ErrMalformed, "whole number"},
		{"trailing bytes", edit(plain, func(f *opensshFields) { f.tail = []byte{0} }), ErrMalformed, "trailing data"},
		{"KDF on a plain key", edit(plain, func(f *opensshFields) { f.kdf = opensshKDFBcrypt }), ErrMalformed, "KDF"},
		{"public half of another key", edit(plain, func(f *opensshFields) { f.pub = other.pub }), ErrMalformed, "ecdsa-sha2-nistp256"},
		{"halves differ", edit(plain, func(f *opensshFields) {
			f.pub = append([]byte(nil), f.pub...)
			f.pub[len(f.pub)-1] ^= 1
		}), ErrMalformed, "do not match"},
		{"unknown public key type", edit(plain, func(f *opensshFields) { f.pub = appendString(nil, "sk-ssh-ed25519@openssh.com") }), ErrUnsupported, "sk-ssh-ed25519"},
		{"unknown cipher", edit(enc, func(f *opensshFields) { f.cipher = "3des-cbc" }), ErrUnsupported, "3des-cbc"},
		{"unknown KDF", edit(enc, func(f *opensshFields) { f.kdf = "scrypt" }), ErrUnsupported, "scrypt"},
		{"bcrypt rounds over the cap", edit(enc, func(f *opensshFields) { f.kdfOptions = bcryptOptions(make([]byte, 16), MaxBcryptRounds+1) }), ErrUnsupported, "bcrypt rounds"},
		{"huge bcrypt rounds", edit(enc, func(f *opensshFields) { f.kdfOptions = bcryptOptions(make([]byte, 16), 1<<32-1) }), ErrUnsupported, "bcrypt rounds"},
		{"zero bcrypt rounds", edit(enc, func(f *opensshFields) { f.kdfOptions = bcryptOptions(make([]byte, 16), 0) }), ErrMalformed, "zero rounds"},
		{"bad bcrypt options", edit(enc, func(f *opensshFields) { f.kdfOptions = []byte{1, 2} }), ErrMalformed, "bcrypt options"},
		{"partial cipher block", edit(enc, func(f *opensshFields) { f.section = f.section[:len(f.section)-1] }), ErrMalformed, "whole number"},
		{"missing GCM tag", edit(gcm, func(f *opensshFields) { f.tail = nil }), ErrMalformed, "after the encrypted section"},
		{"damaged GCM data", edit(gcm, func(f *opensshFields) { f.section[3] ^= 1 }), ErrWrongPassphrase, "wrong passphrase"},
		{"damaged encrypted check word", edit(enc, func(f *opensshFields) { f.section[0] ^= 1 }), ErrWrongPassphrase, "wrong passphrase"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { checkBadKey(t, c, Passphrase(pass)) })
	}
}

// TestParseOpenSSHAcceptsHardenedRounds: keys made with "ssh-keygen -a
// 200" or "-a 1000", as hardening guides suggest, open in puttygen, so they
// must reach the passphrase here rather than be refused as too costly.
func TestParseOpenSSHAcceptsHardenedRounds(t *testing.T) {
	for _, rounds := range []uint32{200, 1000} {
		f := decodeOpenSSHFields(t, readPEMFixture(t, "ssh-keygen.ed25519.openssh.aes256-ctr.enc.key"))
		f.kdfOptions = appendUint32(appendBytes(nil, make([]byte, 16)), rounds)
		var missing *PassphraseMissingError
		if _, err := Parse(f.encode(), nil); !errors.As(err, &missing) {
			t.Errorf("%d rounds: got %v, want a PassphraseMissingError", rounds, err)
		}
	}
}

// TestParseOpenSSHCapsBeforePassphrase checks that a file asking for too
// much work is refused before its passphrase is asked for.
func TestParseOpenSSHCapsBeforePassphrase(t *testing.T) {
	f := decodeOpenSSHFields(t, readPEMFixture(t, "ssh-keygen.ed25519.openssh.aes256-ctr.enc.key"))
	f.kdfOptions = appendUint32(appendBytes(nil, make([]byte, 16)), 1<<20)
	asked := false
	_, err := Parse(f.encode(), func() ([]byte, error) { asked = true; return []byte("x"), nil })
	if !errors.Is(err, ErrUnsupported) || asked {
		t.Fatalf("got %v (passphrase asked: %v), want ErrUnsupported before asking", err, asked)
	}
}
