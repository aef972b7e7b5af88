package keyconv

import "math/bits"

// argon2CompressGeneric is Argon2's compression function G (RFC 9106 section 3.5):
// R = x XOR y, then the BLAKE2b-based permutation P over R's eight rows and
// then its eight columns, XORed back with R. With xorInto, the result is
// XORed into out's old contents, as passes after the first require. out may
// alias x or y.
func argon2CompressGeneric(out, x, y *argon2Block, xorInto bool) {
	var r, q argon2Block
	for i := range r {
		r[i] = x[i] ^ y[i]
	}
	q = r
	blamkaRoundsGeneric(&q)
	if xorInto {
		for i := range out {
			out[i] ^= q[i] ^ r[i]
		}
		return
	}
	for i := range out {
		out[i] = q[i] ^ r[i]
	}
}

// blamkaRoundsGeneric applies P to each row of q and then to each column,
// a column being the same 16-byte register of every row.
func blamkaRoundsGeneric(q *argon2Block) {
	var v [16]uint64
	for row := 0; row < 8; row++ {
		blamkaPermute((*[16]uint64)(q[16*row : 16*row+16]))
	}
	for col := 0; col < 8; col++ {
		for k := 0; k < 8; k++ {
			v[2*k] = q[16*k+2*col]
			v[2*k+1] = q[16*k+2*col+1]
		}
		blamkaPermute(&v)
		for k := 0; k < 8; k++ {
			q[16*k+2*col] = v[2*k]
			q[16*k+2*col+1] = v[2*k+1]
		}
	}
}

// blamkaPermute is P: one BLAKE2b round over sixteen 64-bit words, with
// Argon2's multiplication-hardened addition.
func blamkaPermute(s *[16]uint64) {
	v0, v1, v2, v3 := s[0], s[1], s[2], s[3]
	v4, v5, v6, v7 := s[4], s[5], s[6], s[7]
	v8, v9, v10, v11 := s[8], s[9], s[10], s[11]
	v12, v13, v14, v15 := s[12], s[13], s[14], s[15]

	// Each group of eight lines is BLAKE2b's G on one column or diagonal,
	// written out because the compiler will not inline a four-result call.
	v0 += v4 + 2*uint64(uint32(v0))*uint64(uint32(v4))
	v12 = bits.RotateLeft64(v12^v0, -32)
	v8 += v12 + 2*uint64(uint32(v8))*uint64(uint32(v12))
	v4 = bits.RotateLeft64(v4^v8, -24)
	v0 += v4 + 2*uint64(uint32(v0))*uint64(uint32(v4))
	v12 = bits.RotateLeft64(v12^v0, -16)
	v8 += v12 + 2*uint64(uint32(v8))*uint64(uint32(v12))
	v4 = bits.RotateLeft64(v4^v8, -63)
	v1 += v5 + 2*uint64(uint32(v1))*uint64(uint32(v5))
	v13 = bits.RotateLeft64(v13^v1, -32)
	v9 += v13 + 2*uint64(uint32(v9))*uint64(uint32(v13))
	v5 = bits.RotateLeft64(v5^v9, -24)
	v1 += v5 + 2*uint64(uint32(v1))*uint64(uint32(v5))
	v13 = bits.RotateLeft64(v13^v1, -16)
	v9 += v13 + 2*uint64(uint32(v9))*uint64(uint32(v13))
	v5 = bits.RotateLeft64(v5^v9, -63)
	v2 += v6 + 2*uint64(uint32(v2))*uint64(uint32(v6))
	v14 = bits.RotateLeft64(v14^v2, -32)
	v10 += v14 + 2*uint64(uint32(v10))*uint64(uint32(v14))
	v6 = bits.RotateLeft64(v6^v10, -24)
	v2 += v6 + 2*uint64(uint32(v2))*uint64(uint32(v6))
	v14 = bits.RotateLeft64(v14^v2, -16)
	v10 += v14 + 2*uint64(uint32(v10))*uint64(uint32(v14))
	v6 = bits.RotateLeft64(v6^v10, -63)
	v3 += v7 + 2*uint64(uint32(v3))*uint64(uint32(v7))
	v15 = bits.RotateLeft64(v15^v3, -32)
	v11 += v15 + 2*uint64(uint32(v11))*uint64(uint32(v15))
	v7 = bits.RotateLeft64(v7^v11, -24)
	v3 += v7 + 2*uint64(uint32(v3))*uint64(uint32(v7))
	v15 = bits.RotateLeft64(v15^v3, -16)
	v11 += v15 + 2*uint64(uint32(v11))*uint64(uint32(v15))
	v7 = bits.RotateLeft64(v7^v11, -63)

	v0 += v5 + 2*uint64(uint32(v0))*uint64(uint32(v5))
	v15 = bits.RotateLeft64(v15^v0, -32)
	v10 += v15 + 2*uint64(uint32(v10))*uint64(uint32(v15))
	v5 = bits.RotateLeft64(v5^v10, -24)
	v0 += v5 + 2*uint64(uint32(v0))*uint64(uint32(v5))
	v15 = bits.RotateLeft64(v15^v0, -16)
	v10 += v15 + 2*uint64(uint32(v10))*uint64(uint32(v15))
	v5 = bits.RotateLeft64(v5^v10, -63)
	v1 += v6 + 2*uint64(uint32(v1))*uint64(uint32(v6))
	v12 = bits.RotateLeft64(v12^v1, -32)
	v11 += v12 + 2*uint64(uint32(v11))*uint64(uint32(v12))
	v6 = bits.RotateLeft64(v6^v11, -24)
	v1 += v6 + 2*uint64(uint32(v1))*uint64(uint32(v6))
	v12 = bits.RotateLeft64(v12^v1, -16)
	v11 += v12 + 2*uint64(uint32(v11))*uint64(uint32(v12))
	v6 = bits.RotateLeft64(v6^v11, -63)
	v2 += v7 + 2*uint64(uint32(v2))*uint64(uint32(v7))
	v13 = bits.RotateLeft64(v13^v2, -32)
	v8 += v13 + 2*uint64(uint32(v8))*uint64(uint32(v13))
	v7 = bits.RotateLeft64(v7^v8, -24)
	v2 += v7 + 2*uint64(uint32(v2))*uint64(uint32(v7))
	v13 = bits.RotateLeft64(v13^v2, -16)
	v8 += v13 + 2*uint64(uint32(v8))*uint64(uint32(v13))
	v7 = bits.RotateLeft64(v7^v8, -63)
	v3 += v4 + 2*uint64(uint32(v3))*uint64(uint32(v4))
	v14 = bits.RotateLeft64(v14^v3, -32)
	v9 += v14 + 2*uint64(uint32(v9))*uint64(uint32(v14))
	v4 = bits.RotateLeft64(v4^v9, -24)
	v3 += v4 + 2*uint64(uint32(v3))*uint64(uint32(v4))
	v14 = bits.RotateLeft64(v14^v3, -16)
	v9 += v14 + 2*uint64(uint32(v9))*uint64(uint32(v14))
	v4 = bits.RotateLeft64(v4^v9, -63)

	s[0], s[1], s[2], s[3] = v0, v1, v2, v3
	s[4], s[5], s[6], s[7] = v4, v5, v6, v7
	s[8], s[9], s[10], s[11] = v8, v9, v10, v11
	s[12], s[13], s[14], s[15] = v12, v13, v14, v15
}
