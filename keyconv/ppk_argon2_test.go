package keyconv

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"runtime"
	"sync/atomic"
	"testing"
	"time"
	"unsafe"

	"golang.org/x/crypto/argon2"
)

// argon2Cores lists the compression functions keyconv's core can run with
// on this machine: always the portable one, and the AVX2 one where the CPU
// has it and the build has not left it out (-tags purego).
func argon2Cores(t testing.TB) []struct {
	name     string
	impl     argon2Impl
	compress argon2CompressFunc
} {
	cores := []struct {
		name     string
		impl     argon2Impl
		compress argon2CompressFunc
	}{{"portable", argon2CorePortable, argon2CompressGeneric}}
	if argon2VectorCompress != nil {
		cores = append(cores, struct {
			name     string
			impl     argon2Impl
			compress argon2CompressFunc
		}{"vector", argon2CoreVector, argon2VectorCompress})
	} else {
		t.Logf("no vector Argon2 code in this build or on this CPU: checking the portable core only")
	}
	return cores
}

// TestArgon2Choose pins the one decision of which implementation runs.
func TestArgon2Choose(t *testing.T) {
	for _, c := range []struct {
		kdf    Argon2Variant
		lanes  uint32
		vector bool
		want   argon2Impl
	}{
		{Argon2id, 1, true, argon2CoreVector},
		{Argon2d, 1, true, argon2CoreVector},
		{Argon2i, 300, true, argon2CoreVector},
		{Argon2id, 1, false, argon2XCrypto},
		{Argon2i, 255, false, argon2XCrypto},
		{Argon2id, 256, false, argon2CorePortable},
		{Argon2i, MaxArgon2Parallelism, false, argon2CorePortable},
		{Argon2d, 1, false, argon2CorePortable},
	} {
		if got := argon2Choose(c.kdf, c.lanes, c.vector); got != c.want {
			t.Errorf("argon2Choose(%s, %d lanes, vector %v) = %d, want %d", c.kdf, c.lanes, c.vector, got, c.want)
		}
	}
}

// TestArgon2RFC9106Vectors checks the core, with each compression function
// it has here, against the test vectors of RFC 9106 section 5, which use a
// secret and associated data.
func TestArgon2RFC9106Vectors(t *testing.T) {
	password := bytes.Repeat([]byte{0x01}, 32)
	salt := bytes.Repeat([]byte{0x02}, 16)
	secret := bytes.Repeat([]byte{0x03}, 8)
	data := bytes.Repeat([]byte{0x04}, 12)
	for _, core := range argon2Cores(t) {
		for _, v := range []struct {
			name string
			typ  argon2Type
			tag  string
		}{
			{"Argon2d", argon2TypeD, "512b391b6f1162975371d30919734294f868e3be3984f3c1a13a4db9fabe4acb"},
			{"Argon2i", argon2TypeI, "c814d9d1dc7f37aa13f0d77f2494bda1c8de6b016dd388d29952a4c4672b6ce8"},
			{"Argon2id", argon2TypeID, "0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659"},
		} {
			got := argon2Key(v.typ, core.compress, password, salt, secret, data, 3, 32, 4, 32)
			if hex.EncodeToString(got) != v.tag {
				t.Errorf("%s core, %s: got %x, want %s", core.name, v.name, got, v.tag)
			}
		}
	}
}

// argon2XCryptoCases exercise lane counts (up to x/crypto's 255), memory
// rounding, several passes and outputs longer than one BLAKE2b block.
var argon2XCryptoCases = []struct{ passes, memory, lanes, keyLen uint32 }{
	{1, 8, 1, 80}, {3, 32, 4, 32}, {2, 1024, 1, 80}, {1, 64, 2, 64}, {5, 100, 3, 100}, {2, 500, 3, 80},
	{1, 300, 16, 16}, {1, 8 * 255, 255, 80}, {2, 8*255 + 13, 255, 80},
}

