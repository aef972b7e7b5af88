package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/cloudkeypair/keypair/cmd/keyconv/internal/doctor"
)

// Messages carry file names, comments and what servers said: escape keeps
// each on one line and harmless to the terminal, in vis(3)'s octal style,
// and leaves everything else, backslashes and UTF-8 included, as it is.
func TestEscape(t *testing.T) {
	for in, want := range map[string]string{
		"cafe24.pem":                 "cafe24.pem",
		`C:\Users\me\cafe24.pem`:     `C:\Users\me\cafe24.pem`,
		"키페어.pem":                    "키페어.pem",
		"a\nb":                       `a\012b`,
		"\x1b[2Jclear":               `\033[2Jclear`,
		"\x1b]52;c;aGk=\x07":         `\033]52;c;aGk=\007`,
		"tab\tdel\x7f":               `tab\011del\177`,
		"c1\u009b":                   `c1\302\233`,
		"bad\xffutf8":                `bad\377utf8`,
		"replacement \uFFFD is text": "replacement \uFFFD is text",
	} {
		if got := escape(in); got != want {
			t.Errorf("escape(%q) = %q, want %q", in, got, want)
		}
	}
	var b bytes.Buffer
	errorf(&b, "%s", "x\ny")
	if got := b.String(); got != "keyconv: error: x\\012y\n" {
		t.Errorf("errorf wrote %q, want one escaped line", got)
	}
}

// A check's line quotes file names and what a server said; a newline or
// an escape sequence in them stays on the line, escaped.
func TestDoctorTextEscapes(t *testing.T) {
	r := &doctor.Report{Checks: []doctor.Check{{Step: 1, ID: "key-file", Status: doctor.Fail,
		Found: "evil\x1b]52;c;aGk=\x07.pem does not exist", Fix: "give\nit"}}}
	var b bytes.Buffer
	if err := printDoctorText(&b, r); err != nil {
		t.Fatal(err)
	}
	want := `FAIL key-file      evil\033]52;c;aGk=\007.pem does not exist; fix: give\012it` + "\n"
	if got := b.String(); !strings.HasPrefix(got, want) {
		t.Errorf("printDoctorText wrote %q, want it to start with %q", got, want)
	}
}

// JSON keeps a string as the file had it, in JSON's escapes, including the
// C1 controls and DEL that encoding/json leaves raw.
func TestEscapeJSON(t *testing.T) {
	in := "clear\x1b[2J csi\u009b2J del\x7f osc\x1b]52;c;aGk=\x07 \U0001F511 Ā"
	doc, err := json.Marshal(map[string]string{"comment": in})
	if err != nil {
		t.Fatal(err)
	}
	out := escapeJSON(doc)
	for _, raw := range []string{"\x1b", "\x07", "\x7f", "\u009b"} {
		if bytes.Contains(out, []byte(raw)) {
			t.Errorf("escapeJSON left %q raw in %s", raw, out)
		}
	}
	if !bytes.Contains(out, []byte(`\u009b2J del\u007f`)) {
		t.Errorf("escapeJSON wrote %s, want C1 and DEL as \\u escapes", out)
	}
	var back map[string]string
	if err := json.Unmarshal(out, &back); err != nil || back["comment"] != in {
		t.Errorf("escapeJSON(%s) reads back as %q (%v), want %q", doc, back["comment"], err, in)
	}
}
