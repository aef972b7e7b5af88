package audit

import (
	"bytes"
	"encoding/base64"
	"strings"

	"github.com/cloudkeypair/keypair/keyconv"
	"github.com/cloudkeypair/keypair/sshclient/authkeys"
)

// keyLines is what one authorized_keys file holds of the key.
type keyLines struct {
	present bool     // a line sshd reads holds the key
	damaged []damage // lines that hold it but sshd cannot read
	crlf    bool     // some line ends in CR LF
	lines   int      // how many lines the file has
}

// damage is a damaged copy of the key on lines first..last (1-based).
type damage struct {
	first, last int
	how         Damage
}

// findKey looks for want in an authorized_keys file's data: a line sshd
// reads that holds it, and the copies a paste damaged, which sshd skips.
func findKey(data []byte, want *keyconv.PublicKey) keyLines {
	var k keyLines
	parsed := authkeys.Parse(data)
	k.lines = len(parsed)
	lines := make([]string, len(parsed))
	for i, l := range parsed {
		raw := string(data[l.Start:l.End])
		lines[i] = strings.TrimSuffix(strings.TrimSuffix(raw, "\n"), "\r")
		k.crlf = k.crlf || strings.HasSuffix(raw, "\r\n")
	}
	wantBlob := base64.StdEncoding.EncodeToString(want.Blob)
	for i := 0; i < len(parsed); i++ {
		l := parsed[i]
		if l.Kind == authkeys.Key && !l.CertAuthority() && bytes.Equal(l.Blob, want.Blob) {
			k.present = true
		}
		if l.Kind != authkeys.Invalid {
			continue
		}
		line := strings.TrimSpace(lines[i])
		if strings.HasPrefix(line, "---- BEGIN SSH2 PUBLIC KEY ----") {
			end := i
			for end < len(lines) && !strings.HasPrefix(strings.TrimSpace(lines[end]), "---- END SSH2 PUBLIC KEY ----") {
				end++
			}
			if end == len(lines) {
				continue
			}
			block := strings.Join(lines[i:end+1], "\n") + "\n"
			if pub, _, err := keyconv.ParsePublicKey([]byte(block)); err == nil && bytes.Equal(pub.Blob, want.Blob) {
				k.damaged = append(k.damaged, damage{i + 1, end + 1, RFC4716Block})
			}
			i = end
			continue
		}
		if how, last := lineDamage(lines, i, want.Algorithm, wantBlob); how != DamageNone {
			k.damaged = append(k.damaged, damage{i + 1, last + 1, how})
			i = last
		}
	}
	return k
}

// minPiece is the shortest run of the key's base64 taken as a copy of it:
// far beyond chance, and shorter than any key's blob.
const minPiece = 24

// lineDamage says how line i (which sshd cannot read) damages the key of
// wantType and wantBlob, and the last line the damaged copy spans; it
// returns DamageNone when the line is not a copy of the key.
func lineDamage(lines []string, i int, wantType, wantBlob string) (Damage, int) {
	line := strings.TrimSpace(lines[i])
	fields := strings.Fields(line) // unicode.IsSpace: a pasted NO-BREAK SPACE splits too
	if len(fields) == 0 {
		return DamageNone, i
	}
	quoted := strings.ContainsAny(line, "\"'`\u201c\u201d\u2018\u2019") && strings.Contains(line, wantBlob)
	// A key wrapped by an editor or a terminal: a line ending in the
	// start of the key, the next lines going on with it.
	last := fields[len(fields)-1]
	if len(last) >= minPiece && last != wantBlob && strings.HasPrefix(wantBlob, last) {
		got := last
		for j := i + 1; j < len(lines) && len(got) < len(wantBlob); j++ {
			next := strings.Fields(lines[j])
			if len(next) == 0 || !strings.HasPrefix(wantBlob, got+next[0]) {
				break
			}
			got += next[0]
			if got == wantBlob {
				return SplitLines, j
			}
		}
	}
	for k, f := range fields {
		bare := strings.Trim(f, "\"'`\u201c\u201d\u2018\u2019")
		switch {
		case bare == wantBlob:
			if quoted {
				return Quoted, i
			}
			if k == 0 || fields[k-1] != wantType && strings.HasSuffix(wantType, fields[k-1]) {
				return CutStart, i
			}
			if line != strings.Join(fields, " ") || strings.ContainsFunc(line, func(r rune) bool { return r > 0x7f && r != 0xfffd }) {
				return StraySpace, i
			}
			return Garbled, i
		case strings.Contains(bare, wantBlob):
			if quoted {
				return Quoted, i
			}
			return Garbled, i
		case len(bare) >= minPiece && strings.Contains(wantBlob, bare):
			// The whole blob split by a space within the line?
			if joined := strings.Join(fields[k:], ""); strings.HasPrefix(joined, wantBlob) {
				return StraySpace, i
			}
			if k == 0 || strings.HasSuffix(wantBlob, bare) && !strings.HasPrefix(wantBlob, bare) {
				return CutStart, i
			}
			return CutKey, i
		}
	}
	return DamageNone, i
}
