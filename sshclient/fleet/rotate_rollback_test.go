package fleet

import (
	"crypto/ed25519"
	"strings"
	"testing"

	"github.com/cloudkeypair/keypair/sshclient/authkeys"
	"golang.org/x/crypto/ssh"
)

func TestRollback(t *testing.T) {
	line := func(seed byte, comment string) (string, []byte) {
		key := ed25519.NewKeyFromSeed(append(make([]byte, ed25519.SeedSize-1), seed))
		p, err := ssh.NewPublicKey(key.Public())
		if err != nil {
			t.Fatal(err)
		}
		return strings.TrimSuffix(string(ssh.MarshalAuthorizedKey(p)), "\n") + " " + comment + "\n", p.Marshal()
	}
	oldLine, oldBlob := line(1, "old")
	newLine, newBlob := line(2, "new")
	theirs, _ := line(3, "theirs")
	oldFP := authkeys.Fingerprint(oldBlob)
	const other = "# a comment\r\n"
	for _, tc := range []struct {
		name, before, current, want string
	}{
		{"failed at step 3, another key added since", other + oldLine, other + oldLine + newLine + theirs, other + oldLine + theirs},
		{"failed at step 5: the old key comes back", other + oldLine, other + newLine + theirs, other + theirs + oldLine},
		{"restricted old line, last without newline", "from=\"10.0.0.1\" " + oldLine[:len(oldLine)-1], newLine + "# x", "# x\nfrom=\"10.0.0.1\" " + oldLine},
		{"the new key was there before: kept", oldLine + newLine, newLine + theirs, newLine + theirs + oldLine},
		{"nothing to undo", oldLine, oldLine + theirs, oldLine + theirs},
	} {
		got, changed := rollback([]byte(tc.current), []byte(tc.before), oldFP, newBlob)
		if string(got) != tc.want || changed != (tc.want != tc.current) {
			t.Errorf("%s: got %q, %v\nwant %q", tc.name, got, changed, tc.want)
		}
	}
}
