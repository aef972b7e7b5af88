package keyconv

import (
	"bytes"
	"crypto/rsa"
	"encoding/asn1"
	"encoding/pem"
	"errors"
	"math/big"
	"strings"
	"testing"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// badKeyCase is an input keyconv must refuse with a one-line error that
// wraps want and says msg.
type badKeyCase struct {
	name string
	data []byte
	want error
	msg  string
}

func checkBadKey(t *testing.T, c badKeyCase, passphrase PassphraseFunc) {
	t.Helper()
	k, err := Parse(c.data, passphrase)
	if err == nil {
		t.Fatalf("parsed a %s key from bad input", k.Algorithm())
	}
	if !errors.Is(err, c.want) {
		t.Errorf("error %q does not wrap %q", err, c.want)
	}
	if !strings.Contains(err.Error(), c.msg) {
		t.Errorf("error %q does not say %q", err, c.msg)
	}
	if !strings.HasPrefix(err.Error(), "keyconv: ") || strings.Contains(err.Error(), "\n") {
		t.Errorf("error %q is not one line starting with keyconv:", err)
	}
}

func pemBlock(typ string, der []byte, headers ...string) []byte {
	b := &pem.Block{Type: typ, Bytes: der, Headers: map[string]string{}}
	for i := 0; i+1 < len(headers); i += 2 {
		b.Headers[headers[i]] = headers[i+1]
	}
	return pem.EncodeToMemory(b)
}

func derSequence(t *testing.T, f func(b *cryptobyte.Builder)) []byte {
	t.Helper()
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, f)
	der, err := b.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	return der
}

// pbes2DER builds an EncryptedPrivateKeyInfo around garbage, with the given
// key derivation OID and PBKDF2 iteration count.
func pbes2DER(t *testing.T, kdf asn1.ObjectIdentifier, iterations int64) []byte {
	return derSequence(t, func(b *cryptobyte.Builder) {
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
			b.AddASN1ObjectIdentifier(oidPBES2)
			b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
				b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
					b.AddASN1ObjectIdentifier(kdf)
					b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
						b.AddASN1OctetString(make([]byte, 8))
						b.AddASN1Int64(iterations)
					})
				})
				b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
					b.AddASN1ObjectIdentifier(asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 1, 42})
					b.AddASN1OctetString(make([]byte, 16))
				})
			})
		})
		b.AddASN1OctetString(make([]byte, 32))
	})
}

