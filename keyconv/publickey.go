package keyconv

import (
	"crypto/ed25519"

	"golang.org/x/crypto/ssh"
)

// PublicKey is an SSH public key in its wire form (the blob an
// authorized_keys line carries in base64), with its comment.
type PublicKey struct {
	// Algorithm is the SSH algorithm name, such as "ssh-ed25519".
	Algorithm string
	// Blob is the public key in SSH wire format.
	Blob []byte
	// Comment is the key's comment; it is not part of Blob.
	Comment string
	// Bits is the key size as puttygen reports it: the modulus length for
	// RSA and DSA, the curve size for ECDSA, 255 for Ed25519 and 448 for Ed448.
	Bits int
}

// ParsePublicKeyBlob parses a public key in SSH wire format. It accepts the
// algorithms keyconv handles, including ssh-dss, which x/crypto no longer
// parses.
func ParsePublicKeyBlob(blob []byte) (*PublicKey, error) {
	r := wireReader{buf: blob}
	algorithm := r.string()
	bits := 0
	switch algorithm {
	case ssh.KeyAlgoRSA:
		r.mpint() // e
		if n := r.mpint(); n != nil {
			bits = n.BitLen()
		}
	case keyAlgoDSA:
		if p := r.mpint(); p != nil {
			bits = p.BitLen()
		}
		r.mpint() // q
		r.mpint() // g
		r.mpint() // y
	case ssh.KeyAlgoECDSA256, ssh.KeyAlgoECDSA384, ssh.KeyAlgoECDSA521:
		curve, name, _ := ecdsaCurveByAlgorithm(algorithm)
		if r.string() != name && r.err == nil {
			return nil, errMalformedf("public key curve does not match %s", algorithm)
		}
		point := r.bytes()
		if r.err == nil && len(point) != 1+2*((curve.Params().BitSize+7)/8) {
			return nil, errMalformedf("bad %s public point", algorithm)
		}
		bits = curve.Params().BitSize
	case ssh.KeyAlgoED25519:
		if len(r.bytes()) != ed25519.PublicKeySize && r.err == nil {
			return nil, errMalformedf("bad ssh-ed25519 public key length")
		}
		bits = 255
	case keyAlgoEd448:
		if err := checkEd448PublicBlob(&r); err != nil {
			return nil, err
		}
		bits = 448
	default:
		if r.err == nil {
			return nil, errUnsupportedf("key algorithm %q", truncateForMessage(algorithm))
		}
	}
	if err := r.done(); err != nil {
		return nil, err
	}
	return &PublicKey{Algorithm: algorithm, Blob: append([]byte(nil), blob...), Bits: bits}, nil
}

// SSH returns the key as an [ssh.PublicKey]. It fails for ssh-dss, which
// x/crypto no longer supports, and ssh-ed448, which it never did.
func (p *PublicKey) SSH() (ssh.PublicKey, error) {
	k, err := ssh.ParsePublicKey(p.Blob)
	if err != nil {
		return nil, errUnsupportedf("%s: %v", p.Algorithm, err)
	}
	return k, nil
}

// truncateForMessage keeps hostile input from flooding an error message.
func truncateForMessage(s string) string {
	const max = 40
	if len(s) > max {
		return s[:max] + "..."
	}
	return s
}
