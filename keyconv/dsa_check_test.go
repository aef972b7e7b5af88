package keyconv

import (
	//lint:ignore SA1019 DSA keys are part of the formats keyconv reads and writes (see key.go)
	"crypto/dsa"
	"crypto/rand"
	"encoding/binary"
	"encoding/pem"
	"errors"
	"math/big"
	"strings"
	"testing"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// The DSA keys here are built from a real ssh-keygen key by changing one
// number, then written in every format that carries DSA keys. Before keyconv
// checked domain parameters, all but the y != g^x case converted silently.

func validDSAKey(t *testing.T) *dsa.PrivateKey {
	t.Helper()
	key, err := Parse(readPEMFixture(t, "ssh-keygen.dsa1024.openssh.key"), nil)
	if err != nil {
		t.Fatal(err)
	}
	return key.PrivateKey.(*dsa.PrivateKey)
}

func dsaWithParams(p, q, g, x *big.Int) *dsa.PrivateKey {
	return &dsa.PrivateKey{
		PublicKey: dsa.PublicKey{Parameters: dsa.Parameters{P: p, Q: q, G: g}, Y: new(big.Int).Exp(g, x, p)},
		X:         x,
	}
}

// compositeQDomain returns domain parameters that pass every check but q's
// primality: q is the product of two 80-bit primes, p = k*q + 1 is a
// 512-bit prime, and g has order dividing q.
func compositeQDomain(t *testing.T) *dsa.PrivateKey {
	t.Helper()
	nextPrime := func(v *big.Int) *big.Int {
		v = new(big.Int).SetBit(v, 0, 1)
		for !v.ProbablyPrime(20) {
			v.Add(v, big.NewInt(2))
		}
		return v
	}
	q := new(big.Int).Mul(nextPrime(new(big.Int).Lsh(bigOne, 79)), nextPrime(new(big.Int).Lsh(big.NewInt(3), 79)))
	if q.BitLen() != 160 || q.ProbablyPrime(20) {
		t.Fatalf("composite q has %d bits", q.BitLen())
	}
	k := new(big.Int).Lsh(bigOne, 512-160)
	p := new(big.Int)
	for {
		p.Add(p.Mul(k, q), bigOne)
		if p.BitLen() == 512 && p.ProbablyPrime(20) {
			break
		}
		k.Add(k, big.NewInt(2))
	}
	exp := new(big.Int).Div(new(big.Int).Sub(p, bigOne), q)
	for h := int64(2); ; h++ {
		g := new(big.Int).Exp(big.NewInt(h), exp, p)
		if g.Cmp(bigOne) != 0 {
			return dsaWithParams(p, q, g, big.NewInt(12345))
		}
	}
}

type badDSACase struct {
	name string
	want string // what the error must name
	// needsX: the fault shows only with the private value, so formats
	// that hand out the public key alone cannot see it.
	needsX bool
	key    func(t *testing.T, k *dsa.PrivateKey) *dsa.PrivateKey
}

var badDSACases = []badDSACase{
	{name: "g is 1", want: "g is not between 1 and p", key: func(t *testing.T, k *dsa.PrivateKey) *dsa.PrivateKey {
		return dsaWithParams(k.P, k.Q, big.NewInt(1), k.X)
	}},
	{name: "q does not divide p-1", want: "q does not divide p-1", key: func(t *testing.T, k *dsa.PrivateKey) *dsa.PrivateKey {
		q := new(big.Int).Add(k.Q, big.NewInt(2))
		for !q.ProbablyPrime(20) {
			q.Add(q, big.NewInt(2))
		}
		return dsaWithParams(k.P, q, k.G, k.X)
	}},
	{name: "p is even", want: "p is even", key: func(t *testing.T, k *dsa.PrivateKey) *dsa.PrivateKey {
		return dsaWithParams(new(big.Int).Add(k.P, bigOne), k.Q, k.G, k.X)
	}},
	{name: "g not of order q", want: "g^q is not 1 mod p", key: func(t *testing.T, k *dsa.PrivateKey) *dsa.PrivateKey {
		return dsaWithParams(k.P, k.Q, big.NewInt(2), k.X)
	}},
	{name: "q composite", want: "q is not a prime", key: func(t *testing.T, _ *dsa.PrivateKey) *dsa.PrivateKey {
		return compositeQDomain(t)
	}},
	{name: "y is not g^x", want: "y is not g^x", needsX: true, key: func(t *testing.T, k *dsa.PrivateKey) *dsa.PrivateKey {
		bad := dsaWithParams(k.P, k.Q, k.G, k.X)
		bad.Y.Add(bad.Y, bigOne)
		return bad
	}},
}

// dsaEncoders write a DSA key in each format keyconv reads DSA keys from.
// publicOnly marks encrypted files read without a passphrase, where only
// the public key is seen. carriesY is false for PKCS#8, which stores no y.
var dsaEncoders = []struct {
	name       string
	publicOnly bool
	carriesY   bool
	encode     func(t *testing.T, k *dsa.PrivateKey) []byte
}{
	{"openssl pem", false, true, func(t *testing.T, k *dsa.PrivateKey) []byte {
		der, err := marshalOpenSSLDSA(k)
		if err != nil {
			t.Fatal(err)
		}
		return pem.EncodeToMemory(&pem.Block{Type: pemTypeDSA, Bytes: der})
	}},
	{"pkcs8 pem", false, false, func(t *testing.T, k *dsa.PrivateKey) []byte {
		return pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: pkcs8DSA(t, k)})
	}},
	{"openssh", false, true, func(t *testing.T, k *dsa.PrivateKey) []byte {
		data, err := marshalOpenSSH(&Key{PrivateKey: k, Comment: "bad"}, nil, rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		return data
	}},
	{"ppk v3", false, true, func(t *testing.T, k *dsa.PrivateKey) []byte {
		data, err := MarshalPPK(&Key{PrivateKey: k, Comment: "bad"}, PPKOptions{Version: 3})
		if err != nil {
			t.Fatal(err)
		}
		return data
	}},
	{"ppk v2 encrypted, no passphrase", true, true, func(t *testing.T, k *dsa.PrivateKey) []byte {
		data, err := MarshalPPK(&Key{PrivateKey: k, Comment: "bad"}, PPKOptions{Version: 2, Passphrase: []byte("pw")})
		if err != nil {
			t.Fatal(err)
		}
		return data
	}},
	{"ssh.com", false, true, sshcomDSA},
}

