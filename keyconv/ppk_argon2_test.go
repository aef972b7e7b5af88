package keyconv

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"testing"

	"golang.org/x/crypto/argon2"
)

// TestArgon2RFC9106Vectors checks the portable core against the test
// vectors of RFC 9106 section 5, which use a secret and associated data.
func TestArgon2RFC9106Vectors(t *testing.T) {
	password := bytes.Repeat([]byte{0x01}, 32)
	salt := bytes.Repeat([]byte{0x02}, 16)
	secret := bytes.Repeat([]byte{0x03}, 8)
	data := bytes.Repeat([]byte{0x04}, 12)
	for _, v := range []struct {
		name string
		typ  argon2Type
		tag  string
	}{
		{"Argon2d", argon2TypeD, "512b391b6f1162975371d30919734294f868e3be3984f3c1a13a4db9fabe4acb"},
		{"Argon2i", argon2TypeI, "c814d9d1dc7f37aa13f0d77f2494bda1c8de6b016dd388d29952a4c4672b6ce8"},
		{"Argon2id", argon2TypeID, "0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659"},
	} {
		got := argon2Key(v.typ, password, salt, secret, data, 3, 32, 4, 32)
		if hex.EncodeToString(got) != v.tag {
			t.Errorf("%s: got %x, want %s", v.name, got, v.tag)
		}
	}
}

// TestArgon2MatchesXCrypto compares the portable core with x/crypto's
// Argon2i and Argon2id over parameters that exercise lane counts, memory
// rounding, several passes and outputs longer than one BLAKE2b block.
func TestArgon2MatchesXCrypto(t *testing.T) {
	for _, c := range []struct{ passes, memory, lanes, keyLen uint32 }{
		{1, 8, 1, 80}, {3, 32, 4, 32}, {2, 1024, 1, 80}, {1, 64, 2, 64}, {5, 100, 3, 100}, {2, 500, 3, 80}, {1, 300, 16, 16},
	} {
		t.Run(fmt.Sprintf("t=%d,m=%d,p=%d,len=%d", c.passes, c.memory, c.lanes, c.keyLen), func(t *testing.T) {
			pw, salt := []byte("pw"), []byte("saltsaltsalt")
			got := argon2Key(argon2TypeID, pw, salt, nil, nil, c.passes, c.memory, c.lanes, c.keyLen)
			if want := argon2.IDKey(pw, salt, c.passes, c.memory, uint8(c.lanes), c.keyLen); !bytes.Equal(got, want) {
				t.Errorf("Argon2id: got %x, want %x", got, want)
			}
			got = argon2Key(argon2TypeI, pw, salt, nil, nil, c.passes, c.memory, c.lanes, c.keyLen)
			if want := argon2.Key(pw, salt, c.passes, c.memory, uint8(c.lanes), c.keyLen); !bytes.Equal(got, want) {
				t.Errorf("Argon2i: got %x, want %x", got, want)
			}
		})
	}
}

// TestArgon2RunManyLanes checks that argon2Run honours a lane count over
// 255, which puttygen writes on request and x/crypto's uint8 cannot hold.
func TestArgon2RunManyLanes(t *testing.T) {
	pw, salt := []byte("pw"), []byte("saltsaltsaltsalt")
	for _, kdf := range []struct {
		name Argon2Variant
		typ  argon2Type
	}{{Argon2id, argon2TypeID}, {Argon2i, argon2TypeI}, {Argon2d, argon2TypeD}} {
		got := argon2Run(kdf.name, pw, salt, 1, 8*300, 300)
		if want := argon2Key(kdf.typ, pw, salt, nil, nil, 1, 8*300, 300, ppkArgon2OutLen); !bytes.Equal(got, want) {
			t.Errorf("%s with 300 lanes: got %x, want %x", kdf.name, got, want)
		}
	}
}

// BenchmarkArgon2 compares the portable core with x/crypto at puttygen's
// default memory and 16 passes; argon2Run picks x/crypto for i and id.
func BenchmarkArgon2(b *testing.B) {
	salt := make([]byte, 16)
	b.Run("keyconv-Argon2d", func(b *testing.B) {
		for range b.N {
			argon2Key(argon2TypeD, []byte("pw"), salt, nil, nil, 16, 8192, 1, 80)
		}
	})
	b.Run("keyconv-Argon2id", func(b *testing.B) {
		for range b.N {
			argon2Key(argon2TypeID, []byte("pw"), salt, nil, nil, 16, 8192, 1, 80)
		}
	})
	b.Run("xcrypto-Argon2id", func(b *testing.B) {
		for range b.N {
			argon2.IDKey([]byte("pw"), salt, 16, 8192, 1, 80)
		}
	})
}

// TestArgon2CompressMatchesGeneric checks the compression function in use
// (AVX2 assembly where available) against the portable Go one, including
// the aliasing the address generator relies on and the XOR into old
// contents that later passes use.
func TestArgon2CompressMatchesGeneric(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	random := func() *argon2Block {
		var b argon2Block
		for i := range b {
			b[i] = rng.Uint64()
		}
		return &b
	}
	for i := range 200 {
		x, y, old := random(), random(), random()
		xorInto := i%2 == 1
		want, got := *old, *old
		argon2CompressGeneric(&want, x, y, xorInto)
		argon2Compress(&got, x, y, xorInto)
		if got != want {
			t.Fatalf("case %d (xorInto %v): compression differs from the generic code", i, xorInto)
		}
		// out aliasing y, as in the address generator's second call.
		yy, yy2 := *y, *y
		argon2CompressGeneric(&yy, x, &yy, false)
		argon2Compress(&yy2, x, &yy2, false)
		if yy != yy2 {
			t.Fatalf("case %d: aliased compression differs", i)
		}
	}
}
