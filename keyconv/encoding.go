package keyconv

import "bytes"

// Encoding names the Unicode encoding of a key file saved by a Windows
// editor or shell, as its byte-order mark tells it.
type Encoding string

// The encodings [Parse] refuses. PowerShell 5's ">" and Out-File write
// UTF-16LE, Notepad's "Unicode" and "Unicode big endian" write UTF-16LE and
// UTF-16BE; every key format is ASCII. (A UTF-8 byte-order mark, which
// Notepad adds too, is harmless: Parse skips it.)
const (
	EncodingUTF16LE Encoding = "UTF-16LE"
	EncodingUTF16BE Encoding = "UTF-16BE"
)

// EncodingError is returned by [Parse] for a key file saved as UTF-16
// text, which no SSH tool reads: the key is intact, the file needs
// converting back to ASCII (RepairText does it). It wraps [ErrMalformed].
type EncodingError struct {
	Encoding Encoding
}

// Error names the encoding the file is in.
func (e *EncodingError) Error() string {
	return "keyconv: the file is " + string(e.Encoding) + " text, and key files are ASCII"
}

// Unwrap returns ErrMalformed: the file is not a key file as it stands.
func (e *EncodingError) Unwrap() error { return ErrMalformed }

// utf16Encoding returns the UTF-16 encoding data's byte-order mark names,
// or "" when it has none.
func utf16Encoding(data []byte) Encoding {
	switch {
	case bytes.HasPrefix(data, []byte{0xff, 0xfe}):
		return EncodingUTF16LE
	case bytes.HasPrefix(data, []byte{0xfe, 0xff}):
		return EncodingUTF16BE
	}
	return ""
}

// checkEncoding refuses UTF-16 input before any parser sees it, so that
// the error names the encoding instead of "not a private key file".
func checkEncoding(data []byte) error {
	if enc := utf16Encoding(data); enc != "" {
		return &EncodingError{Encoding: enc}
	}
	return nil
}
