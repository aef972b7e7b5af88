package keyconv

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"testing"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// TestSEC1ScalarLengths reads a scalar with a leading zero byte written
// three ways (OpenSSL's fixed length, puttygen's shorter mpint body, and
// one byte too long) and writes it back at the fixed length.
func TestSEC1ScalarLengths(t *testing.T) {
	raw := make([]byte, 32)
	raw[1], raw[31] = 0x12, 0x34 // below 2^248: puttygen drops the first byte
	key, err := ecdsa.ParseRawPrivateKey(elliptic.P256(), raw)
	if err != nil {
		t.Fatal(err)
	}
	point, err := key.PublicKey.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	p256, _ := curveByCurve(elliptic.P256())
	sec1 := func(scalar []byte) []byte {
		return derSequence(t, func(b *cryptobyte.Builder) {
			b.AddASN1Int64(1)
			b.AddASN1OctetString(scalar)
			b.AddASN1(cbasn1.Tag(0).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) { b.AddASN1ObjectIdentifier(p256.oid) })
			b.AddASN1(cbasn1.Tag(1).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) { b.AddASN1BitString(point) })
		})
	}
	fixed := sec1(raw)
	if got, err := marshalSEC1(key); err != nil || !bytes.Equal(got, fixed) {
		t.Fatalf("marshalSEC1 does not write the fixed-length scalar (err %v)", err)
	}
	for name, scalar := range map[string][]byte{
		"fixed":   raw,
		"shorter": raw[1:],
		"longer":  append([]byte{0}, raw...),
	} {
		t.Run(name, func(t *testing.T) {
			k, err := Parse(pemBlock(pemTypeEC, sec1(scalar)), nil)
			if err != nil {
				t.Fatal(err)
			}
			out, err := MarshalPrivateKey(k, PEMOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(out, pemBlock(pemTypeEC, fixed)) {
				t.Errorf("not written back at the fixed length")
			}
		})
	}
	if _, err := Parse(pemBlock(pemTypeEC, sec1(append([]byte{0, 0}, raw...))), nil); err == nil {
		t.Errorf("a scalar two bytes too long was accepted")
	}
}

// TestSEC1PublicPointMustMatch: a SEC1 file whose stored public point is
// another key's, or not on the curve at all, is refused on every curve;
// the point is never taken on trust.
func TestSEC1PublicPointMustMatch(t *testing.T) {
	for _, curve := range []elliptic.Curve{elliptic.P256(), elliptic.P384(), elliptic.P521()} {
		key, err := ecdsa.GenerateKey(curve, rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		other, err := ecdsa.GenerateKey(curve, rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		good, err := marshalSEC1(key)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := Parse(pemBlock(pemTypeEC, good), nil); err != nil {
			t.Fatalf("%s: the key itself: %v", curve.Params().Name, err)
		}
		otherPoint, _ := other.PublicKey.Bytes()
		ownPoint, _ := key.PublicKey.Bytes()
		offCurve := bytes.Clone(ownPoint)
		offCurve[len(offCurve)-1] ^= 1
		for name, point := range map[string][]byte{"another key's point": otherPoint, "a point off the curve": offCurve} {
			bad := bytes.Replace(good, ownPoint, point, 1)
			checkBadKey(t, badKeyCase{curve.Params().Name + " with " + name, pemBlock(pemTypeEC, bad), ErrMalformed, "public point does not match"}, nil)
		}
	}
}
