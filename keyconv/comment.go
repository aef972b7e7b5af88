package keyconv

import (
	"fmt"
	"unicode"
	"unicode/utf8"
)

// CommentError means a key's comment holds a control character (a line
// break, NUL, ESC, DEL or another C0 or C1 control), so that no key file or
// public key line can carry it safely: a newline in an authorized_keys line
// starts a second, attacker-chosen key; in a PPK file it starts a header;
// an escape sequence rewrites the terminal it is printed on. Every writer
// and public-line function refuses such a comment with this error; give the
// key a new comment instead. Keys are still read with such a comment, so
// that one can be given.
type CommentError struct {
	Comment string // the comment as the key file had it
	Offset  int    // the byte offset of the first control character
}

// Error names the control character and its offset, escaped.
func (e *CommentError) Error() string {
	r, size := utf8.DecodeRuneInString(e.Comment[e.Offset:])
	char := fmt.Sprintf("%q", e.Comment[e.Offset:e.Offset+size])
	if r != utf8.RuneError {
		char = fmt.Sprintf("%+q", r)
	}
	what := "the control character " + char
	if r == '\n' || r == '\r' {
		what = "a line break (" + char + ")"
	}
	return fmt.Sprintf("keyconv: the key's comment holds %s at byte %d, which a key file or public key line cannot carry", what, e.Offset)
}

// checkComment returns a *CommentError for a comment holding a control
// character, and nil otherwise. Bytes that are not UTF-8 count as controls
// when they fall in 0x80-0x9f, where terminals that read 8-bit text take
// them for C1 controls (0x9b opens an escape sequence as ESC [ does).
func checkComment(comment string) error {
	for i, r := range comment {
		if r == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(comment[i:]); size == 1 {
				if b := comment[i]; b >= 0x80 && b <= 0x9f {
					return &CommentError{Comment: comment, Offset: i}
				}
				continue
			}
		}
		if unicode.IsControl(r) {
			return &CommentError{Comment: comment, Offset: i}
		}
	}
	return nil
}