// TestArgon2MatchesXCrypto compares Argon2i and Argon2id as keyconv runs
// them, on every path it has here, with x/crypto's: the core with each of
// its compression functions, and argon2Run with what argon2Choose picks.
func TestArgon2MatchesXCrypto(t *testing.T) {
	pw, salt := []byte("pw"), []byte("saltsaltsalt")
	cores := argon2Cores(t)
	for _, c := range argon2XCryptoCases {
		t.Run(fmt.Sprintf("t=%d,m=%d,p=%d,len=%d", c.passes, c.memory, c.lanes, c.keyLen), func(t *testing.T) {
			wantID := argon2.IDKey(pw, salt, c.passes, c.memory, uint8(c.lanes), c.keyLen)
			wantI := argon2.Key(pw, salt, c.passes, c.memory, uint8(c.lanes), c.keyLen)
			for _, core := range cores {
				if got := argon2Key(argon2TypeID, core.compress, pw, salt, nil, nil, c.passes, c.memory, c.lanes, c.keyLen); !bytes.Equal(got, wantID) {
					t.Errorf("%s core, Argon2id: got %x, want %x", core.name, got, wantID)
				}
				if got := argon2Key(argon2TypeI, core.compress, pw, salt, nil, nil, c.passes, c.memory, c.lanes, c.keyLen); !bytes.Equal(got, wantI) {
					t.Errorf("%s core, Argon2i: got %x, want %x", core.name, got, wantI)
				}
			}
			if c.keyLen != ppkArgon2OutLen {
				return
			}
			if got := argon2Run(Argon2id, pw, salt, c.passes, c.memory, c.lanes); !bytes.Equal(got, wantID) {
				t.Errorf("argon2Run, Argon2id: got %x, want %x", got, wantID)
			}
			if got := argon2Run(Argon2i, pw, salt, c.passes, c.memory, c.lanes); !bytes.Equal(got, wantI) {
				t.Errorf("argon2Run, Argon2i: got %x, want %x", got, wantI)
			}
		})
	}
}

// TestArgon2RunManyLanes checks lane counts over 255, which puttygen
// writes on request and x/crypto's uint8 cannot hold: every path gives the
// same key, with more lanes than workers. (TestKeyconvOpensPuttygenManyLanes
// checks the result against puttygen's own files.)
func TestArgon2RunManyLanes(t *testing.T) {
	pw, salt := []byte("pw"), []byte("saltsaltsaltsalt")
	cores := argon2Cores(t)
	for _, kdf := range []Argon2Variant{Argon2id, Argon2i, Argon2d} {
		want := argon2RunWith(argon2CorePortable, kdf, pw, salt, 2, 8*300, 300)
		for _, core := range cores {
			if got := argon2RunWith(core.impl, kdf, pw, salt, 2, 8*300, 300); !bytes.Equal(got, want) {
				t.Errorf("%s with 300 lanes, %s core: got %x, want %x", kdf, core.name, got, want)
			}
		}
		if got := argon2Run(kdf, pw, salt, 2, 8*300, 300); !bytes.Equal(got, want) {
			t.Errorf("%s with 300 lanes, argon2Run: got %x, want %x", kdf, got, want)
		}
	}
}

// TestArgon2CapsBoundPeakMemory: every combination the caps accept stays
// within the documented memory bound, on every path, at the corners of
// what the caps allow (most memory, fewest and most lanes, lanes on either
// side of x/crypto's 255), all of which checkArgon2Params accepts.
func TestArgon2CapsBoundPeakMemory(t *testing.T) {
	laneCounts := []uint32{1, 2, 16, 255, 256, argon2MaxWorkers, argon2MaxWorkers + 1, 4096, MaxArgon2Parallelism}
	for _, kdf := range []Argon2Variant{Argon2id, Argon2i, Argon2d} {
		for _, vector := range []bool{false, true} {
			for _, lanes := range laneCounts {
				for _, memory := range []uint32{8 * lanes, MaxArgon2Memory - 1, MaxArgon2Memory} {
					if memory < 8*lanes {
						continue // Argon2's own minimum
					}
					if err := checkArgon2Params(kdf, memory, 1, lanes); err != nil {
						t.Fatalf("%s, %d KiB, %d lanes: refused (%v), though the caps allow it", kdf, memory, lanes, err)
					}
					impl := argon2Choose(kdf, lanes, vector)
					peak := argon2PeakBytes(impl, memory, lanes)
					if peak > argon2MaxPeakBytes {
						t.Errorf("%s, %d KiB, %d lanes (impl %d): %d bytes at once, over the bound of %d", kdf, memory, lanes, impl, peak, argon2MaxPeakBytes)
					}
				}
			}
		}
	}
	// The file issue 9 describes: 1 GiB over 131072 lanes once took one
	// goroutine, and its stack, per lane: 2 GiB.
	if peak := argon2PeakBytes(argon2CorePortable, MaxArgon2Memory, MaxArgon2Parallelism); peak > MaxArgon2Memory<<10+argon2MaxWorkers*argon2StackBytes {
		t.Errorf("1 GiB over %d lanes: %d MiB at once", MaxArgon2Parallelism, peak>>20)
	}
}

