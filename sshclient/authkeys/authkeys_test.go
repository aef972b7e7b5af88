package authkeys

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/cloudkeypair/keypair/internal/sshtest"
	"github.com/cloudkeypair/keypair/keyconv"
)

func readSample(t testing.TB) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "sample.authorized_keys"))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func readPub(t testing.TB, name string) *keyconv.PublicKey {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	pub, _, err := keyconv.ParsePublicKey(data)
	if err != nil {
		t.Fatal(err)
	}
	return pub
}

// TestParseSample checks each line of the sample against what sshd makes
// of it, and that the lines cover the file exactly.
func TestParseSample(t *testing.T) {
	data := readSample(t)
	a, b, c := readPub(t, "ssh-keygen.ed25519.a.pub"), readPub(t, "ssh-keygen.ed25519.b.pub"), readPub(t, "ssh-keygen.ed25519.c.pub")
	r := readPub(t, "ssh-keygen.rsa2048.pub")
	want := []struct {
		kind    Kind
		key     *keyconv.PublicKey
		options string
		comment string
		ca      bool
	}{
		{kind: Comment},
		{kind: Blank},
		{Key, a, "", "alice@laptop", false},
		{Key, b, `from="127.0.0.1",command="echo \"hi there\""`, "bob with spaces", false},
		{Key, r, "", "rsa key from windows", false},
		{kind: Blank},
		{Key, c, `cert-authority,principals="deploy"`, "our ca", true},
		{kind: Invalid},                                                                     // first character cut
		{kind: Invalid}, {kind: Invalid}, {kind: Invalid}, {kind: Invalid}, {kind: Invalid}, // RFC 4716 block
		{Key, c, "", "", false},
		{Key, a, "", "alice again, indented, no newline", false},
	}
	lines := Parse(data)
	if len(lines) != len(want) {
		t.Fatalf("%d lines, want %d", len(lines), len(want))
	}
	var joined []byte
	for i, l := range lines {
		joined = append(joined, data[l.Start:l.End]...)
		w := want[i]
		if l.Kind != w.kind {
			t.Errorf("line %d: %v, want %v", i+1, l.Kind, w.kind)
			continue
		}
		if w.kind != Key {
			continue
		}
		if !bytes.Equal(l.Blob, w.key.Blob) || l.Algorithm != w.key.Algorithm || l.Options != w.options || l.Comment != w.comment || l.CertAuthority() != w.ca {
			t.Errorf("line %d: %s %q %q ca=%v, want %s %q %q ca=%v", i+1, l.Algorithm, l.Options, l.Comment, l.CertAuthority(),
				w.key.Algorithm, w.options, w.comment, w.ca)
		}
		if l.Fingerprint() != w.key.Fingerprint(keyconv.SHA256) {
			t.Errorf("line %d: fingerprint %s, want %s", i+1, l.Fingerprint(), w.key.Fingerprint(keyconv.SHA256))
		}
	}
	if !bytes.Equal(joined, data) {
		t.Error("the lines do not cover the file exactly")
	}
}

// TestParseAgreesWithSSHKeygen checks that the key lines found are the
// ones ssh-keygen -l reads from the same file, in order.
func TestParseAgreesWithSSHKeygen(t *testing.T) {
	keygen := sshtest.RequireTool(t, "ssh-keygen")
	out, err := exec.Command(keygen, "-l", "-f", filepath.Join("testdata", "sample.authorized_keys")).Output()
	if err != nil {
		t.Fatal(err)
	}
	var want, got []string
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		want = append(want, strings.Fields(line)[1])
	}
	for _, l := range Parse(readSample(t)) {
		if l.Kind == Key {
			got = append(got, l.Fingerprint())
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("key lines %v\nssh-keygen -l reads %v", got, want)
	}
}

// cut returns data without the given lines.
func cut(data []byte, lines ...Line) []byte {
	var out []byte
	at := 0
	for _, l := range lines {
		out = append(out, data[at:l.Start]...)
		at = l.End
	}
	return append(out, data[at:]...)
}

