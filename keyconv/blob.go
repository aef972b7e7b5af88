package keyconv

import (
	"crypto"
	//lint:ignore SA1019 DSA keys are part of the formats keyconv reads and writes (see key.go)
	"crypto/dsa"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"math/big"

	"github.com/cloudflare/circl/sign/ed448"
	"golang.org/x/crypto/ssh"
)

// publicBlob returns the SSH wire form of the key's public half, the bytes an
// authorized_keys line carries and PPK's Public-Lines hold.
func publicBlob(priv crypto.PrivateKey) ([]byte, error) {
	switch k := priv.(type) {
	case *rsa.PrivateKey:
		b := appendString(nil, ssh.KeyAlgoRSA)
		b = appendMPInt(b, big.NewInt(int64(k.E)))
		return appendMPInt(b, k.N), nil
	case *dsa.PrivateKey:
		b := appendString(nil, keyAlgoDSA)
		for _, v := range []*big.Int{k.P, k.Q, k.G, k.Y} {
			b = appendMPInt(b, v)
		}
		return b, nil
	case *ecdsa.PrivateKey:
		algorithm, name, point, err := ecdsaPublicParts(k)
		if err != nil {
			return nil, err
		}
		b := appendString(nil, algorithm)
		b = appendString(b, name)
		return appendBytes(b, point), nil
	case ed25519.PrivateKey:
		if len(k) != ed25519.PrivateKeySize {
			return nil, errMalformedf("Ed25519 private key is %d bytes, want %d", len(k), ed25519.PrivateKeySize)
		}
		b := appendString(nil, ssh.KeyAlgoED25519)
		return appendBytes(b, k.Public().(ed25519.PublicKey)), nil
	case ed448.PrivateKey:
		return ed448PublicBlob(k)
	}
	return nil, errUnsupportedf("key type %T", priv)
}

// ecdsaPublicParts returns what SSH's wire formats say of an ECDSA public
// key: the algorithm name, the curve's name and the uncompressed point.
func ecdsaPublicParts(k *ecdsa.PrivateKey) (algorithm, curveName string, point []byte, err error) {
	algorithm, ok := ecdsaAlgorithm(k.Curve)
	if !ok {
		return "", "", nil, errUnsupportedf("ECDSA curve %s", k.Curve.Params().Name)
	}
	_, curveName, _ = ecdsaCurveByAlgorithm(algorithm)
	point, err = k.PublicKey.Bytes()
	if err != nil {
		return "", "", nil, errMalformedf("ECDSA public key: %v", err)
	}
	return algorithm, curveName, point, nil
}

// ppkPrivateBlob returns the private half as PuTTY stores it in a PPK file,
// before any padding: RSA d, p, q, iqmp; DSA x; ECDSA the scalar as a
// minimal mpint; Ed25519 and Ed448 the seed as a string.
func ppkPrivateBlob(priv crypto.PrivateKey) ([]byte, error) {
	switch k := priv.(type) {
	case *rsa.PrivateKey:
		if len(k.Primes) != 2 || k.Precomputed.Qinv == nil {
			return nil, errUnsupportedf("RSA keys with %d primes", len(k.Primes))
		}
		b := appendMPInt(nil, k.D)
		b = appendMPInt(b, k.Primes[0])
		b = appendMPInt(b, k.Primes[1])
		return appendMPInt(b, k.Precomputed.Qinv), nil
	case *dsa.PrivateKey:
		return appendMPInt(nil, k.X), nil
	case *ecdsa.PrivateKey:
		raw, err := k.Bytes()
		if err != nil {
			return nil, errMalformedf("ECDSA private key: %v", err)
		}
		return appendMPInt(nil, new(big.Int).SetBytes(raw)), nil
	case ed25519.PrivateKey:
		if len(k) != ed25519.PrivateKeySize {
			return nil, errMalformedf("Ed25519 private key is %d bytes, want %d", len(k), ed25519.PrivateKeySize)
		}
		return appendBytes(nil, k.Seed()), nil
	case ed448.PrivateKey:
		return ed448PPKPrivateBlob(k)
	}
	return nil, errUnsupportedf("key type %T", priv)
}

// keyFromPPKBlobs rebuilds a private key from a PPK file's public and
// (decrypted, unpadded or padded) private blobs. Trailing bytes after the
// private fields are the encryption padding and are ignored, as PuTTY does.
func keyFromPPKBlobs(algorithm string, pub, priv []byte) (crypto.PrivateKey, error) {
	pr := wireReader{buf: pub}
	if got := pr.string(); pr.err == nil && got != algorithm {
		return nil, errMalformedf("public key is %q but the header says %q", truncateForMessage(got), algorithm)
	}
	sr := wireReader{buf: priv}
	switch algorithm {
	case ssh.KeyAlgoRSA:
		e, n := pr.mpint(), pr.mpint()
		d, p, q := sr.mpint(), sr.mpint(), sr.mpint()
		sr.mpint() // iqmp: recomputed, as PuTTY does
		if err := firstErr(pr.done(), sr.err); err != nil {
			return nil, err
		}
		return newRSAKey(n, e, d, p, q)
	case keyAlgoDSA:
		p, q, g, y := pr.mpint(), pr.mpint(), pr.mpint(), pr.mpint()
		x := sr.mpint()
		if err := firstErr(pr.done(), sr.err); err != nil {
			return nil, err
		}
		return newDSAKey(p, q, g, y, x)
	case ssh.KeyAlgoECDSA256, ssh.KeyAlgoECDSA384, ssh.KeyAlgoECDSA521:
		curve, name, _ := ecdsaCurveByAlgorithm(algorithm)
		if got := pr.string(); pr.err == nil && got != name {
			return nil, errMalformedf("public key curve %q does not match %s", truncateForMessage(got), algorithm)
		}
		point := pr.bytes()
		scalar := sr.mpint()
		if err := firstErr(pr.done(), sr.err); err != nil {
			return nil, err
		}
		return newECDSAKey(curve, scalar, point)
	case ssh.KeyAlgoED25519:
		pubKey := pr.bytes()
		seed := sr.bytes()
		if err := firstErr(pr.done(), sr.err); err != nil {
			return nil, err
		}
		return newEd25519Key(seed, pubKey)
	case keyAlgoEd448:
		return ed448FromPPKBlobs(&pr, &sr)
	}
	return nil, errUnsupportedf("key algorithm %q", truncateForMessage(algorithm))
}

func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
