package keyconv

import (
	"encoding/binary"
	"sync"

	"golang.org/x/crypto/blake2b"
)

// This file implements Argon2 (RFC 9106, version 0x13) for all three
// variants. golang.org/x/crypto/argon2 offers only Argon2i and Argon2id, and
// PPK version 3 files may name Argon2d as well, so keyconv carries its own.
// It follows the RFC's description; the tests check it against the RFC's
// test vectors and against x/crypto for the two variants both implement.

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
)

type argon2Block [argon2BlockWords]uint64

// argon2Key derives keyLen bytes. PPK uses no secret and no associated
// data; they are here for the RFC's test vectors. The caller has checked
// the parameters against the caps in ppk_kdf.go: memory at least 8*lanes,
// passes and lanes at least 1.
func argon2Key(typ argon2Type, password, salt, secret, data []byte, passes, memory, lanes, keyLen uint32) []byte {
	h0 := argon2InitialHash(typ, password, salt, secret, data, passes, memory, lanes, keyLen)

	segment := memory / (argon2SyncPoints * lanes)
	laneLen := segment * argon2SyncPoints
	mem := make([]argon2Block, laneLen*lanes)

	var seed [blake2b.Size + 8]byte
	copy(seed[:], h0[:])
	var buf [1024]byte
	for l := uint32(0); l < lanes; l++ {
		binary.LittleEndian.PutUint32(seed[blake2b.Size+4:], l)
		for j := uint32(0); j < 2; j++ {
			binary.LittleEndian.PutUint32(seed[blake2b.Size:], j)
			argon2VarHash(buf[:], seed[:])
			b := &mem[l*laneLen+j]
			for k := range b {
				b[k] = binary.LittleEndian.Uint64(buf[8*k:])
			}
		}
	}

	f := argon2Filler{typ: typ, mem: mem, passes: passes, lanes: lanes, laneLen: laneLen, segment: segment}
	for pass := uint32(0); pass < passes; pass++ {
		for slice := uint32(0); slice < argon2SyncPoints; slice++ {
			if lanes == 1 {
				f.fillSegment(pass, slice, 0)
				continue
			}
			var wg sync.WaitGroup
			for l := uint32(0); l < lanes; l++ {
				wg.Add(1)
				go func(l uint32) {
					defer wg.Done()
					f.fillSegment(pass, slice, l)
				}(l)
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
	argon2VarHash(out, buf[:])
	return out
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

// argon2VarHash is the RFC's H', BLAKE2b stretched to len(out) bytes.
func argon2VarHash(out, in []byte) {
	var prefix [4]byte
	binary.LittleEndian.PutUint32(prefix[:], uint32(len(out)))
	if len(out) <= blake2b.Size {
		h, _ := blake2b.New(len(out), nil)
		h.Write(prefix[:])
		h.Write(in)
		h.Sum(out[:0])
		return
	}
	h, _ := blake2b.New512(nil)
	h.Write(prefix[:])
	h.Write(in)
	var v [blake2b.Size]byte
	h.Sum(v[:0])
	for len(out) > blake2b.Size {
		copy(out, v[:32])
		out = out[32:]
		if len(out) > blake2b.Size {
			v = blake2b.Sum512(v[:])
		}
	}
	last, _ := blake2b.New(len(out), nil)
	last.Write(v[:])
	last.Sum(out[:0])
}

type argon2Filler struct {
	typ     argon2Type
	mem     []argon2Block
	passes  uint32
	lanes   uint32
	laneLen uint32
	segment uint32
}

// fillSegment computes one lane's blocks of one slice of one pass. Lanes of
// the same slice only read blocks of earlier slices, so they run in parallel.
func (f *argon2Filler) fillSegment(pass, slice, lane uint32) {
	independent := f.typ == argon2TypeI || (f.typ == argon2TypeID && pass == 0 && slice < argon2SyncPoints/2)

	var input, addresses, zero argon2Block
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
		argon2Compress(&addresses, &zero, &input, false)
		argon2Compress(&addresses, &zero, &addresses, false)
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
		argon2Compress(&f.mem[laneBase+col], prev, ref, pass > 0)
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
