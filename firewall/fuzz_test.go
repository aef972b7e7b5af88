package firewall

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// addFileSeeds adds every file matching the globs as a seed and fails when
// there are none, so that a moved testdata directory cannot turn the fuzz
// targets into no-ops.
func addFileSeeds(f *testing.F, globs ...string) {
	n := 0
	for _, glob := range globs {
		files, err := filepath.Glob(glob)
		if err != nil {
			f.Fatal(err)
		}
		for _, path := range files {
			data, err := os.ReadFile(path)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(data)
			n++
		}
	}
	if n == 0 {
		f.Fatal("no seeds found in testdata")
	}
}

// addLineSeeds adds each line of testdata/firewall/addresses.txt.
func addLineSeeds(f *testing.F) {
	file, err := os.Open("../testdata/firewall/addresses.txt")
	if err != nil {
		f.Fatal(err)
	}
	defer file.Close()
	n := 0
	for s := bufio.NewScanner(file); s.Scan(); n++ {
		f.Add(s.Text())
	}
	if n == 0 {
		f.Fatal("no seeds found in testdata/firewall/addresses.txt")
	}
}

// assertOwnError checks the error style every caller relies on: the
// package's prefix, one line.
func assertOwnError(t *testing.T, err error) {
	t.Helper()
	msg := err.Error()
	if !strings.HasPrefix(msg, "firewall: ") || strings.Contains(msg, "\n") {
		t.Fatalf("error not in the package's one-line style: %q", msg)
	}
}

// FuzzParse: no input panics; an error is the package's own; a file that
// loads writes back (YAML and JSON) to one that loads to the same model;
// and checking and linting what loads does not panic, with the compiled
// policy agreeing with one-off checks.
func FuzzParse(f *testing.F) {
	addFileSeeds(f, "../testdata/firewall/*.yaml", "../testdata/firewall/*.json", "../testdata/firewall/bad/*")
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, err := Parse(data, "fuzz.yaml")
		if err != nil {
			assertOwnError(t, err)
			return
		}
		assertRoundTrip(t, cfg)
		cfg.Lint()
		cfg.Effective()
		policy := cfg.Compile()
		for _, s := range cfg.Servers {
			for _, src := range []Packet{
				{Server: s.Name, Source: addr("203.0.113.7"), Protocol: TCP, Port: 22},
				{Server: s.Name, Source: addr("2001:db8::1"), Protocol: UDP, Port: 53},
				{Server: s.Name, SourceServer: cfg.Servers[0].Name, Protocol: TCP, Port: 5432},
			} {
				want, err1 := cfg.Check(src)
				got, err2 := policy.Check(src)
				if (err1 == nil) != (err2 == nil) || err1 == nil && want.String() != got.String() {
					t.Fatalf("Config.Check and a compiled policy disagree: %v / %v, %v / %v", want, got, err1, err2)
				}
			}
		}
	})
}

// FuzzParsePrefix: what parses is canonical (masked, no zone, IPv4 not
// mapped) and parses again to itself from its string form.
func FuzzParsePrefix(f *testing.F) {
	addLineSeeds(f)
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParsePrefix(s)
		if err != nil {
			assertOwnError(t, err)
			return
		}
		if !p.IsValid() || p != p.Masked() || p.Addr().Is4In6() || p.Addr().Zone() != "" {
			t.Fatalf("ParsePrefix(%q) = %v, not canonical", s, p)
		}
		again, err := ParsePrefix(p.String())
		if err != nil || again != p {
			t.Fatalf("ParsePrefix(%q) = %v, which reads back as %v, %v", s, p, again, err)
		}
	})
}

// FuzzParseAddr: as FuzzParsePrefix, for single addresses.
func FuzzParseAddr(f *testing.F) {
	addLineSeeds(f)
	f.Fuzz(func(t *testing.T, s string) {
		a, err := ParseAddr(s)
		if err != nil {
			assertOwnError(t, err)
			return
		}
		if !a.IsValid() || a.Is4In6() || a.Zone() != "" {
			t.Fatalf("ParseAddr(%q) = %v, not canonical", s, a)
		}
		again, err := ParseAddr(a.String())
		if err != nil || again != a {
			t.Fatalf("ParseAddr(%q) = %v, which reads back as %v, %v", s, a, again, err)
		}
	})
}
