package keyconv

import (
	"errors"
	"reflect"
	"testing"

	"github.com/cloudkeypair/keypair/internal/fixture"
)

// fuzzArgon2Budget bounds the Argon2 work (KiB times passes) a fuzz input
// may ask for with the passphrase given; costlier inputs are parsed without
// one, which still checks everything up to the key derivation.
const fuzzArgon2Budget = 4096

// FuzzParsePPK: no input may panic or give an error that is not one of
// keyconv's sentinels (or a *PassphraseMissingError); ReadPPKHeader
// accepts whatever Parse reads, with the header Parse reports; whatever
// parses must write back out and parse again to the same key.
func FuzzParsePPK(f *testing.F) {
	fixture.AddSeeds(f, ppkCorpusFiles(f))
	pass := fixture.Passphrase(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		passphrase := Passphrase(pass)
		if pf, err := readPPKFile(data); err == nil && uint64(pf.params.Memory)*uint64(pf.params.Passes) > fuzzArgon2Budget {
			passphrase = nil
		}
		k, err := Parse(data, passphrase)
		header, headerErr := ReadPPKHeader(data)
		if headerErr != nil {
			checkOwnError(t, headerErr)
			if err == nil {
				t.Fatalf("Parse reads a file ReadPPKHeader refuses: %v", headerErr)
			}
		}
		if err != nil {
			checkOwnError(t, err)
			return
		}
		if !reflect.DeepEqual(header, k.Source.PPK) {
			t.Fatalf("ReadPPKHeader gives %+v, Parse %+v", header, k.Source.PPK)
		}
		opts := optionsReproducing(k, pass)
		if checkComment(k.Comment) != nil {
			// Writers refuse a comment with control characters; check
			// that, then go on with a new comment, as keyconv's -C gives.
			var bad *CommentError
			if _, err := MarshalPPK(k, opts); !errors.As(err, &bad) {
				t.Fatalf("comment %q written: %v", k.Comment, err)
			}
			k.Comment = "fuzzed"
		}
		out, err := MarshalPPK(k, opts)
		if err != nil {
			t.Fatalf("parsed but cannot be written: %v", err)
		}
		back, err := Parse(out, Passphrase(pass))
		if err != nil {
			t.Fatalf("written file does not parse: %v\n%s", err, out)
		}
		if back.Comment != k.Comment || !ppkSameKey(t, back.PrivateKey, k.PrivateKey) {
			t.Fatalf("key changed in a round trip\n%s", out)
		}
		opts = optionsReproducing(back, pass)
		again, err := MarshalPPK(back, opts)
		if err != nil || string(again) != string(out) {
			t.Fatalf("second write differs from the first (%v)", err)
		}
	})
}
