package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/cloudkeypair/keypair/keyconv"
)

// readKeyFile reads a key file, or standard input for "-", refusing anything
// larger than a key can be before reading it all.
func readKeyFile(path string, stdin io.Reader) ([]byte, error) {
	var r io.Reader = stdin
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return nil, fmt.Errorf("cannot open key file %s: %w", path, unwrapPathError(err))
		}
		defer f.Close()
		info, err := f.Stat()
		if err != nil {
			return nil, fmt.Errorf("cannot open key file %s: %w", path, unwrapPathError(err))
		}
		if info.IsDir() {
			return nil, fmt.Errorf("%s is a directory, not a key file", path)
		}
		if info.Mode().IsRegular() && info.Size() > keyconv.MaxInputSize {
			return nil, fmt.Errorf("%s: file is %d bytes, too large for a private key", path, info.Size())
		}
		r = f
	}
	data, err := io.ReadAll(io.LimitReader(r, keyconv.MaxInputSize+1))
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", displayName(path), unwrapPathError(err))
	}
	if len(data) > keyconv.MaxInputSize {
		return nil, fmt.Errorf("%s: input is too large for a private key", displayName(path))
	}
	return data, nil
}

// keyLoader reads private keys for a command, asking for the passphrase of
// an encrypted one from --old-passphrase FILE or, failing that, the terminal.
type keyLoader struct {
	passphraseFile string
	stdin          io.Reader
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

func (l *keyLoader) load(path string) (*loadedKey, error) {
	data, err := readKeyFile(path, l.stdin)
	if err != nil {
		return nil, err
	}
	return l.parse(path, data)
}

// parse parses data read from path. Callers that have already read the
// file pass its bytes here rather than calling load again: standard input
// can be read only once.
func (l *keyLoader) parse(path string, data []byte) (*loadedKey, error) {
	loaded := &loadedKey{}
	key, err := keyconv.Parse(data, func() ([]byte, error) {
		p, err := l.passphrase(path)
		loaded.Passphrase = p
		return p, err
	})
	if err != nil {
		return nil, explainKeyError(path, err)
	}
	loaded.Key = key
	return loaded, nil
}

func (l *keyLoader) passphrase(path string) ([]byte, error) {
	if l.passphraseFile != "" {
		return readPassphraseFile(l.passphraseFile)
	}
	return promptPassphrase(fmt.Sprintf("Enter passphrase to load %s: ", displayName(path)))
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
func explainKeyError(path string, err error) error {
	path = displayName(path)
	var missing *keyconv.PassphraseMissingError
	var encoding *keyconv.EncodingError
	switch {
	case errors.Is(err, errInterrupted):
		return errInterrupted
	case errors.Is(err, errNoTerminal), errors.As(err, &missing):
		return withHint(fmt.Errorf("%s: key is encrypted and needs a passphrase", path),
			"give it with --old-passphrase FILE (the passphrase on the file's first line), or run keyconv in a terminal to be asked")
	case errors.Is(err, keyconv.ErrWrongPassphrase):
		return withHint(fmt.Errorf("%s: %w", path, err), "check the passphrase; the file's first line is used, without its line ending")
	case errors.As(err, &encoding):
		return withHint(fmt.Errorf("%s: %w", path, err),
			"PowerShell 5's > and Notepad's Unicode encodings save keys as UTF-16; convert it back with: keyconv fix-key %s", fileArg(path))
	}
	return fmt.Errorf("%s: %w", path, err)
}