func pkcs8DSA(t *testing.T, k *dsa.PrivateKey) []byte {
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1Int64(0)
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
			b.AddASN1ObjectIdentifier(oidDSA)
			b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
				b.AddASN1BigInt(k.P)
				b.AddASN1BigInt(k.Q)
				b.AddASN1BigInt(k.G)
			})
		})
		b.AddASN1(cbasn1.OCTET_STRING, func(b *cryptobyte.Builder) { b.AddASN1BigInt(k.X) })
	})
	der, err := b.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	return der
}

// sshcomDSA writes the unencrypted ssh.com layout sshcom.go describes.
func sshcomDSA(t *testing.T, k *dsa.PrivateKey) []byte {
	inner := appendUint32(nil, 0) // explicit parameters
	for _, v := range []*big.Int{k.P, k.G, k.Q, k.Y, k.X} {
		inner = append(appendUint32(inner, uint32(v.BitLen())), v.Bytes()...)
	}
	body := appendUint32(nil, sshcomMagic)
	body = appendUint32(body, 0) // the total length, filled in below
	body = appendString(body, sshcomDSAPrefix+"-nist-sha1},dh{plain}}")
	body = appendString(body, "none")
	body = appendBytes(body, appendBytes(nil, inner))
	binary.BigEndian.PutUint32(body[4:], uint32(len(body)))
	var text strings.Builder
	text.WriteString(sshcomBegin + "\nComment: \"bad\"\n")
	writeBase64Lines(&text, body, 70)
	text.WriteString(sshcomEnd + "\n")
	return []byte(text.String())
}

func TestDSAEncodersWriteValidKeys(t *testing.T) {
	valid := validDSAKey(t)
	for _, enc := range dsaEncoders {
		_, err := Parse(enc.encode(t, valid), nil)
		var missing *PassphraseMissingError
		if enc.publicOnly && errors.As(err, &missing) && missing.PublicKey != nil {
			continue
		}
		if err != nil {
			t.Errorf("%s: the valid key: %v", enc.name, err)
		}
	}
}

func TestDSAKeysThatAreNotKeysAreRefused(t *testing.T) {
	valid := validDSAKey(t)
	for _, tc := range badDSACases {
		bad := tc.key(t, valid)
		for _, enc := range dsaEncoders {
			if (tc.needsX && enc.publicOnly) || (tc.needsX && !enc.carriesY) {
				continue
			}
			t.Run(tc.name+"/"+enc.name, func(t *testing.T) {
				_, err := Parse(enc.encode(t, bad), nil)
				if !errors.Is(err, ErrInvalidDSAKey) || !errors.Is(err, ErrMalformed) {
					t.Fatalf("Parse = %v, want ErrInvalidDSAKey", err)
				}
				if msg := err.Error(); !strings.Contains(msg, tc.want) || strings.ContainsAny(msg, "\r\n") {
					t.Errorf("error %q does not name %q on one line", msg, tc.want)
				}
			})
		}
	}
}

func TestDSAParameterSizes(t *testing.T) {
	valid := validDSAKey(t)
	small := new(big.Int).Lsh(bigOne, 300)
	small.Add(small, bigOne)
	for _, tc := range []struct {
		name    string
		p, q, g *big.Int
		want    string
	}{
		{"p too small", small, valid.Q, valid.G, "p is 301 bits"},
		{"q of no DSA size", valid.P, new(big.Int).Rsh(valid.Q, 8), valid.G, "q is 152 bits"},
	} {
		err := checkDSAParameters(tc.p, tc.q, tc.g)
		if !errors.Is(err, ErrInvalidDSAKey) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want an error naming %q", tc.name, err, tc.want)
		}
	}
}
