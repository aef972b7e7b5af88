package keyconv

import (
	"encoding/binary"
	"hash"
	"runtime"
	"sync"
	"sync/atomic"

	"golang.org/x/crypto/blake2b"
)

// This file is keyconv's own Argon2 (RFC 9106, version 0x13), for all
// three variants. golang.org/x/crypto/argon2 would be less code to carry,
// but it cannot do what PPK files need:
//
//   - Argon2d: PPK version 3 files may name it, and x/crypto has only
//     Argon2i and Argon2id.
//   - More than 255 lanes: x/crypto takes the lane count as a uint8, while
//     puttygen writes and reads any count the memory allows (parallelism=300
//     or 1000 on request); such files must derive the right key.
//   - Speed: with its AVX2 compression (ppk_argon2_amd64.s) this core runs
//     Argon2 in 0.4-0.6x puttygen's time; x/crypto's SSE4.1 code gave
//     0.74-0.85x (README, "Speed and memory").
//   - Bounded memory: lanes are filled by at most argon2MaxWorkers
//     goroutines rather than one per lane, so a file asking for 131072
//     lanes costs the blocks and a few goroutine stacks, not 131072 of them.
//
// Which implementation runs is decided in one place, argon2Choose in
// ppk_kdf.go. The tests check every path against the RFC's vectors and,
// for Argon2i and Argon2id at up to 255 lanes, against x/crypto; building
// with -tags purego leaves the assembly out so that the portable path is
// tested on any machine (scripts/test.sh does).

// argon2Type is the variant's number in the RFC, which enters the hash.
type argon2Type uint32

const (
	argon2TypeD  argon2Type = 0
	argon2TypeI  argon2Type = 1
	argon2TypeID argon2Type = 2
)

const (
	argon2Version      = 0x13
	argon2SyncPoints   = 4   // slices per pass
	argon2BlockWords   = 128 // 1 KiB blocks of 64-bit words
	argon2AddrPerBlock = argon2BlockWords

	// argon2MaxWorkers bounds the goroutines filling lanes at once, and
	// with them the memory their stacks take, whatever the lane count.
	argon2MaxWorkers = 64
)

// argon2CompressFunc is Argon2's compression function G, in portable Go
// (argon2CompressGeneric) or vector assembly (argon2VectorCompress).
type argon2CompressFunc func(out, x, y *argon2Block, xorInto bool)

type argon2Block [argon2BlockWords]uint64

// argon2Key derives keyLen bytes with compress as G. PPK uses no secret
// and no associated data; they are here for the RFC's test vectors. The
// caller has checked the parameters against the caps in ppk_kdf.go: memory
// at least 8*lanes, passes and lanes at least 1.
func argon2Key(typ argon2Type, compress argon2CompressFunc, password, salt, secret, data []byte, passes, memory, lanes, keyLen uint32) []byte {
	var m argon2Matrix
	return m.key(typ, compress, password, salt, secret, data, passes, memory, lanes, keyLen)
}

// argon2Matrix holds a derivation's blocks and keeps them for the next
// derivation of the same size. The pass-count tuning of a PPK write runs
// Argon2 a dozen times over the same memory; with one matrix for all the
// runs, the process allocates and holds one matrix, not a new one per run
// beside the garbage of the last (at the default 8 MiB, 64-75 MiB
// allocated and a 35 MiB peak RSS, or a forced collection before each
// run). The blocks need no clearing between runs: the first pass writes every
// block before any is read.
type argon2Matrix struct {
	blocks []argon2Block
}

