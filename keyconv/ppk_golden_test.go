package keyconv

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// ppkFixturePassphrase is the passphrase of every encrypted fixture in
// testdata/ppk.
func ppkFixturePassphrase(t testing.TB) []byte {
	t.Helper()
	return ppkPassphraseFile(t, filepath.Join("testdata", "ppk", "passphrase.txt"))
}

// ppkPassphraseFile reads a passphrase file as puttygen does: its first
// line, without the line break.
func ppkPassphraseFile(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	line, _, _ := strings.Cut(string(b), "\n")
	return []byte(strings.TrimRight(line, "\r"))
}

// ppkFixtures lists puttygen's PPK files in testdata/ppk, failing when there
// are none so that a lost folder cannot make the tests pass vacuously.
func ppkFixtures(t testing.TB) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "ppk", "puttygen.*.ppk"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no PPK fixtures in testdata/ppk (%v)", err)
	}
	return files
}

// optionsReproducing returns the options under which MarshalPPK should
// rewrite k exactly as the file it came from, salt included.
func optionsReproducing(k *Key, passphrase []byte) PPKOptions {
	p := k.Source.PPK
	opts := PPKOptions{Version: p.Version}
	if k.Source.Encrypted {
		opts.Passphrase = passphrase
		opts.KDF, opts.Memory, opts.Passes, opts.Parallelism = p.KDF, p.Memory, p.Passes, p.Parallelism
		opts.saltReader = bytes.NewReader(p.Salt)
	}
	return opts
}

// TestMarshalPPKMatchesPuttygen reads each puttygen fixture and writes it
// back: the bytes must be puttygen's.
func TestMarshalPPKMatchesPuttygen(t *testing.T) {
	pass := ppkFixturePassphrase(t)
	for _, file := range ppkFixtures(t) {
		if strings.Contains(file, "ed448") {
			continue
		}
		t.Run(filepath.Base(file), func(t *testing.T) {
			want, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			k, err := Parse(want, Passphrase(pass))
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			got, err := MarshalPPK(k, optionsReproducing(k, pass))
			if err != nil {
				t.Fatalf("MarshalPPK: %v", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("MarshalPPK differs from puttygen's file\ngot:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}
