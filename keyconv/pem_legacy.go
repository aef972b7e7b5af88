package keyconv

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/des"
	"crypto/md5"
	"encoding/hex"
	"encoding/pem"
	"io"
	"strings"
)

// Legacy PEM encryption is OpenSSL's pre-PKCS#8 scheme, still what
// `openssl rsa -des3` and puttygen write: headers "Proc-Type: 4,ENCRYPTED"
// and "DEK-Info: CIPHER,HEXIV", a key from EVP_BytesToKey with MD5, one
// iteration and the IV's first 8 bytes as salt, and CBC with PKCS#7 padding.
// The standard library's x509.DecryptPEMBlock is deprecated, so keyconv has
// its own.

// legacyPEMCipher is one DEK-Info cipher.
type legacyPEMCipher struct {
	name     string
	keySize  int
	newBlock func(key []byte) (cipher.Block, error)
}

var legacyPEMCiphers = []legacyPEMCipher{
	{"DES-EDE3-CBC", 24, des.NewTripleDESCipher},
	{"AES-128-CBC", 16, aes.NewCipher},
	{"AES-192-CBC", 24, aes.NewCipher},
	{"AES-256-CBC", 32, aes.NewCipher},
}

// Header names and values of legacy PEM encryption.
const (
	pemHeaderProcType  = "Proc-Type"
	pemHeaderDEKInfo   = "DEK-Info"
	pemProcTypeEncrypt = "4,ENCRYPTED"
)

// decryptLegacyPEM returns the block's DER, decrypting it when its headers
// say so. Headers other than the two of legacy encryption are refused.
func decryptLegacyPEM(block *pem.Block, passphrase PassphraseFunc) (der []byte, encrypted bool, err error) {
	for name := range block.Headers {
		if name != pemHeaderProcType && name != pemHeaderDEKInfo {
			return nil, false, errMalformedf("unexpected PEM header %q", truncateForMessage(name))
		}
	}
	procType, hasProcType := block.Headers[pemHeaderProcType]
	dekInfo, hasDEKInfo := block.Headers[pemHeaderDEKInfo]
	switch {
	case !hasProcType && !hasDEKInfo:
		return block.Bytes, false, nil
	case procType != pemProcTypeEncrypt:
		return nil, false, errMalformedf("PEM header Proc-Type is %q, want %q", truncateForMessage(procType), pemProcTypeEncrypt)
	case !hasDEKInfo:
		return nil, false, errMalformedf("encrypted PEM block has no DEK-Info header")
	}
	c, iv, err := parseDEKInfo(dekInfo)
	if err != nil {
		return nil, false, err
	}
	if len(block.Bytes) == 0 || len(block.Bytes)%len(iv) != 0 {
		return nil, false, errMalformedf("encrypted PEM data is not a whole number of cipher blocks")
	}
	pass, err := passphraseFor(passphrase, nil)
	if err != nil {
		return nil, false, err
	}
	bc, err := c.newBlock(evpBytesToKeyMD5(pass, iv[:8], c.keySize))
	if err != nil {
		return nil, false, errMalformedf("%s: %v", c.name, err)
	}
	plain := make([]byte, len(block.Bytes))
	cipher.NewCBCDecrypter(bc, iv).CryptBlocks(plain, block.Bytes)
	plain, ok := removePKCS7Padding(plain, bc.BlockSize())
	if !ok {
		return nil, false, ErrWrongPassphrase
	}
	return plain, true, nil
}

// parseDEKInfo reads "CIPHER,HEXIV".
func parseDEKInfo(v string) (legacyPEMCipher, []byte, error) {
	name, hexIV, ok := strings.Cut(v, ",")
	if !ok {
		return legacyPEMCipher{}, nil, errMalformedf("PEM header DEK-Info is not CIPHER,IV")
	}
	for _, c := range legacyPEMCiphers {
		if c.name != name {
			continue
		}
		iv, err := hex.DecodeString(hexIV)
		want := aes.BlockSize
		if strings.HasPrefix(name, "DES") {
			want = des.BlockSize
		}
		if err != nil || len(iv) != want {
			return legacyPEMCipher{}, nil, errMalformedf("PEM header DEK-Info has a bad IV for %s", name)
		}
		return c, iv, nil
	}
	return legacyPEMCipher{}, nil, errUnsupportedf("legacy PEM cipher %q", truncateForMessage(name))
}

// evpBytesToKeyMD5 is OpenSSL's EVP_BytesToKey with MD5 and one iteration:
// D_i = MD5(D_{i-1} || pass || salt), key = D_1 || D_2 || ... cut to size.
func evpBytesToKeyMD5(pass, salt []byte, size int) []byte {
	var key, prev []byte
	for len(key) < size {
		h := md5.New()
		h.Write(prev)
		h.Write(pass)
		h.Write(salt)
		prev = h.Sum(nil)
		key = append(key, prev...)
	}
	return key[:size]
}

// removePKCS7Padding checks and strips PKCS#7 padding. A bad pad is what a
// wrong passphrase usually produces.
func removePKCS7Padding(b []byte, blockSize int) ([]byte, bool) {
	if len(b) == 0 || len(b)%blockSize != 0 {
		return nil, false
	}
	n := int(b[len(b)-1])
	if n == 0 || n > blockSize {
		return nil, false
	}
	for _, v := range b[len(b)-n:] {
		if int(v) != n {
			return nil, false
		}
	}
	return b[:len(b)-n], true
}

func addPKCS7Padding(b []byte, blockSize int) []byte {
	n := blockSize - len(b)%blockSize
	for range n {
		b = append(b, byte(n))
	}
	return b
}

// encryptLegacyPEM builds the block puttygen writes for an encrypted
// traditional key: DES-EDE3-CBC with a random 8-byte IV, the IV in
// uppercase hex as OpenSSL writes it.
func encryptLegacyPEM(typ string, der, pass []byte, rand io.Reader) (*pem.Block, error) {
	iv := make([]byte, des.BlockSize)
	if _, err := io.ReadFull(rand, iv); err != nil {
		return nil, errRandom(err)
	}
	bc, err := des.NewTripleDESCipher(evpBytesToKeyMD5(pass, iv, 24))
	if err != nil {
		return nil, err
	}
	out := addPKCS7Padding(append([]byte(nil), der...), des.BlockSize)
	cipher.NewCBCEncrypter(bc, iv).CryptBlocks(out, out)
	return &pem.Block{
		Type: typ,
		Headers: map[string]string{
			pemHeaderProcType: pemProcTypeEncrypt,
			pemHeaderDEKInfo:  "DES-EDE3-CBC," + strings.ToUpper(hex.EncodeToString(iv)),
		},
		Bytes: out,
	}, nil
}
