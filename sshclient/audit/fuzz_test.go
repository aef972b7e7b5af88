package audit

import (
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cloudkeypair/keypair/keyconv"
)

// The seeds are in testdata, named .facts (.gitignore drops *.out):
// gather.debian12.rocky.facts is what gather.sh printed as root on Debian
// 12 (sh -c "$(cat gather.sh)" audit rocky "" user=rocky); the handmade
// files add what that machine lacks (SELinux enforcing, damaged key lines,
// an unknown user).
func seeds(f *testing.F) [][]byte {
	paths, _ := filepath.Glob("testdata/*.facts")
	var out [][]byte
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		out = append(out, data)
	}
	if len(out) == 0 {
		f.Fatal("no seeds in testdata")
	}
	return out
}

// fuzzKey is the key in handmade.enforcing.facts's authorized_keys.
func fuzzKey(f *testing.F) *keyconv.PublicKey {
	blob, err := base64.StdEncoding.DecodeString("AAAAC3NzaC1lZDI1NTE5AAAAIOea7OKR887/sffwwvt/3SNrNTwkOKg/v5biR3OaDpBh")
	if err != nil {
		f.Fatal(err)
	}
	key, err := keyconv.ParsePublicKeyBlob(blob)
	if err != nil {
		f.Fatal(err)
	}
	key.Comment = "fuzz"
	return key
}

// FuzzParseFacts feeds what a hostile server might answer: ParseFacts
// fails with its own errors or gives facts that Check and PlanRepair
// judge without panicking, every finding worded.
func FuzzParseFacts(f *testing.F) {
	for _, s := range seeds(f) {
		f.Add(s)
	}
	key := fuzzKey(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		facts, err := ParseFacts(data)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "audit: ") {
				t.Fatalf("error without the package's prefix: %v", err)
			}
			return
		}
		findings := Check(facts, key)
		for _, fd := range findings {
			if fd.Problem() == "" {
				t.Fatalf("finding %+v has no words", fd)
			}
		}
		if _, err := PlanRepair(facts, findings, key); err != nil && !strings.HasPrefix(err.Error(), "audit: ") {
			t.Fatalf("PlanRepair: %v", err)
		}
	})
}

// FuzzRepairKeys feeds authorized_keys text: after the repair the key is
// on a line sshd reads and no damaged copy of it is left.
func FuzzRepairKeys(f *testing.F) {
	for _, s := range seeds(f) {
		facts, err := ParseFacts(s)
		if err != nil {
			f.Fatal(err)
		}
		for _, k := range facts.KeysFiles {
			f.Add(k.Data)
		}
	}
	key := fuzzKey(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		found := findKey(data, key)
		var damaged []Finding
		for _, d := range found.damaged {
			damaged = append(damaged, Finding{Kind: KeyDamaged, Line: d.first, LastLine: d.last, Damage: d.how})
		}
		out, err := repairKeys(data, damaged, found.crlf, key)
		if err != nil {
			t.Fatal(err)
		}
		after := findKey(out, key)
		if !after.present || len(after.damaged) > 0 || (found.crlf && after.crlf) {
			t.Fatalf("after the repair of %q: %q: present %v, damaged %v, crlf %v", data, out, after.present, after.damaged, after.crlf)
		}
	})
}
