package keyconv

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/subtle"

	"golang.org/x/crypto/chacha20"
	// OpenSSH's chacha20-poly1305 is not the RFC 8439 AEAD, so it needs the bare MAC.
	//lint:ignore SA1019 the bare Poly1305 is what OpenSSH's construction uses
	"golang.org/x/crypto/poly1305"
)

// opensshCipher is one of the ciphers OpenSSH can encrypt a private key
// with. The key and IV both come from bcrypt_pbkdf, keySize+ivSize bytes.
type opensshCipher struct {
	name      string
	keySize   int
	ivSize    int
	blockSize int // the private section is padded to a multiple of this
	tagSize   int // AEAD tag stored after the encrypted section; 0 if none
	// decrypt returns the plaintext, or ErrWrongPassphrase when an AEAD tag
	// does not verify.
	decrypt func(key, iv, data, tag []byte) ([]byte, error)
}

// opensshCipherNone is the cipher of unencrypted files, whose private
// section is padded to a multiple of opensshPlainBlock bytes.
const (
	opensshCipherNone = "none"
	opensshPlainBlock = 8
)

var opensshCiphers = []opensshCipher{
	{"aes128-ctr", 16, aes.BlockSize, aes.BlockSize, 0, decryptAESCTR},
	{"aes192-ctr", 24, aes.BlockSize, aes.BlockSize, 0, decryptAESCTR},
	{"aes256-ctr", 32, aes.BlockSize, aes.BlockSize, 0, decryptAESCTR},
	{"aes128-cbc", 16, aes.BlockSize, aes.BlockSize, 0, decryptAESCBC},
	{"aes192-cbc", 24, aes.BlockSize, aes.BlockSize, 0, decryptAESCBC},
	{"aes256-cbc", 32, aes.BlockSize, aes.BlockSize, 0, decryptAESCBC},
	{"aes128-gcm@openssh.com", 16, 12, aes.BlockSize, 16, decryptAESGCM},
	{"aes256-gcm@openssh.com", 32, 12, aes.BlockSize, 16, decryptAESGCM},
	{"chacha20-poly1305@openssh.com", 64, 0, 8, poly1305.TagSize, decryptChaChaPoly},
}

func opensshCipherByName(name string) (*opensshCipher, error) {
	for i := range opensshCiphers {
		if opensshCiphers[i].name == name {
			return &opensshCiphers[i], nil
		}
	}
	return nil, errUnsupportedf("OpenSSH key cipher %q", truncateForMessage(name))
}

// aesCTR is both directions of AES-CTR.
func aesCTR(key, iv, data []byte) ([]byte, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	out := make([]byte, len(data))
	cipher.NewCTR(block, iv).XORKeyStream(out, data)
	return out, nil
}

func decryptAESCTR(key, iv, data, _ []byte) ([]byte, error) {
	return aesCTR(key, iv, data)
}

func decryptAESCBC(key, iv, data, _ []byte) ([]byte, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	out := make([]byte, len(data))
	cipher.NewCBCDecrypter(block, iv).CryptBlocks(out, data)
	return out, nil
}

// decryptAESGCM undoes OpenSSH's AES-GCM as its key files use it: the IV
// from bcrypt_pbkdf as the nonce, no additional data, the tag apart.
func decryptAESGCM(key, iv, data, tag []byte) ([]byte, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	sealed := append(append(make([]byte, 0, len(data)+len(tag)), data...), tag...)
	out, err := aead.Open(nil, iv, sealed, nil)
	if err != nil {
		return nil, ErrWrongPassphrase
	}
	return out, nil
}

// decryptChaChaPoly undoes chacha20-poly1305@openssh.com for a key file:
// packet sequence number 0 as the nonce, no length field, the first 32 key
// bytes as the payload key. ChaCha20 block 0 gives the Poly1305 key, which
// authenticates the ciphertext; the payload starts at block 1.
func decryptChaChaPoly(key, _, data, tag []byte) ([]byte, error) {
	c, err := chacha20.NewUnauthenticatedCipher(key[:chacha20.KeySize], make([]byte, chacha20.NonceSize))
	if err != nil {
		return nil, err
	}
	var polyKey [32]byte
	c.XORKeyStream(polyKey[:], polyKey[:])
	var mac [poly1305.TagSize]byte
	poly1305.Sum(&mac, data, &polyKey)
	if subtle.ConstantTimeCompare(mac[:], tag) != 1 {
		return nil, ErrWrongPassphrase
	}
	c.SetCounter(1)
	out := make([]byte, len(data))
	c.XORKeyStream(out, data)
	return out, nil
}
