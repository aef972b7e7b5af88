package audit

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"strings"
	"testing"

	"github.com/cloudkeypair/keypair/keyconv"
)

func testRSAKey(t testing.TB) *keyconv.PublicKey {
	t.Helper()
	priv, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	return toPublic(t, &priv.PublicKey)
}

// rfc4716 is what puttygen's "Save public key" writes for key.
func rfc4716(key *keyconv.PublicKey) string {
	b64 := base64.StdEncoding.EncodeToString(key.Blob)
	var b strings.Builder
	b.WriteString("---- BEGIN SSH2 PUBLIC KEY ----\nComment: \"rsa-key-20260101\"\n")
	for len(b64) > 64 {
		b.WriteString(b64[:64] + "\n")
		b64 = b64[64:]
	}
	b.WriteString(b64 + "\n---- END SSH2 PUBLIC KEY ----\n")
	return b.String()
}

func TestFindKey(t *testing.T) {
	for _, kt := range []struct {
		name string
		key  *keyconv.PublicKey
	}{{"ed25519", testKey(t)}, {"rsa", testRSAKey(t)}} {
		key := kt.key
		line := authLine(key)
		typ, blob, _ := strings.Cut(line, " ")
		other := authLine(testKey(t))
		for _, tc := range []struct {
			name    string
			data    string
			present bool
			damage  []damage
			crlf    bool
		}{
			{"intact", other + "\n" + line + " me\n", true, nil, false},
			{"with options", `from="10.0.0.0/8",no-pty ` + line + "\n", true, nil, false},
			{"leading spaces", "   " + line + "\n", true, nil, false},
			{"absent", other + "\n", false, nil, false},
			{"first character cut", line[1:] + " me\n", false, []damage{{1, 1, CutStart}}, false},
			{"type cut away", blob + " me\n", false, []damage{{1, 1, CutStart}}, false},
			{"garbled", typ + " " + blob + "\x00\n", false, []damage{{1, 1, Garbled}}, false},
			{"start of the key cut", typ + " " + blob[5:] + "\n", false, []damage{{1, 1, CutStart}}, false},
			{"end of the key cut", other + "\n" + typ + " " + blob[:len(blob)-9] + "\n", false, []damage{{2, 2, CutKey}}, false},
			{"RFC 4716 block", other + "\n" + rfc4716(key) + other + "\n", false, []damage{{2, 2 + strings.Count(rfc4716(key), "\n") - 1, RFC4716Block}}, false},
			{"RFC 4716 block of another key", rfc4716(testKey(t)), false, nil, false},
			{"double quotes", `"` + line + ` me"` + "\n", false, []damage{{1, 1, Quoted}}, false},
			{"smart quotes", "\u201c" + line + "\u201d\n", false, []damage{{1, 1, Quoted}}, false},
			{"no-break space", typ + "\u00a0" + blob + "\n", false, []damage{{1, 1, StraySpace}}, false},
			{"space inside the key", typ + " " + blob[:30] + " " + blob[30:] + "\n", false, []damage{{1, 1, StraySpace}}, false},
			{"wrapped", other + "\n" + typ + " " + blob[:30] + "\n" + blob[30:50] + "\n" + blob[50:] + " me\n", false, []damage{{2, 4, SplitLines}}, false},
			{"CRLF", line + "\r\n", true, nil, true},
			{"no final newline", line, true, nil, false},
		} {
			t.Run(kt.name+"/"+tc.name, func(t *testing.T) {
				got := findKey([]byte(tc.data), key)
				if got.present != tc.present || got.crlf != tc.crlf || !equalDamage(got.damaged, tc.damage) {
					t.Errorf("findKey = present %v crlf %v damaged %v; want %v %v %v", got.present, got.crlf, got.damaged, tc.present, tc.crlf, tc.damage)
				}
			})
		}
	}
}

func equalDamage(a, b []damage) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