// TestArgon2ManyLanesCostNoMore runs a derivation with many more lanes
// than workers: it must allocate no more than the same derivation over one
// lane (the blocks) plus the workers' scratch, and run on no more
// goroutines than the workers' bound (each is a stack of memory), however
// many lanes the file asks for.
func TestArgon2ManyLanesCostNoMore(t *testing.T) {
	const lanes, memory = 2048, 8 * 2048
	cores := argon2Cores(t)
	fastest := cores[len(cores)-1]
	derive := func(lanes uint32) uint64 {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		argon2Key(argon2TypeID, fastest.compress, []byte("pw"), []byte("saltsaltsaltsalt"), nil, nil, 1, memory, lanes, ppkArgon2OutLen)
		runtime.ReadMemStats(&after)
		return after.TotalAlloc - before.TotalAlloc
	}
	one := derive(1)

	base := runtime.NumGoroutine()
	var peak atomic.Int64
	done := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		for {
			peak.Store(max(peak.Load(), int64(runtime.NumGoroutine())))
			select {
			case <-done:
				return
			default:
				runtime.Gosched()
			}
		}
	}()
	many := derive(lanes)
	close(done)
	<-sampled

	if limit := one + argon2MaxWorkers*uint64(unsafe.Sizeof(argon2Scratch{})) + 64<<10; many > limit {
		t.Errorf("%d lanes allocated %d KiB, over %d KiB (one lane: %d KiB)", lanes, many>>10, limit>>10, one>>10)
	}
	// The sampler, a worker per CPU (at most argon2MaxWorkers), and a few
	// the runtime may start meanwhile.
	const runtimeSlack = 8
	workers := min(runtime.GOMAXPROCS(0), argon2MaxWorkers)
	if limit := int64(base + 1 + workers + runtimeSlack); peak.Load() > limit {
		t.Errorf("%d lanes ran on %d goroutines at once, over %d (%d workers)", lanes, peak.Load(), limit, workers)
	}
}

// BenchmarkArgon2 compares the portable core, argon2Run's choice on this
// machine and x/crypto at puttygen's default memory and 16 passes.
func BenchmarkArgon2(b *testing.B) {
	salt := make([]byte, 16)
	b.Run("portable-Argon2d", func(b *testing.B) {
		for range b.N {
			argon2Key(argon2TypeD, argon2CompressGeneric, []byte("pw"), salt, nil, nil, 16, 8192, 1, 80)
		}
	})
	b.Run("portable-Argon2id", func(b *testing.B) {
		for range b.N {
			argon2Key(argon2TypeID, argon2CompressGeneric, []byte("pw"), salt, nil, nil, 16, 8192, 1, 80)
		}
	})
	b.Run("argon2Run-Argon2id", func(b *testing.B) {
		for range b.N {
			argon2Run(Argon2id, []byte("pw"), salt, 16, 8192, 1)
		}
	})
	b.Run("xcrypto-Argon2id", func(b *testing.B) {
		for range b.N {
			argon2.IDKey([]byte("pw"), salt, 16, 8192, 1, 80)
		}
	})
}

// TestArgon2CompressMatchesGeneric checks the vector compression function
// against the portable Go one, including the aliasing the address
// generator relies on and the XOR into old contents that later passes use.
func TestArgon2CompressMatchesGeneric(t *testing.T) {
	argon2Compress := argon2VectorCompress
	if argon2Compress == nil {
		t.Skip("no vector Argon2 code in this build or on this CPU")
	}
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

// TestPPKTuningAllocatesOneMatrix writes a file whose pass count is tuned
// by several Argon2 runs: keyconv's core must run them all in one matrix,
// so the write allocates that matrix once, not once a run.
func TestPPKTuningAllocatesOneMatrix(t *testing.T) {
	const memory = 1024 // KiB
	if argon2Choose(Argon2id, 1, argon2VectorCompress != nil) == argon2XCrypto {
		t.Skip("x/crypto's Argon2 runs here, and allocates its own blocks each run")
	}
	k := ppkFixtureKey(t, "puttygen.ed25519.v3.ppk")
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	out, err := MarshalPPK(k, PPKOptions{Passphrase: []byte("pw"), Memory: memory, Time: 50 * time.Millisecond})
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	back, err := Parse(out, Passphrase([]byte("pw")))
	if err != nil {
		t.Fatal(err)
	}
	h := back.Source.PPK
	// Passes 1, 2, 3, 5, ... up to h.Passes: at least three runs.
	if h.Passes < 3 {
		t.Skipf("one Argon2 pass over %d KiB took 50 ms here: too slow to tune over several runs", memory)
	}
	matrix := uint64(memory) << 10
	if got := after.TotalAlloc - before.TotalAlloc; got > matrix+matrix/2 {
		t.Errorf("tuning to %d passes allocated %d KiB, want about one %d KiB matrix", h.Passes, got>>10, memory)
	}
}
