package fleet

import (
	"bytes"

	"github.com/cloudkeypair/keypair/sshclient/authkeys"
)

// rollback undoes a rotation's edits in current, the file as it is now,
// given before, the file as the rotation found it: the new key's lines
// go unless before had them, and the old key's lines from before come
// back (at the end) unless current still has one. Every other byte stays
// as it is now, so that a key another admin added or removed meanwhile
// stays added or removed; and since the old key's lines come back
// whenever they are gone, the rollback never locks out whoever logs in
// with the old key. It returns the new content and whether it differs.
func rollback(current, before []byte, oldFP string, newBlob []byte) ([]byte, bool) {
	out := current
	if len(authkeys.Find(before, newBlob)) == 0 {
		out, _ = authkeys.Remove(out, authkeys.Fingerprint(newBlob))
	}
	if len(authkeys.FindFingerprint(out, oldFP)) == 0 {
		out = bytes.Clone(out)
		for _, l := range authkeys.FindFingerprint(before, oldFP) {
			if len(out) > 0 && out[len(out)-1] != '\n' {
				out = append(out, '\n')
			}
			out = append(out, before[l.Start:l.End]...)
			if out[len(out)-1] != '\n' {
				out = append(out, '\n')
			}
		}
	}
	return out, !bytes.Equal(out, current)
}
