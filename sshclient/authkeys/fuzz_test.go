package authkeys

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cloudkeypair/keypair/keyconv"
)

// FuzzEdit checks on any content that the lines cover it exactly, that
// Remove drops exactly the key's lines and keeps every other byte, and
// that Add then appends the key once and only once.
func FuzzEdit(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*"))
	seeds := 0
	for _, name := range files {
		if fi, err := os.Stat(name); err != nil || fi.IsDir() || filepath.Ext(name) == ".sh" {
			continue
		}
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
		seeds++
	}
	if seeds == 0 {
		f.Fatal("no seeds: no files in testdata/")
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		lines := Parse(data)
		var joined []byte
		for _, l := range lines {
			joined = append(joined, data[l.Start:l.End]...)
		}
		if !bytes.Equal(joined, data) {
			t.Fatalf("lines do not cover the data")
		}
		for _, l := range lines {
			if l.Kind != Key {
				continue
			}
			fp := l.Fingerprint()
			out, n := Remove(data, fp)
			found := FindFingerprint(data, fp) // none when every line of the key is cert-authority
			if want := cut(data, found...); n != len(found) || !bytes.Equal(out, want) {
				t.Fatalf("Remove(%s) removed %d lines: %q, want %q", fp, n, out, want)
			}
			if len(FindFingerprint(out, fp)) != 0 {
				t.Fatalf("Remove(%s) left the key", fp)
			}
			pub, err := keyconv.ParsePublicKeyBlob(l.Blob)
			if err != nil {
				continue
			}
			added, ok, err := Add(out, pub)
			if err != nil || !ok {
				// A CA line's blob counts as absent, so Add must add it.
				t.Fatalf("Add after Remove: %v, %v", ok, err)
			}
			if !bytes.HasPrefix(added, out) {
				t.Fatalf("Add changed existing bytes")
			}
			if len(Find(added, pub.Blob)) != 1 {
				t.Fatalf("after Add the key is found %d times", len(Find(added, pub.Blob)))
			}
			if again, ok, _ := Add(added, pub); ok || !bytes.Equal(again, added) {
				t.Fatalf("second Add changed the data")
			}
			// A parsed line's options go before the key as they are (a
			// cert-authority line is not the key's, so not found as one).
			if l.CertAuthority() {
				continue
			}
			withOpts, ok, err := AddWithOptions(out, pub, l.Options)
			if err != nil {
				if !strings.ContainsAny(l.Options, "\r\n") {
					t.Fatalf("AddWithOptions(%q): %v", l.Options, err)
				}
				continue
			}
			if found := Find(withOpts, pub.Blob); !ok || len(found) != 1 || found[0].Options != l.Options {
				t.Fatalf("AddWithOptions(%q) reads back %+v", l.Options, found)
			}
		}
	})
}
