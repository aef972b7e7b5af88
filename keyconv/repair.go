package keyconv

import (
	"bytes"
	"unicode/utf16"
	"unicode/utf8"
)

// TextRepair is one change [RepairText] made to a key file's text.
type TextRepair int

// What Notepad and PowerShell do to key files, undone.
const (
	RepairedUTF16LE      TextRepair = iota + 1 // decoded UTF-16LE text to ASCII
	RepairedUTF16BE                            // decoded UTF-16BE text to ASCII
	RepairedUTF8BOM                            // removed a UTF-8 byte-order mark
	RepairedCRLF                               // turned CRLF line endings into LF
	RepairedFinalNewline                       // added the missing final newline
)

// String says what the repair did, in the words fix-key prints.
func (r TextRepair) String() string {
	switch r {
	case RepairedUTF16LE:
		return "converted from UTF-16LE"
	case RepairedUTF16BE:
		return "converted from UTF-16BE"
	case RepairedUTF8BOM:
		return "removed the UTF-8 byte-order mark"
	case RepairedCRLF:
		return "changed CRLF line endings to LF"
	case RepairedFinalNewline:
		return "added the missing final newline"
	}
	return "unknown repair"
}

// RepairText undoes what Windows editors and shells do to a key file's
// text, which OpenSSH (Windows' included) then refuses with "invalid
// format" or "error in libcrypto": UTF-16 (with its byte-order mark) is
// decoded to UTF-8, a UTF-8 byte-order mark removed, CRLF line endings made
// LF and a missing final newline added. It returns the repaired text and
// what it changed, in that order; text that needs nothing comes back as it
// is with no repairs. Only a UTF-16 file that is not valid UTF-16 (an odd
// length, a lone surrogate) is an error, wrapping [ErrMalformed].
//
// RepairText does not check that the result is a key: [Parse] does.
func RepairText(data []byte) ([]byte, []TextRepair, error) {
	if len(data) > MaxInputSize {
		return nil, nil, errMalformedf("file is larger than %d bytes, too large for a private key", MaxInputSize)
	}
	var repairs []TextRepair
	switch utf16Encoding(data) {
	case EncodingUTF16LE:
		text, err := decodeUTF16(data[2:], false)
		if err != nil {
			return nil, nil, err
		}
		data, repairs = text, append(repairs, RepairedUTF16LE)
	case EncodingUTF16BE:
		text, err := decodeUTF16(data[2:], true)
		if err != nil {
			return nil, nil, err
		}
		data, repairs = text, append(repairs, RepairedUTF16BE)
	}
	if bom := []byte("\xef\xbb\xbf"); bytes.HasPrefix(data, bom) {
		for bytes.HasPrefix(data, bom) {
			data = data[len(bom):]
		}
		repairs = append(repairs, RepairedUTF8BOM)
	}
	if utf16Encoding(data) != "" {
		// Only a UTF-8 mark followed by a UTF-16 one gets here: no
		// editor writes that, and decoding again would not end.
		return nil, nil, errMalformedf("the text has a UTF-16 byte-order mark after a UTF-8 one")
	}
	if n := len(data); n > 0 && data[n-1] != '\n' {
		// Before the CRLF step, so that a file ending in a lone CR
		// ends in LF alone.
		data, repairs = append(data[:n:n], '\n'), append(repairs, RepairedFinalNewline)
	}
	if fixed, changed := dropCRBeforeLF(data); changed {
		data, repairs = fixed, append(repairs, RepairedCRLF)
	}
	return data, repairs, nil
}

// dropCRBeforeLF removes every run of CRs that ends at an LF, in one pass,
// so that "\r\r\n" does not become a new "\r\n".
func dropCRBeforeLF(data []byte) ([]byte, bool) {
	if !bytes.Contains(data, []byte("\r\n")) {
		return data, false
	}
	out := make([]byte, 0, len(data))
	for i := 0; i < len(data); {
		if data[i] != '\r' {
			out = append(out, data[i])
			i++
			continue
		}
		j := i
		for j < len(data) && data[j] == '\r' {
			j++
		}
		if j == len(data) || data[j] != '\n' {
			out = append(out, data[i:j]...)
		}
		i = j
	}
	return out, true
}

func decodeUTF16(data []byte, bigEndian bool) ([]byte, error) {
	if len(data)%2 != 0 {
		return nil, errMalformedf("UTF-16 text with an odd number of bytes is truncated")
	}
	units := make([]uint16, len(data)/2)
	for i := range units {
		lo, hi := data[2*i], data[2*i+1]
		if bigEndian {
			lo, hi = hi, lo
		}
		units[i] = uint16(lo) | uint16(hi)<<8
	}
	out := make([]byte, 0, len(units))
	for i := 0; i < len(units); i++ {
		r := rune(units[i])
		if utf16.IsSurrogate(r) {
			if i+1 == len(units) {
				return nil, errMalformedf("UTF-16 text ends inside a surrogate pair")
			}
			r = utf16.DecodeRune(r, rune(units[i+1]))
			if r == utf8.RuneError {
				return nil, errMalformedf("UTF-16 text has a lone surrogate")
			}
			i++
		}
		out = utf8.AppendRune(out, r)
	}
	return out, nil
}