func TestParsePEMErrors(t *testing.T) {
	rsaPEM := readPEMFixture(t, "openssl.rsa2048.trad.pem")
	rsaBlock, _ := pem.Decode(rsaPEM)
	ecBlock, _ := pem.Decode(readPEMFixture(t, "openssl.ecdsa256.trad.pem"))
	p384Params, _ := pem.Decode(readPEMFixture(t, "openssl.ecdsa384.trad.pem"))
	p384Key, err := parseSEC1(p384Params.Bytes, nil)
	if err != nil {
		t.Fatal(err)
	}
	p384OID, _ := curveByCurve(p384Key.Curve)
	p384ParamsDER, _ := asn1.Marshal(p384OID.oid)
	lines := bytes.Split(rsaPEM, []byte("\n"))

	rsaFields := func(version int64, n *big.Int) []byte {
		k, err := parsePKCS1(rsaBlock.Bytes)
		if err != nil {
			t.Fatal(err)
		}
		return derSequence(t, func(b *cryptobyte.Builder) {
			b.AddASN1Int64(version)
			for _, v := range []*big.Int{n, big.NewInt(int64(k.E)), k.D, k.Primes[0], k.Primes[1], k.D, k.D, k.D} {
				if v == nil {
					v = k.N
				}
				b.AddASN1BigInt(v)
			}
			if version == 1 { // otherPrimeInfos
				b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {})
			}
		})
	}
	huge := new(big.Int).Lsh(big.NewInt(1), 100000)

	cases := []badKeyCase{
		{"truncated", rsaPEM[:len(rsaPEM)/2], ErrMalformed, "no matching END line"},
		{"lines missing", append(bytes.Join(lines[:5], []byte("\n")), []byte("\n-----END RSA PRIVATE KEY-----\n")...), ErrMalformed, "PKCS#1"},
		{"bad base64", bytes.Replace(rsaPEM, lines[3][:4], []byte("!!!!"), 1), ErrMalformed, "bad base64"},
		{"no BEGIN line end", []byte("-----BEGIN RSA PRIVATE KEY\nAAAA\n"), ErrMalformed, "bad BEGIN line"},
		{"RSA block holding an EC key", pemBlock(pemTypeRSA, ecBlock.Bytes), ErrMalformed, "PKCS#1"},
		{"EC block holding an RSA key", pemBlock(pemTypeEC, rsaBlock.Bytes), ErrMalformed, "EC private key"},
		{"DSA block holding an RSA key", pemBlock(pemTypeDSA, rsaBlock.Bytes), ErrMalformed, "DSA key"},
		{"PKCS#8 block holding an RSA key", pemBlock(pemTypePKCS8, rsaBlock.Bytes), ErrMalformed, "PKCS#8"},
		{"OpenSSH block holding an RSA key", pemBlock(pemTypeOpenSSH, rsaBlock.Bytes), ErrMalformed, "openssh-key-v1"},
		{"not DER", pemBlock(pemTypeRSA, []byte("hello, world")), ErrMalformed, "not a DER SEQUENCE"},
		{"trailing DER", pemBlock(pemTypeRSA, append(append([]byte(nil), rsaBlock.Bytes...), 0, 0)), ErrMalformed, "not a DER SEQUENCE"},
		{"n is not p*q", pemBlock(pemTypeRSA, rsaFields(0, new(big.Int).Add(mustParsePKCS1(t, rsaBlock.Bytes).N, big.NewInt(2)))), ErrMalformed, "n is not p*q"},
		{"multi-prime RSA", pemBlock(pemTypeRSA, rsaFields(1, nil)), ErrUnsupported, "multi-prime"},
		{"huge RSA", pemBlock(pemTypeRSA, rsaFields(0, huge)), ErrUnsupported, "over 16384 bits"},
		{"public key", pemBlock("PUBLIC KEY", []byte{0x30, 0}), ErrMalformed, "public key, not a private key"},
		{"RSA public key", pemBlock("RSA PUBLIC KEY", []byte{0x30, 0}), ErrMalformed, "public key, not a private key"},
		{"certificate", pemBlock("CERTIFICATE", []byte{0x30, 0}), ErrMalformed, "X.509 certificate"},
		{"certificate request", pemBlock("CERTIFICATE REQUEST", []byte{0x30, 0}), ErrMalformed, "certificate request"},
		{"other private key", pemBlock("SSH2 FOO PRIVATE KEY", []byte{0x30, 0}), ErrUnsupported, "not supported"},
		{"something else", pemBlock("X509 CRL", []byte{0x30, 0}), ErrMalformed, "is not a private key"},
		{"key then certificate", append(append([]byte(nil), rsaPEM...), pemBlock("CERTIFICATE", []byte{0x30, 0})...), ErrMalformed, "more than one PEM block"},
		{"trailing text", append(append([]byte(nil), rsaPEM...), "garbage\n"...), ErrMalformed, "unexpected data after"},
		{"header on PKCS#8", pemBlock(pemTypePKCS8, rsaBlock.Bytes, "Comment", "x"), ErrMalformed, "unexpected PEM header"},
		{"header on OpenSSH", pemBlock(pemTypeOpenSSH, rsaBlock.Bytes, "Proc-Type", "4,ENCRYPTED"), ErrMalformed, "unexpected PEM header"},
		{"unknown header", pemBlock(pemTypeRSA, rsaBlock.Bytes, "Comment", "x"), ErrMalformed, "unexpected PEM header"},
		{"Proc-Type without DEK-Info", pemBlock(pemTypeRSA, rsaBlock.Bytes, "Proc-Type", "4,ENCRYPTED"), ErrMalformed, "no DEK-Info"},
		{"bad Proc-Type", pemBlock(pemTypeRSA, rsaBlock.Bytes, "Proc-Type", "4,MIC-ONLY", "DEK-Info", "DES-EDE3-CBC,0011223344556677"), ErrMalformed, "Proc-Type"},
		{"unknown DEK-Info cipher", pemBlock(pemTypeRSA, rsaBlock.Bytes, "Proc-Type", "4,ENCRYPTED", "DEK-Info", "BF-CBC,0011223344556677"), ErrUnsupported, "BF-CBC"},
		{"short IV", pemBlock(pemTypeRSA, rsaBlock.Bytes, "Proc-Type", "4,ENCRYPTED", "DEK-Info", "AES-256-CBC,0011"), ErrMalformed, "bad IV"},
		{"partial cipher block", pemBlock(pemTypeRSA, rsaBlock.Bytes[:17], "Proc-Type", "4,ENCRYPTED", "DEK-Info", "AES-128-CBC,00112233445566770011223344556677"), ErrMalformed, "whole number of cipher blocks"},
		{"EC PARAMETERS alone", pemBlock(pemTypeECParameters, p384ParamsDER), ErrMalformed, "only EC PARAMETERS"},
		{"EC PARAMETERS then RSA", append(pemBlock(pemTypeECParameters, p384ParamsDER), rsaPEM...), ErrMalformed, "EC PARAMETERS block is followed by"},
		{"two curves", append(pemBlock(pemTypeECParameters, p384ParamsDER), pemBlock(pemTypeEC, ecBlock.Bytes)...), ErrMalformed, "two different curves"},
		{"unknown curve", append(pemBlock(pemTypeECParameters, mustMarshalOID(t, asn1.ObjectIdentifier{1, 3, 132, 0, 10})), pemBlock(pemTypeEC, ecBlock.Bytes)...), ErrUnsupported, "elliptic curve 1.3.132.0.10"},
		{"PBKDF2 iterations over the cap", pemBlock(pemTypePKCS8Enc, pbes2DER(t, oidPBKDF2, 1<<40)), ErrUnsupported, "PBKDF2 iteration count"},
		{"scrypt", pemBlock(pemTypePKCS8Enc, pbes2DER(t, oidScrypt, 1)), ErrUnsupported, "scrypt"},
		{"binary", []byte("\x7fELF\x02\x01\x01\x00\x00\x00"), ErrMalformed, "not a private key file"},
		{"authorized_keys line", []byte("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA== me\n"), ErrMalformed, "public key"},
		{"empty", []byte(" \n"), ErrMalformed, "empty"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { checkBadKey(t, c, Passphrase([]byte("x"))) })
	}
}

func mustParsePKCS1(t *testing.T, der []byte) *rsa.PrivateKey {
	t.Helper()
	k, err := parsePKCS1(der)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func mustMarshalOID(t *testing.T, oid asn1.ObjectIdentifier) []byte {
	t.Helper()
	der, err := asn1.Marshal(oid)
	if err != nil {
		t.Fatal(err)
	}
	return der
}

// TestParseEncryptedPKCS8CapsBeforePassphrase checks that a file asking for
// too many PBKDF2 iterations is refused before its passphrase is asked for.
func TestParseEncryptedPKCS8CapsBeforePassphrase(t *testing.T) {
	asked := false
	_, err := Parse(pemBlock(pemTypePKCS8Enc, pbes2DER(t, oidPBKDF2, MaxPBKDF2Iterations+1)), func() ([]byte, error) {
		asked = true
		return []byte("x"), nil
	})
	if !errors.Is(err, ErrUnsupported) || asked {
		t.Fatalf("got %v (passphrase asked: %v), want ErrUnsupported before asking", err, asked)
	}
}
