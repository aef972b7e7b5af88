package clients

import (
	"strings"
	"testing"
)

func TestPPKVersion(t *testing.T) {
	for _, tt := range []struct {
		target string
		want   int
	}{
		{"putty", 3},
		{"putty@0.74", 2},
		{"putty@0.75", 3},
		{"PuTTY@0.78", 3},
		{"putty@0.7", 2},
		{"winscp@5.18.4", 2},
		{"winscp@5.18.5", 3},
		{"winscp@5.18", 2},
		{"winscp@6.1", 3},
		{"mremoteng@1.76.20", 2},
		{"mremoteng@1.77.1", 2},
		{"mremoteng@1.77.3", 3},
	} {
		target, err := ParseTarget(tt.target)
		if err != nil {
			t.Fatalf("%s: %v", tt.target, err)
		}
		if got := target.PPKVersion(); got != tt.want {
			t.Errorf("%s: PPK version %d, want %d", tt.target, got, tt.want)
		}
		if !target.Reads(2) || target.Reads(3) != (tt.want == 3) || target.Reads(4) {
			t.Errorf("%s: Reads(2, 3, 4) = %v, %v, %v; want true, %v, false", tt.target, target.Reads(2), target.Reads(3), target.Reads(4), tt.want == 3)
		}
	}
}

func TestParseTargetErrors(t *testing.T) {
	for _, s := range []string{"filezilla", "putty@", "putty@0.x", "putty@-1", "putty@+1", "putty@0..75", ""} {
		if _, err := ParseTarget(s); err == nil {
			t.Errorf("%q: no error", s)
		} else if !strings.HasPrefix(err.Error(), "clients: ") {
			t.Errorf("%q: error %q lacks the package prefix", s, err)
		}
	}
}

func TestEveryClientHasASource(t *testing.T) {
	for _, c := range All() {
		if !strings.HasPrefix(c.Source, "https://") || len(c.V3From) == 0 || c.Name != strings.ToLower(c.Name) {
			t.Errorf("%+v: needs a lowercase name, a version and a source", c)
		}
	}
}

func TestReaders(t *testing.T) {
	v3 := strings.Join(Readers(3), ", ")
	if !strings.Contains(v3, "PuTTY 0.75 and later") || !strings.Contains(v3, "WinSCP 5.18.5 and later") {
		t.Errorf("Readers(3) = %s", v3)
	}
	if v2 := strings.Join(Readers(2), ", "); v2 != "PuTTY, WinSCP, mRemoteNG" {
		t.Errorf("Readers(2) = %s", v2)
	}
}

func TestTargetString(t *testing.T) {
	for s, want := range map[string]string{"putty": "PuTTY", "putty@0.74": "PuTTY 0.74", "WinSCP@5.18.4": "WinSCP 5.18.4"} {
		target, err := ParseTarget(s)
		if err != nil {
			t.Fatal(err)
		}
		if got := target.String(); got != want {
			t.Errorf("%s: %q, want %q", s, got, want)
		}
	}
}
