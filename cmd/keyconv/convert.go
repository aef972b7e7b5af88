package main

import (
	"errors"
	"flag"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/cloudkeypair/keypair/keyconv"
)

// conversion is what pem2ppk and ppk2pem share: read a private key, maybe
// change its comment and passphrase, and write it in another format to a
// file beside the input, named after it.
type conversion struct {
	out         string
	comment     string
	commentSet  bool
	newPassFile string
	// newPass, when set (by -P), is the new passphrase, already read or
	// asked for once for all the files of the call; it wins over
	// newPassFile.
	newPass *[]byte
	force   bool
	loader  keyLoader
}

func (c *conversion) register(fs *flag.FlagSet, defaultExt string) {
	fs.StringVar(&c.out, "o", "", "write to `FILE` (\"-\" for standard output); default: the key file's name with "+defaultExt)
	fs.Func("C", "set the key's `comment`", func(s string) error {
		c.comment, c.commentSet = s, true
		return nil
	})
	fs.StringVar(&c.newPassFile, "new-passphrase", "", "encrypt the output with the passphrase in `FILE` (an empty file: no encryption); by default an encrypted key stays encrypted under its passphrase")
	fs.BoolVar(&c.force, "force", false, "replace an existing output file")
	c.loader.register(fs)
}

// outputFor is the output of converting input: -o when given, else the
// input's name with ext beside it.
func (c *conversion) outputFor(input, ext string) outputFile {
	path := c.out
	if path == "" {
		if input == "-" {
			path = "-"
		} else {
			path = strings.TrimSuffix(input, filepath.Ext(input)) + ext
		}
	}
	return outputFile{Path: path, Force: c.force, Perm: 0o600, Input: input}
}

// marshalFunc writes key in the target format, encrypted with passphrase
// when it is non-empty.
type marshalFunc func(key *keyconv.Key, passphrase []byte) ([]byte, error)

// run converts input to output. The input is read and checked first (a
// file that holds no private key is the more useful news), then every check
// that can fail without the passphrase (the output's name, the new
// passphrase file) runs before it is asked for, and nothing is written until
// the whole output is ready.
func (c *conversion) run(sio *stdio, input string, output outputFile, marshal marshalFunc) error {
	c.loader.stdin, c.loader.stderr = sio.In, sio.Err
	in, err := readKeyFile(input, sio.In)
	if err != nil {
		return err
	}
	plain, err := keyconv.Parse(in, nil)
	var missing *keyconv.PassphraseMissingError
	if err != nil && !errors.As(err, &missing) {
		return explainKeyError(input, err, c.loader.passphraseFlag)
	}
	if err := output.check(); err != nil {
		return err
	}
	newPassphrase, haveNew := []byte(nil), c.newPass != nil
	switch {
	case haveNew:
		newPassphrase = *c.newPass
	case c.newPassFile != "":
		p, err := readPassphraseFile(c.newPassFile, sio.Err)
		if err != nil {
			return err
		}
		newPassphrase, haveNew = p, true
	}
	key := &loadedKey{Key: plain}
	if plain == nil {
		if key, err = c.loader.parse(input, in); err != nil {
			return err
		}
	}
	if c.commentSet {
		key.Comment = c.comment
	}
	// puttygen keeps an encrypted key encrypted under the passphrase it was
	// opened with unless told otherwise; so does keyconv, so that converting
	// never silently strips a key's protection.
	passphrase := key.Passphrase
	if haveNew {
		passphrase = newPassphrase
	}
	data, err := marshal(key.Key, passphrase)
	if err != nil {
		return explainCommentError(input, err)
	}
	if err := output.write(sio.Out, data); err != nil {
		return err
	}
	if !output.isStdout() {
		pub, err := key.Public()
		if err != nil {
			return err
		}
		state := "unencrypted"
		if len(passphrase) > 0 {
			state = "encrypted"
		}
		fmt.Fprintf(sio.Err, "keyconv: wrote %s (%s, %s)\n", escape(output.Path), escape(pub.FingerprintLine(keyconv.SHA256)), state)
	}
	return nil
}
