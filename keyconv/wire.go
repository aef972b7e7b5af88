package keyconv

import (
	"encoding/binary"
	"math/big"
)

// The SSH wire format (RFC 4251 section 5) is shared by PPK blobs, OpenSSH's
// private key format and public key blobs. The reader never panics on short
// or hostile input: the first problem sticks in err and every later read
// returns a zero value, so callers check once at the end.

type wireReader struct {
	buf []byte
	err error
}

func (r *wireReader) fail() {
	if r.err == nil {
		r.err = errMalformedf("truncated or malformed key data")
	}
}

func (r *wireReader) uint32() uint32 {
	if r.err != nil || len(r.buf) < 4 {
		r.fail()
		return 0
	}
	v := binary.BigEndian.Uint32(r.buf)
	r.buf = r.buf[4:]
	return v
}

// bytes reads a length-prefixed string. The result aliases the input.
func (r *wireReader) bytes() []byte {
	n := r.uint32()
	if r.err != nil || uint64(n) > uint64(len(r.buf)) {
		r.fail()
		return nil
	}
	v := r.buf[:n:n]
	r.buf = r.buf[n:]
	return v
}

func (r *wireReader) string() string { return string(r.bytes()) }

// mpint reads a non-negative multiple-precision integer. Key material is
// never negative, so a set sign bit is treated as corruption rather than
// decoded as two's complement.
func (r *wireReader) mpint() *big.Int {
	b := r.bytes()
	if r.err != nil {
		return nil
	}
	if len(b) > 0 && b[0]&0x80 != 0 {
		r.fail()
		return nil
	}
	return new(big.Int).SetBytes(b)
}

// done reports an error if reading failed or if unread bytes remain.
func (r *wireReader) done() error {
	if r.err == nil && len(r.buf) != 0 {
		r.fail()
	}
	return r.err
}

func appendUint32(b []byte, v uint32) []byte {
	return binary.BigEndian.AppendUint32(b, v)
}

func appendBytes(b, s []byte) []byte {
	b = appendUint32(b, uint32(len(s)))
	return append(b, s...)
}

func appendString(b []byte, s string) []byte {
	b = appendUint32(b, uint32(len(s)))
	return append(b, s...)
}

// appendMPInt writes a non-negative integer in RFC 4251's minimal form: zero
// is the empty string, and a leading zero byte is added when the top bit of
// the first byte is set.
func appendMPInt(b []byte, n *big.Int) []byte {
	return appendBytes(b, mpintBody(n))
}

func mpintBody(n *big.Int) []byte {
	v := n.Bytes()
	if len(v) > 0 && v[0]&0x80 != 0 {
		v = append([]byte{0}, v...)
	}
	return v
}