// key is [argon2Key] over m's blocks.
func (m *argon2Matrix) key(typ argon2Type, compress argon2CompressFunc, password, salt, secret, data []byte, passes, memory, lanes, keyLen uint32) []byte {
	h0 := argon2InitialHash(typ, password, salt, secret, data, passes, memory, lanes, keyLen)

	segment := memory / (argon2SyncPoints * lanes)
	laneLen := segment * argon2SyncPoints
	if uint64(len(m.blocks)) != uint64(laneLen)*uint64(lanes) {
		m.blocks = make([]argon2Block, laneLen*lanes)
	}
	mem := m.blocks

	varHash := newArgon2VarHasher()
	var seed [blake2b.Size + 8]byte
	copy(seed[:], h0[:])
	var buf [1024]byte
	for l := uint32(0); l < lanes; l++ {
		binary.LittleEndian.PutUint32(seed[blake2b.Size+4:], l)
		for j := uint32(0); j < 2; j++ {
			binary.LittleEndian.PutUint32(seed[blake2b.Size:], j)
			varHash.sum(buf[:], seed[:])
			b := &mem[l*laneLen+j]
			for k := range b {
				b[k] = binary.LittleEndian.Uint64(buf[8*k:])
			}
		}
	}

	f := argon2Filler{typ: typ, compress: compress, mem: mem, passes: passes, lanes: lanes, laneLen: laneLen, segment: segment}
	workers := argon2Workers(lanes)
	scratch := make([]argon2Scratch, workers)
	for pass := uint32(0); pass < passes; pass++ {
		for slice := uint32(0); slice < argon2SyncPoints; slice++ {
			if workers == 1 {
				for l := uint32(0); l < lanes; l++ {
					f.fillSegment(pass, slice, l, &scratch[0])
				}
				continue
			}
			// The lanes of one slice are independent; the workers take
			// them in turn until none is left.
			var next atomic.Uint32
			var wg sync.WaitGroup
			for w := range scratch {
				wg.Go(func() {
					for l := next.Add(1) - 1; l < lanes; l = next.Add(1) - 1 {
						f.fillSegment(pass, slice, l, &scratch[w])
					}
				})
			}
			wg.Wait()
		}
	}

	final := mem[laneLen-1]
	for l := uint32(1); l < lanes; l++ {
		last := &mem[l*laneLen+laneLen-1]
		for k := range final {
			final[k] ^= last[k]
		}
	}
	for k, w := range final {
		binary.LittleEndian.PutUint64(buf[8*k:], w)
	}
	out := make([]byte, keyLen)
	varHash.sum(out, buf[:])
	return out
}

// argon2Workers is how many goroutines argon2Key fills lanes with: one per
// lane up to the CPUs Go may use, and never more than argon2MaxWorkers.
func argon2Workers(lanes uint32) uint32 {
	return min(lanes, uint32(max(1, runtime.GOMAXPROCS(0))), argon2MaxWorkers)
}

func argon2InitialHash(typ argon2Type, password, salt, secret, data []byte, passes, memory, lanes, keyLen uint32) [blake2b.Size]byte {
	h, _ := blake2b.New512(nil)
	var w [4]byte
	put := func(v uint32) {
		binary.LittleEndian.PutUint32(w[:], v)
		h.Write(w[:])
	}
	put(lanes)
	put(keyLen)
	put(memory)
	put(passes)
	put(argon2Version)
	put(uint32(typ))
	put(uint32(len(password)))
	h.Write(password)
	put(uint32(len(salt)))
	h.Write(salt)
	put(uint32(len(secret)))
	h.Write(secret)
	put(uint32(len(data)))
	h.Write(data)
	var sum [blake2b.Size]byte
	h.Sum(sum[:0])
	return sum
}

// argon2VarHasher computes the RFC's H', BLAKE2b stretched to any
// length. argon2Key keeps one for a whole derivation: it hashes two blocks
// for each lane, and a new hasher (and the buffers an interface call makes
// escape) for each would be 200 MiB of garbage at 131072 lanes.
type argon2VarHasher struct {
	h512   hash.Hash
	prefix [4]byte
	v      [blake2b.Size]byte
}

func newArgon2VarHasher() *argon2VarHasher {
	h, _ := blake2b.New512(nil)
	return &argon2VarHasher{h512: h}
}

// hasher returns a reset BLAKE2b with size bytes of output, reusing the
// 512-bit one.
func (a *argon2VarHasher) hasher(size int) hash.Hash {
	if size == blake2b.Size {
		a.h512.Reset()
		return a.h512
	}
	h, _ := blake2b.New(size, nil)
	return h
}

