package keyconv

import (
	"bytes"
	"encoding/pem"
	"errors"
	"os"
	"testing"

	"github.com/cloudkeypair/keypair/internal/fixture"
)

// fuzzSeedFiles returns the files of the key fixture tree (testdata/ at the
// module's root) that are small enough to parse.
func fuzzSeedFiles(f *testing.F) [][]byte {
	f.Helper()
	var files [][]byte
	for _, pattern := range [][]string{{"*"}, {"*", "*"}, {"*", "*", "*"}} {
		for _, m := range fixture.Glob(f, pattern...) {
			data, err := os.ReadFile(m)
			if err == nil && len(data) <= MaxInputSize {
				files = append(files, data)
			}
		}
	}
	return files
}

// checkOwnError asserts what the package doc promises of every error Parse
// returns: it is one of keyconv's sentinels or a *PassphraseMissingError.
func checkOwnError(t *testing.T, err error) {
	t.Helper()
	var missing *PassphraseMissingError
	if !errors.Is(err, ErrMalformed) && !errors.Is(err, ErrUnsupported) && !errors.Is(err, ErrWrongPassphrase) && !errors.As(err, &missing) {
		t.Fatalf("error is not one of keyconv's: %v", err)
	}
}

// checkFuzzedKey asserts what every fuzz target asserts: an error is one
// of keyconv's own, and a key that parses is written in OpenSSH format and
// read back unchanged, comment included.
func checkFuzzedKey(t *testing.T, k *Key, err error) {
	t.Helper()
	if err != nil {
		checkOwnError(t, err)
		return
	}
	out, err := MarshalPrivateKey(k, PEMOptions{Format: PEMOpenSSH, randReader: bytes.NewReader(make([]byte, 4))})
	if err != nil {
		t.Fatalf("parsed %s key does not re-encode: %v", k.Algorithm(), err)
	}
	back, err := Parse(out, nil)
	if err != nil {
		t.Fatalf("re-encoded %s key does not parse: %v", k.Algorithm(), err)
	}
	if !bytes.Equal(keyMaterial(t, back), keyMaterial(t, k)) || back.Comment != k.Comment {
		t.Fatalf("re-encoded %s key reads back as another key", k.Algorithm())
	}
}

// FuzzParsePEM fuzzes the PEM family below the base64 layer: a block type,
// an optional legacy DEK-Info header, and the DER inside, seeded with every
// PEM block of the fixtures and the shared corpus.
func FuzzParsePEM(f *testing.F) {
	seeds := 0
	for _, data := range fuzzSeedFiles(f) {
		for block, rest := pem.Decode(data); block != nil; block, rest = pem.Decode(rest) {
			if block.Type == pemTypeOpenSSH {
				continue // FuzzParseOpenSSH
			}
			f.Add(block.Type, block.Headers[pemHeaderDEKInfo], block.Bytes)
			seeds++
		}
	}
	if seeds == 0 {
		f.Fatal("no PEM seeds: no key files in testdata/ at the module root")
	}
	pass := fixture.Passphrase(f)
	f.Fuzz(func(t *testing.T, typ, dekInfo string, der []byte) {
		block := &pem.Block{Type: typ, Bytes: der}
		if dekInfo != "" {
			block.Headers = map[string]string{pemHeaderProcType: pemProcTypeEncrypt, pemHeaderDEKInfo: dekInfo}
		}
		data := pem.EncodeToMemory(block)
		if data == nil {
			return // a header or type pem cannot encode
		}
		k, err := Parse(data, Passphrase(pass))
		checkFuzzedKey(t, k, err)
	})
}
