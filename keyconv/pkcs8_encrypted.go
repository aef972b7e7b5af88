package keyconv

import (
	"crypto"
	"crypto/aes"
	"crypto/cipher"
	"crypto/des"
	"crypto/pbkdf2"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/asn1"
	"hash"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// MaxPBKDF2Iterations is the most PBKDF2 iterations keyconv runs for an
// encrypted PKCS#8 key; [Parse] refuses a file asking for more with
// [ErrUnsupported], before asking for its passphrase. OpenSSL writes 2048;
// the cap is the count current advice gives for PBKDF2-HMAC-SHA256
// (OWASP, 600,000), which costs a few hundred milliseconds.
const MaxPBKDF2Iterations = 600_000

var (
	oidPBES2  = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 5, 13}
	oidPBKDF2 = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 5, 12}
	oidScrypt = asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 11591, 4, 11}
)

// pbkdf2PRFs are PBKDF2's pseudo-random functions, by OID.
var pbkdf2PRFs = []struct {
	oid  asn1.ObjectIdentifier
	hash func() hash.Hash
}{
	{asn1.ObjectIdentifier{1, 2, 840, 113549, 2, 7}, sha1.New},
	{asn1.ObjectIdentifier{1, 2, 840, 113549, 2, 8}, sha256.New224},
	{asn1.ObjectIdentifier{1, 2, 840, 113549, 2, 9}, sha256.New},
	{asn1.ObjectIdentifier{1, 2, 840, 113549, 2, 10}, sha512.New384},
	{asn1.ObjectIdentifier{1, 2, 840, 113549, 2, 11}, sha512.New},
}

// pbes2Ciphers are PBES2's encryption schemes keyconv reads, all CBC.
var pbes2Ciphers = []struct {
	oid      asn1.ObjectIdentifier
	keySize  int
	newBlock func(key []byte) (cipher.Block, error)
}{
	{asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 1, 2}, 16, aes.NewCipher},
	{asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 1, 22}, 24, aes.NewCipher},
	{asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 1, 42}, 32, aes.NewCipher},
	{asn1.ObjectIdentifier{1, 2, 840, 113549, 3, 7}, 24, des.NewTripleDESCipher},
}

// pbes2Params is what an EncryptedPrivateKeyInfo asks of the decryption.
type pbes2Params struct {
	prf        func() hash.Hash
	salt       []byte
	iterations int
	keySize    int
	newBlock   func(key []byte) (cipher.Block, error)
	iv         []byte
}

// parseEncryptedPKCS8 reads an EncryptedPrivateKeyInfo (RFC 5208 section 6)
// encrypted with PBES2 (RFC 8018): PBKDF2 with an HMAC-SHA-1 or SHA-2 PRF,
// and AES-CBC or DES-EDE3-CBC. The iteration count is checked against
// MaxPBKDF2Iterations before the passphrase is asked for.
func parseEncryptedPKCS8(der []byte, passphrase PassphraseFunc) (crypto.PrivateKey, error) {
	input := cryptobyte.String(der)
	var s, algID cryptobyte.String
	var oid asn1.ObjectIdentifier
	var data []byte
	if !input.ReadASN1(&s, cbasn1.SEQUENCE) || !input.Empty() ||
		!s.ReadASN1(&algID, cbasn1.SEQUENCE) || !algID.ReadASN1ObjectIdentifier(&oid) ||
		!s.ReadASN1Bytes(&data, cbasn1.OCTET_STRING) || !s.Empty() {
		return nil, errMalformedf("encrypted PKCS#8 key is not a well-formed EncryptedPrivateKeyInfo")
	}
	if !oid.Equal(oidPBES2) {
		return nil, errUnsupportedf("encrypted PKCS#8 scheme %s; only PBES2 is read (re-encrypt with `openssl pkcs8 -topk8 -v2 aes-256-cbc`)", oid)
	}
	params, err := parsePBES2Params(algID)
	if err != nil {
		return nil, err
	}
	if len(data) == 0 || len(data)%len(params.iv) != 0 {
		return nil, errMalformedf("encrypted PKCS#8 data is not a whole number of cipher blocks")
	}
	pass, err := passphraseFor(passphrase, nil)
	if err != nil {
		return nil, err
	}
	key, err := pbkdf2.Key(params.prf, string(pass), params.salt, params.iterations, params.keySize)
	if err != nil {
		return nil, errUnsupportedf("PBKDF2: %v", err)
	}
	block, err := params.newBlock(key)
	if err != nil {
		return nil, errMalformedf("PBES2 cipher: %v", err)
	}
	plain := make([]byte, len(data))
	cipher.NewCBCDecrypter(block, params.iv).CryptBlocks(plain, data)
	plain, ok := removePKCS7Padding(plain, block.BlockSize())
	if !ok || !isSingleDERSequence(plain) {
		return nil, ErrWrongPassphrase
	}
	return parsePKCS8(plain)
}