// sum writes H'(in) to out, len(out) bytes.
func (a *argon2VarHasher) sum(out, in []byte) {
	binary.LittleEndian.PutUint32(a.prefix[:], uint32(len(out)))
	if len(out) <= blake2b.Size {
		h := a.hasher(len(out))
		h.Write(a.prefix[:])
		h.Write(in)
		h.Sum(out[:0])
		return
	}
	h := a.hasher(blake2b.Size)
	h.Write(a.prefix[:])
	h.Write(in)
	h.Sum(a.v[:0])
	for len(out) > blake2b.Size {
		copy(out, a.v[:32])
		out = out[32:]
		if len(out) > blake2b.Size {
			a.v = blake2b.Sum512(a.v[:])
		}
	}
	last := a.hasher(len(out))
	last.Write(a.v[:])
	last.Sum(out[:0])
}

// argon2Scratch is the working space of one goroutine filling segments.
// It lives as long as the derivation, not one segment: blocks passed to
// the compression function through a function value escape to the heap,
// and a fresh 3 KiB per segment would be 1.5 GiB of garbage a pass at
// 131072 lanes, twice the blocks' memory by the time the collector runs.
type argon2Scratch struct {
	input, addresses argon2Block
	zero             argon2Block // never written
}

type argon2Filler struct {
	typ      argon2Type
	compress argon2CompressFunc
	mem      []argon2Block
	passes   uint32
	lanes    uint32
	laneLen  uint32
	segment  uint32
}

// fillSegment computes one lane's blocks of one slice of one pass. Lanes of
// the same slice only read blocks of earlier slices, so they run in parallel.
func (f *argon2Filler) fillSegment(pass, slice, lane uint32, s *argon2Scratch) {
	independent := f.typ == argon2TypeI || (f.typ == argon2TypeID && pass == 0 && slice < argon2SyncPoints/2)

	input, addresses, zero := &s.input, &s.addresses, &s.zero
	*input = argon2Block{}
	if independent {
		input[0] = uint64(pass)
		input[1] = uint64(lane)
		input[2] = uint64(slice)
		input[3] = uint64(len(f.mem))
		input[4] = uint64(f.passes)
		input[5] = uint64(f.typ)
	}
	nextAddresses := func() {
		input[6]++
		f.compress(addresses, zero, input, false)
		f.compress(addresses, zero, addresses, false)
	}

	start := uint32(0)
	if pass == 0 && slice == 0 {
		start = 2 // the first two blocks of each lane come from H0
		if independent {
			nextAddresses()
		}
	}
	laneBase := lane * f.laneLen
	for i := start; i < f.segment; i++ {
		col := slice*f.segment + i
		prevCol := col - 1
		if col == 0 {
			prevCol = f.laneLen - 1
		}
		prev := &f.mem[laneBase+prevCol]

		var pseudo uint64
		if independent {
			if i%argon2AddrPerBlock == 0 {
				nextAddresses()
			}
			pseudo = addresses[i%argon2AddrPerBlock]
		} else {
			pseudo = prev[0]
		}

		refLane := uint32(pseudo>>32) % f.lanes
		if pass == 0 && slice == 0 {
			refLane = lane
		}
		refCol := f.referenceColumn(pass, slice, i, uint32(pseudo), refLane == lane)
		ref := &f.mem[refLane*f.laneLen+refCol]
		f.compress(&f.mem[laneBase+col], prev, ref, pass > 0)
	}
}

// referenceColumn maps J1 onto the blocks a new block may reference (RFC
// 9106 section 3.4.1.2): a non-uniform pick, biased towards recent blocks,
// among those already finished in this pass's earlier slices (or the
// previous pass's later ones).
func (f *argon2Filler) referenceColumn(pass, slice, index, j1 uint32, sameLane bool) uint32 {
	var area uint32
	switch {
	case pass == 0 && slice == 0:
		area = index - 1
	case pass == 0 && sameLane:
		area = slice*f.segment + index - 1
	case pass == 0:
		area = slice * f.segment
		if index == 0 {
			area--
		}
	case sameLane:
		area = f.laneLen - f.segment + index - 1
	default:
		area = f.laneLen - f.segment
		if index == 0 {
			area--
		}
	}
	x := uint64(j1) * uint64(j1) >> 32
	rel := uint64(area) - 1 - (uint64(area) * x >> 32)
	startCol := uint64(0)
	if pass != 0 && slice != argon2SyncPoints-1 {
		startCol = uint64(slice+1) * uint64(f.segment)
	}
	return uint32((startCol + rel) % uint64(f.laneLen))
}
