package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"

	"github.com/cloudkeypair/keypair/cmd/keyconv/internal/fix"
	"github.com/cloudkeypair/keypair/internal/keyfile"
	"github.com/cloudkeypair/keypair/keyconv"
)

// readKeyFile reads a key file, or standard input for "-", refusing anything
// larger than a key can be before reading it all.
func readKeyFile(path string, stdin io.Reader) ([]byte, error) {
	var data []byte
	var err error
	if path == "-" {
		data, err = keyfile.Read(stdin)
	} else {
		data, err = keyfile.ReadFile(path)
	}
	var tooLarge *keyfile.TooLargeError
	var pathErr *fs.PathError
	switch {
	case err == nil:
		return data, nil
	case errors.Is(err, keyfile.ErrDirectory):
		return nil, fmt.Errorf("%s is a directory, not a key file", path)
	case errors.As(err, &tooLarge) && tooLarge.Size >= 0:
		return nil, fmt.Errorf("%s: file is %d bytes, too large for a private key", path, tooLarge.Size)
	case errors.As(err, &tooLarge):
		return nil, fmt.Errorf("%s: input is too large for a private key", displayName(path))
	case errors.As(err, &pathErr) && pathErr.Op != "read":
		return nil, fmt.Errorf("cannot open key file %s: %w", path, unwrapPathError(err))
	}
	return nil, fmt.Errorf("cannot read %s: %w", displayName(path), unwrapPathError(err))
}

// keyLoader reads private keys for a command, asking for the passphrase of
// an encrypted one from --old-passphrase FILE or, failing that, the terminal.
type keyLoader struct {
	passphraseFile string
	// passphraseFlag is the flag that sets passphraseFile, for the hints;
	// "" means --old-passphrase, which register defines.
	passphraseFlag string
	stdin          io.Reader
	stderr         io.Writer // for warnings; nil for none
}

func (l *keyLoader) register(fs *flag.FlagSet) {
	fs.StringVar(&l.passphraseFile, "old-passphrase", "", "read an encrypted key's passphrase from `FILE` (its first line)")
}

// loadedKey is a parsed key with the passphrase that opened it, which
// pem2ppk reuses to keep an encrypted key encrypted.
type loadedKey struct {
	*keyconv.Key
	Passphrase []byte
}

// load reads and parses the key file at path ("-" for standard input).
func (l *keyLoader) load(path string) (*loadedKey, error) {
	data, err := readKeyFile(path, l.stdin)
	if err != nil {
		return nil, err
	}
	return l.parse(path, data)
}

// parse parses data that readKeyFile read from path. Callers read the file
// once and hand its bytes on: standard input can be read only once.
func (l *keyLoader) parse(path string, data []byte) (*loadedKey, error) {
	loaded := &loadedKey{}
	key, err := keyconv.Parse(data, func() ([]byte, error) {
		p, err := l.passphrase(path)
		loaded.Passphrase = p
		return p, err
	})
	if err != nil {
		return nil, explainKeyError(path, err, l.passphraseFlag)
	}
	loaded.Key = key
	return loaded, nil
}

func (l *keyLoader) passphrase(path string) ([]byte, error) {
	return passphraseFrom(l.passphraseFile, l.stderr, fmt.Sprintf("Enter passphrase to load %s: ", displayName(path)))()
}

// displayName is how messages name a key file: "-" means standard input,
// and "keyconv: error: -: file is empty" reads as a typo.
func displayName(path string) string {
	if path == "-" {
		return "standard input"
	}
	return path
}

// explainKeyError words a key-loading failure for the command line: the file
// first, then what went wrong, then what to do.
func explainKeyError(path string, err error, passphraseFlag string) error {
	if passphraseFlag == "" {
		passphraseFlag = "--old-passphrase"
	}
	if errors.Is(err, errInterrupted) {
		return errInterrupted
	}
	var encoding *keyconv.EncodingError
	if errors.As(err, &encoding) {
		return withHints(fmt.Errorf("%s: %w", displayName(path), err), fix.UTF16Key(fileArg(path)))
	}
	if errors.Is(err, keyconv.ErrPublicKeyOnly) {
		return withHints(fmt.Errorf("%s holds only a public key; this command needs the private key", displayName(path)), fix.PublicKeyOnly)
	}
	return withFixes(fmt.Errorf("%s: %w", displayName(path), err), fix.Context{PassphraseFlag: passphraseFlag})
}

// explainCommentError words the refusal to write a key whose comment holds
// a control character (a newline would add a line to authorized_keys), and
// passes other errors through.
func explainCommentError(path string, err error) error {
	var bad *keyconv.CommentError
	if errors.As(err, &bad) {
		return withFixes(fmt.Errorf("%s: %w", displayName(path), err), fix.Context{})
	}
	return err
}
