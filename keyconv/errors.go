package keyconv

import (
	"errors"
	"fmt"
)

// Sentinel errors. Callers test for them with [errors.Is]; the messages of
// wrapped errors add detail but never key material or MAC values.
var (
	// ErrWrongPassphrase means a passphrase was given but does not open the
	// key. For formats that cannot tell a wrong passphrase from a damaged
	// file (PPK, whose MAC covers both), the error says so.
	ErrWrongPassphrase = errors.New("keyconv: wrong passphrase or corrupted file")

	// ErrUnsupported means the input is a recognised key format or type that
	// keyconv does not handle, such as PPK version 1 files, or a use a key
	// cannot serve, such as logging in with an Ed448 key.
	ErrUnsupported = errors.New("keyconv: unsupported")

	// ErrMalformed means the input is not a well-formed private key: truncated,
	// damaged, not a key at all, or over the documented size limits.
	ErrMalformed = errors.New("keyconv: malformed key")

	// ErrMACMismatch means an unencrypted PPK file's integrity check failed:
	// its contents were changed after it was written. It wraps ErrMalformed.
	ErrMACMismatch = fmt.Errorf("%w: MAC mismatch, the file was modified or corrupted", ErrMalformed)

	// ErrPublicKeyOnly means [Parse] was given a public key file (an
	// OpenSSH public key line, an RFC 4716 block, or a PPK file holding
	// only its public half), which [ParsePublicKey] reads. It wraps
	// ErrMalformed.
	ErrPublicKeyOnly = fmt.Errorf("%w: this is a public key, not a private key", ErrMalformed)
)

// PassphraseMissingError is returned when the key is encrypted and no
// passphrase callback was given. PublicKey is set when the format stores the
// public key unencrypted (PPK and OpenSSH files do; PEM files do not), so a
// caller can show which key is asking before prompting.
type PassphraseMissingError struct {
	PublicKey *PublicKey
}

// Error states what failed, with the data the fields carry.
func (e *PassphraseMissingError) Error() string {
	return "keyconv: key is encrypted and needs a passphrase"
}

func errMalformedf(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrMalformed}, args...)...)
}

func errUnsupportedf(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrUnsupported}, args...)...)
}
