package main

import (
	"bytes"
	"fmt"
	"os"

	"github.com/cloudkeypair/keypair/keyconv"
	"golang.org/x/term"
)

// passphraseSource says where an encrypted key's passphrase comes from:
// the first line of --passphrase-file, else a prompt on the terminal when
// standard input is one, else nowhere (the library then reports that the
// key needs one). keyconv calls it only for an encrypted key, so a plain
// key never prompts.
func passphraseSource(sio *stdio, file, keyFile string) (keyconv.PassphraseFunc, error) {
	if file != "" {
		data, err := os.ReadFile(file)
		if err != nil {
			return nil, fmt.Errorf("reading the passphrase file: %w", err)
		}
		line, _, _ := bytes.Cut(data, []byte("\n"))
		return keyconv.Passphrase(bytes.TrimSuffix(line, []byte("\r"))), nil
	}
	in, ok := sio.In.(*os.File)
	if !ok || !term.IsTerminal(int(in.Fd())) {
		return nil, nil
	}
	return func() ([]byte, error) {
		fmt.Fprintf(sio.Err, "Enter passphrase for %s: ", keyFile)
		p, err := term.ReadPassword(int(in.Fd()))
		fmt.Fprintln(sio.Err)
		return p, err
	}, nil
}
