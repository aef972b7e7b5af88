package keyconv

import (
	"crypto/sha512"
	"encoding/binary"
	"errors"
	"fmt"
	"sync"

	// bcrypt_pbkdf, which OpenSSH keys use, is built on Blowfish.
	//lint:ignore SA1019 bcrypt_pbkdf needs the bare cipher, which x/crypto keeps for it
	"golang.org/x/crypto/blowfish"
)

// bcryptPBKDF is OpenBSD's bcrypt_pbkdf, the key derivation of OpenSSH's
// private key format: PBKDF2's structure with a bcrypt-based hash, and the
// output bytes interleaved across blocks so that every output byte depends
// on every block. x/crypto keeps its copy internal, so keyconv has its own,
// built on x/crypto's exported Blowfish key schedule.
//
// The blocks (two for an AES-256 key and IV) depend only on the passphrase,
// the salt and their own index, so each runs on a goroutine of its own:
// opening a key takes the time of one block, not of all of them.
func bcryptPBKDF(pass, salt []byte, rounds, size int) ([]byte, error) {
	const hashSize = 32
	stride := (size + hashSize - 1) / hashSize
	amount := (size + stride - 1) / stride
	sha2pass := sha512.Sum512(pass)
	blocks := make([][hashSize]byte, stride)
	errs := make([]error, stride)
	var wg sync.WaitGroup
	for i := range blocks {
		wg.Go(func() { blocks[i], errs[i] = bcryptBlock(&sha2pass, salt, uint32(i+1), rounds) })
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	out := make([]byte, size)
	for count, block := range blocks {
		for i := range amount {
			if dest := i*stride + count; dest < size {
				out[dest] = block[i]
			}
		}
	}
	return out, nil
}

// bcryptBlock is one output block of bcryptPBKDF: rounds chained
// bcryptHash calls over the salt and the block's 1-based count, XORed.
func bcryptBlock(sha2pass *[sha512.Size]byte, salt []byte, count uint32, rounds int) ([32]byte, error) {
	countSalt := binary.BigEndian.AppendUint32(append([]byte(nil), salt...), count)
	sha2salt := sha512.Sum512(countSalt)
	tmp, err := bcryptHash(sha2pass, &sha2salt)
	if err != nil {
		return tmp, err
	}
	block := tmp
	for i := 1; i < rounds; i++ {
		sha2salt = sha512.Sum512(tmp[:])
		if tmp, err = bcryptHash(sha2pass, &sha2salt); err != nil {
			return tmp, err
		}
		for j := range block {
			block[j] ^= tmp[j]
		}
	}
	return block, nil
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
