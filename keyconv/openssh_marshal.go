package keyconv

import (
	"crypto/aes"
	"encoding/pem"
	"io"
)

// What keyconv encrypts OpenSSH keys with: ssh-keygen's and puttygen's
// choices.
const (
	opensshWriteCipher   = "aes256-ctr"
	opensshWriteRounds   = 16
	opensshWriteSaltSize = 16
	// puttygen pads the private section to 16 bytes even unencrypted, and
	// always with at least one byte (a whole block when the section is
	// already aligned), where ssh-keygen pads to 8 with none when aligned.
	// Both read either.
	opensshWriteBlock = 16
)

// marshalOpenSSH writes k in openssh-key-v1 format, unencrypted when pass
// is empty, as puttygen's "-O private-openssh-new" does: the check word from
// rnd, then (encrypting) the salt, padding 1, 2, 3, ....
func marshalOpenSSH(k *Key, pass []byte, rnd io.Reader) ([]byte, error) {
	// ssh-keygen -y and -l print the comment as it is stored.
	if err := checkComment(k.Comment); err != nil {
		return nil, err
	}
	pub, err := publicBlob(k.PrivateKey)
	if err != nil {
		return nil, err
	}
	var check [4]byte
	if _, err := io.ReadFull(rnd, check[:]); err != nil {
		return nil, errRandom(err)
	}
	section := append(check[:], check[:]...)
	section = appendString(section, k.Algorithm())
	if section, err = opensshPrivateFields(section, k.PrivateKey); err != nil {
		return nil, err
	}
	section = appendString(section, k.Comment)

	cipherName, kdfName, kdfOptions := opensshCipherNone, opensshKDFNone, []byte(nil)
	var keyIV []byte
	if len(pass) > 0 {
		salt := make([]byte, opensshWriteSaltSize)
		if _, err := io.ReadFull(rnd, salt); err != nil {
			return nil, errRandom(err)
		}
		cipherName, kdfName = opensshWriteCipher, opensshKDFBcrypt
		kdfOptions = appendUint32(appendBytes(nil, salt), opensshWriteRounds)
		if keyIV, err = bcryptPBKDF(pass, salt, opensshWriteRounds, 32+aes.BlockSize); err != nil {
			return nil, err
		}
	}
	for i := byte(1); i == 1 || len(section)%opensshWriteBlock != 0; i++ {
		section = append(section, i)
	}
	if keyIV != nil {
		if section, err = aesCTR(keyIV[:32], keyIV[32:], section); err != nil {
			return nil, err
		}
	}

	b := []byte(opensshMagic)
	b = appendString(b, cipherName)
	b = appendString(b, kdfName)
	b = appendBytes(b, kdfOptions)
	b = appendUint32(b, 1)
	b = appendBytes(b, pub)
	b = appendBytes(b, section)
	return encodeOpenSSHArmour(b), nil
}

// encodeOpenSSHArmour wraps b as puttygen does: PEM armour with base64
// lines of 64 characters. (ssh-keygen writes 70; both read either.)
func encodeOpenSSHArmour(b []byte) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: pemTypeOpenSSH, Bytes: b})
}