// parsePBES2Params reads PBES2-params: a PBKDF2 key derivation and a CBC
// encryption scheme.
func parsePBES2Params(algID cryptobyte.String) (*pbes2Params, error) {
	var params, kdf, kdfParams, enc cryptobyte.String
	var kdfOID, encOID asn1.ObjectIdentifier
	if !algID.ReadASN1(&params, cbasn1.SEQUENCE) || !algID.Empty() ||
		!params.ReadASN1(&kdf, cbasn1.SEQUENCE) || !kdf.ReadASN1ObjectIdentifier(&kdfOID) ||
		!params.ReadASN1(&enc, cbasn1.SEQUENCE) || !enc.ReadASN1ObjectIdentifier(&encOID) || !params.Empty() {
		return nil, errMalformedf("encrypted PKCS#8 key has bad PBES2 parameters")
	}
	if kdfOID.Equal(oidScrypt) {
		return nil, errUnsupportedf("scrypt-encrypted PKCS#8 keys; use PBKDF2 (`openssl pkcs8 -topk8 -v2 aes-256-cbc`)")
	}
	if !kdfOID.Equal(oidPBKDF2) {
		return nil, errUnsupportedf("PBES2 key derivation %s", kdfOID)
	}
	p := &pbes2Params{prf: sha1.New}
	for _, c := range pbes2Ciphers {
		if c.oid.Equal(encOID) {
			p.keySize, p.newBlock = c.keySize, c.newBlock
		}
	}
	if p.newBlock == nil {
		return nil, errUnsupportedf("PBES2 cipher %s", encOID)
	}
	if !enc.ReadASN1Bytes(&p.iv, cbasn1.OCTET_STRING) || !enc.Empty() {
		return nil, errMalformedf("encrypted PKCS#8 key has a bad cipher IV")
	}
	if block, _ := p.newBlock(make([]byte, p.keySize)); len(p.iv) != block.BlockSize() {
		return nil, errMalformedf("encrypted PKCS#8 key has a %d-byte IV", len(p.iv))
	}

	var iterations, keyLength int64
	if !kdf.ReadASN1(&kdfParams, cbasn1.SEQUENCE) || !kdf.Empty() ||
		!kdfParams.ReadASN1Bytes(&p.salt, cbasn1.OCTET_STRING) ||
		!kdfParams.ReadASN1Integer(&iterations) ||
		!kdfParams.ReadOptionalASN1Integer(&keyLength, cbasn1.INTEGER, int64(p.keySize)) {
		return nil, errMalformedf("encrypted PKCS#8 key has bad PBKDF2 parameters")
	}
	if iterations < 1 || iterations > MaxPBKDF2Iterations {
		return nil, errUnsupportedf("PBKDF2 iteration count %d (the limit is %d)", iterations, MaxPBKDF2Iterations)
	}
	if keyLength != int64(p.keySize) {
		return nil, errMalformedf("PBKDF2 key length %d does not suit the cipher", keyLength)
	}
	p.iterations = int(iterations)
	if !kdfParams.Empty() {
		var prf cryptobyte.String
		var prfOID asn1.ObjectIdentifier
		if !kdfParams.ReadASN1(&prf, cbasn1.SEQUENCE) || !kdfParams.Empty() || !prf.ReadASN1ObjectIdentifier(&prfOID) ||
			!(prf.Empty() || (prf.SkipASN1(cbasn1.NULL) && prf.Empty())) {
			return nil, errMalformedf("encrypted PKCS#8 key has a bad PBKDF2 PRF")
		}
		p.prf = nil
		for _, h := range pbkdf2PRFs {
			if h.oid.Equal(prfOID) {
				p.prf = h.hash
			}
		}
		if p.prf == nil {
			return nil, errUnsupportedf("PBKDF2 PRF %s", prfOID)
		}
	}
	return p, nil
}
