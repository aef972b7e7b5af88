package keyconv

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"math"
	"strconv"
)

// ppkMaxLines is PuTTY's cap on Public-Lines and Private-Lines: a count must
// be below it, which bounds each blob at 262 080 bytes.
const ppkMaxLines = 5461

// ppkMaxLineChars is the longest base64 line PuTTY accepts (48 bytes).
const ppkMaxLineChars = 64

// ppkText reads a PPK file line by line, as strictly as PuTTY does: every
// header in its place, "Name: value" with exactly ": " between, and base64
// lines of at most 64 characters, each a multiple of 4. Lines may end in LF,
// CRLF or CR, and the last one may have no line break at all.
type ppkText struct {
	rest []byte
	line int // number of the line last read, for messages
}

// next returns the next line without its line break, and false at the end
// of the input.
func (t *ppkText) next() ([]byte, bool) {
	if len(t.rest) == 0 {
		return nil, false
	}
	t.line++
	i := bytes.IndexAny(t.rest, "\r\n")
	if i < 0 {
		line := t.rest
		t.rest = nil
		return line, true
	}
	line := t.rest[:i]
	if t.rest[i] == '\r' && i+1 < len(t.rest) && t.rest[i+1] == '\n' {
		i++
	}
	t.rest = t.rest[i+1:]
	return line, true
}

// header reads the next line, which must be the header called name, and
// returns its value.
func (t *ppkText) header(name string) (string, error) {
	line, ok := t.next()
	if !ok {
		return "", errMalformedf("PPK file ends before its %q line", name)
	}
	prefix := name + ": "
	if !bytes.HasPrefix(line, []byte(prefix)) {
		if bytes.HasPrefix(line, []byte(name+":")) {
			return "", errMalformedf("PPK line %d: %q must be followed by a colon and one space", t.line, name)
		}
		return "", errMalformedf("PPK line %d: expected the %q header here", t.line, name)
	}
	return string(line[len(prefix):]), nil
}

// number reads a header holding a plain decimal number no larger than max.
// Signs, spaces and leading zeros, which C's strtoul lets through, are
// refused.
func (t *ppkText) number(name string, max uint64) (uint64, error) {
	v, err := t.header(name)
	if err != nil {
		return 0, err
	}
	n, ok := parseDecimal(v)
	if !ok {
		return 0, errMalformedf("PPK line %d: %s %q is not a plain decimal number", t.line, name, truncateForMessage(v))
	}
	if n > max {
		return 0, errMalformedf("PPK line %d: %s %s is over the limit of %d", t.line, name, truncateForMessage(v), max)
	}
	return n, nil
}

func parseDecimal(s string) (uint64, bool) {
	if s == "" || (len(s) > 1 && s[0] == '0') {
		return 0, false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
	}
	n, err := strconv.ParseUint(s, 10, 64)
	if err != nil {
		return math.MaxUint64, true // too large for any limit; the caller says so
	}
	return n, true
}

// blob reads a "<name>-Lines: N" header and the N base64 lines after it.
func (t *ppkText) blob(name string) ([]byte, error) {
	n, err := t.number(name+"-Lines", ppkMaxLines-1)
	if err != nil {
		return nil, err
	}
	var out []byte
	for i := uint64(0); i < n; i++ {
		line, ok := t.next()
		if !ok {
			return nil, errMalformedf("PPK file ends inside its %s-Lines", name)
		}
		if len(line) == 0 || len(line) > ppkMaxLineChars || len(line)%4 != 0 {
			return nil, errMalformedf("PPK line %d: base64 lines must be 4 to 64 characters, a multiple of 4, not %d", t.line, len(line))
		}
		out, err = base64.StdEncoding.Strict().AppendDecode(out, line)
		if err != nil {
			return nil, errMalformedf("PPK line %d: bad base64", t.line)
		}
	}
	return out, nil
}

// hexValue reads a header holding hex digits: exactly size bytes' worth when
// size > 0. With lowerOnly, upper-case digits are refused, as PuTTY refuses
// them in Private-MAC (it compares the text).
func (t *ppkText) hexValue(name string, size int, lowerOnly bool) ([]byte, error) {
	v, err := t.header(name)
	if err != nil {
		return nil, err
	}
	bad := len(v)%2 != 0 || (size > 0 && len(v) != 2*size)
	for i := 0; i < len(v) && !bad; i++ {
		c := v[i]
		bad = !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || !lowerOnly && 'A' <= c && c <= 'F')
	}
	if bad {
		want := "hex digits"
		if size > 0 {
			want = strconv.Itoa(2*size) + " hex digits"
		}
		if lowerOnly {
			want = strconv.Itoa(2*size) + " lower-case hex digits"
		}
		return nil, errMalformedf("PPK line %d: %s must be %s", t.line, name, want)
	}
	b, err := hex.DecodeString(v)
	if err != nil {
		return nil, errMalformedf("PPK line %d: %s must be hex digits", t.line, name)
	}
	return b, nil
}

// end checks that nothing but blank lines and spaces follows the MAC.
func (t *ppkText) end() error {
	if len(bytes.Trim(t.rest, " \t\r\n")) != 0 {
		return errMalformedf("PPK file has data after its Private-MAC line")
	}
	return nil
}
