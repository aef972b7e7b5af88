package keyconv

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/cloudkeypair/keypair/internal/fixture"
)

// ppkFixtures lists puttygen's PPK files in testdata/ppk.
func ppkFixtures(t testing.TB) []string {
	t.Helper()
	return fixture.Glob(t, "ppk", "puttygen.*.ppk")
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
	pass := fixture.Passphrase(t)
	for _, file := range ppkFixtures(t) {
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
