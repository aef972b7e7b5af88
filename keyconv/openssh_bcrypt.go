package keyconv

import (
	"crypto/sha512"
	"encoding/binary"
	"fmt"

	// bcrypt_pbkdf, which OpenSSH keys use, is built on Blowfish.
	//lint:ignore SA1019 bcrypt_pbkdf needs the bare cipher, which x/crypto keeps for it
	"golang.org/x/crypto/blowfish"
)

// bcryptPBKDF is OpenBSD's bcrypt_pbkdf, the key derivation of OpenSSH's
// private key format: PBKDF2's structure with a bcrypt-based hash, and the
// output bytes interleaved across blocks so that every output byte depends
// on every block. x/crypto keeps its copy internal, so keyconv has its own,
// built on x/crypto's exported Blowfish key schedule.
func bcryptPBKDF(pass, salt []byte, rounds, size int) ([]byte, error) {
	const hashSize = 32
	stride := (size + hashSize - 1) / hashSize
	amount := (size + stride - 1) / stride
	out := make([]byte, size)
	sha2pass := sha512.Sum512(pass)
	countSalt := make([]byte, len(salt)+4)
	copy(countSalt, salt)
	for count := 1; count <= stride; count++ {
		binary.BigEndian.PutUint32(countSalt[len(salt):], uint32(count))
		sha2salt := sha512.Sum512(countSalt)
		tmp, err := bcryptHash(&sha2pass, &sha2salt)
		if err != nil {
			return nil, err
		}
		block := tmp
		for i := 1; i < rounds; i++ {
			sha2salt = sha512.Sum512(tmp[:])
			if tmp, err = bcryptHash(&sha2pass, &sha2salt); err != nil {
				return nil, err
			}
			for j := range block {
				block[j] ^= tmp[j]
			}
		}
		for i := range amount {
			if dest := i*stride + count - 1; dest < size {
				out[dest] = block[i]
			}
		}
	}
	return out, nil
}

// bcryptMagic is the plaintext bcrypt_hash encrypts 64 times.
var bcryptMagic = []byte("OxychromaticBlowfishSwatDynamite")

// bcryptHash is bcrypt_pbkdf's inner hash: an expensive Blowfish key
// schedule over the hashed passphrase and salt, then 64 encryptions of
// bcryptMagic, its 32-bit words output in little-endian order.
func bcryptHash(sha2pass, sha2salt *[sha512.Size]byte) ([32]byte, error) {
	var buf [32]byte
	c, err := blowfish.NewSaltedCipher(sha2pass[:], sha2salt[:])
	if err != nil {
		return buf, fmt.Errorf("keyconv: bcrypt_pbkdf: %w", err)
	}
	for range 64 {
		blowfish.ExpandKey(sha2salt[:], c)
		blowfish.ExpandKey(sha2pass[:], c)
	}
	copy(buf[:], bcryptMagic)
	for i := 0; i < len(buf); i += blowfish.BlockSize {
		for range 64 {
			c.Encrypt(buf[i:i+blowfish.BlockSize], buf[i:i+blowfish.BlockSize])
		}
	}
	for i := 0; i < len(buf); i += 4 {
		binary.LittleEndian.PutUint32(buf[i:], binary.BigEndian.Uint32(buf[i:]))
	}
	return buf, nil
}