func TestAdd(t *testing.T) {
	data := readSample(t)
	other := readPub(t, "ssh-keygen.ed25519.a.pub")
	other.Blob = append([]byte{}, other.Blob...)
	other.Blob[len(other.Blob)-1] ^= 1 // another Ed25519 key, never in the file
	other.Comment = "new key"
	for _, tc := range []struct {
		name  string
		data  []byte
		pub   *keyconv.PublicKey
		added bool
		want  string
	}{
		{"present twice", data, readPub(t, "ssh-keygen.ed25519.a.pub"), false, string(data)},
		{"present after options", data, readPub(t, "ssh-keygen.ed25519.b.pub"), false, string(data)},
		{"present on a CRLF line", data, readPub(t, "ssh-keygen.rsa2048.pub"), false, string(data)},
		{"present without comment", data, readPub(t, "ssh-keygen.ed25519.c.pub"), false, string(data)},
		{"absent, file without final newline", data, other, true, string(data) + "\n" + mustLine(t, other)},
		{"empty file", nil, other, true, mustLine(t, other)},
		{"only as cert-authority", []byte("cert-authority " + strings.TrimSpace(mustLine(t, readPub(t, "ssh-keygen.ed25519.c.pub"))) + "\r\n"),
			readPub(t, "ssh-keygen.ed25519.c.pub"), true,
			"cert-authority " + strings.TrimSpace(mustLine(t, readPub(t, "ssh-keygen.ed25519.c.pub"))) + "\r\n" + mustLine(t, readPub(t, "ssh-keygen.ed25519.c.pub"))},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, added, err := Add(tc.data, tc.pub)
			if err != nil {
				t.Fatal(err)
			}
			if added != tc.added || string(got) != tc.want {
				t.Errorf("Add: %v\n%q\nwant %v\n%q", added, got, tc.added, tc.want)
			}
			if n := len(Find(got, tc.pub.Blob)); n == 0 {
				t.Error("the key is not found after Add")
			}
		})
	}
}

func mustLine(t *testing.T, pub *keyconv.PublicKey) string {
	t.Helper()
	line, err := pub.AuthorizedKey()
	if err != nil {
		t.Fatal(err)
	}
	return line
}

func TestRemove(t *testing.T) {
	data := readSample(t)
	lines := Parse(data)
	a, c := readPub(t, "ssh-keygen.ed25519.a.pub"), readPub(t, "ssh-keygen.ed25519.c.pub")
	for _, tc := range []struct {
		name string
		fp   string
		gone []Line
	}{
		// The damaged line holds a's blob after a cut type; sshd does not
		// read it, and Remove leaves it for the user to see.
		{"two lines, one without newline", a.Fingerprint(keyconv.SHA256), []Line{lines[2], lines[14]}},
		{"plain line, not the cert-authority one", c.Fingerprint(keyconv.SHA256), []Line{lines[13]}},
		{"absent", "SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, n := Remove(data, tc.fp)
			if n != len(tc.gone) {
				t.Errorf("removed %d lines, want %d", n, len(tc.gone))
			}
			if want := cut(data, tc.gone...); !bytes.Equal(got, want) {
				t.Errorf("Remove:\n%q\nwant\n%q", got, want)
			}
			if len(FindFingerprint(got, tc.fp)) != 0 {
				t.Error("the key is still found after Remove")
			}
		})
	}
}

func TestAddWithOptions(t *testing.T) {
	pub := readPub(t, "ssh-keygen.ed25519.a.pub")
	line := mustLine(t, pub)
	got, added, err := AddWithOptions([]byte("# x\n"), pub, `from="10.0.0.0/8",command="echo \"hi there\""`)
	if err != nil || !added {
		t.Fatal(added, err)
	}
	want := "# x\n" + `from="10.0.0.0/8",command="echo \"hi there\"" ` + line
	if string(got) != want {
		t.Errorf("got %q, want %q", got, want)
	}
	found := Find(got, pub.Blob)
	if len(found) != 1 || !found[0].HasOption("command") || !found[0].HasOption("FROM") || found[0].HasOption("no-pty") {
		t.Errorf("options read back: %+v", found)
	}
	for _, bad := range []string{"no-pty no-x11", `command="unterminated`, "a\nb"} {
		if _, _, err := AddWithOptions(nil, pub, bad); err == nil {
			t.Errorf("options %q accepted", bad)
		}
	}
}
