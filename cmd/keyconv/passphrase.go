package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"

	"golang.org/x/term"
)

// readPassphraseFile reads a passphrase as puttygen's --old-passphrase and
// --new-passphrase do: the file's first line, without its line ending. An
// empty file means no passphrase. Passphrases never come from the command
// line itself, where other users can read them.
//
// puttygen ends the passphrase at the first CR, LF or NUL byte (it cuts the
// line with strcspn and then treats it as a C string), so a file saved with
// old Mac line endings or padded with NULs gives only its first part. The
// same file must open the same key here, so keyconv cuts in the same places.
func readPassphraseFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read passphrase file: %w", err)
	}
	defer f.Close()
	// A passphrase longer than this is a wrong file, not a passphrase.
	line, err := bufio.NewReaderSize(io.LimitReader(f, 64<<10), 64<<10).ReadSlice('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("cannot read passphrase file %s: %w", path, err)
	}
	if end := bytes.IndexAny(line, "\r\n\x00"); end >= 0 {
		line = line[:end]
	}
	return bytes.Clone(line), nil
}

// promptPassphrase asks for a passphrase on the terminal without echoing it.
// It fails, rather than reading a pipe, when there is no terminal: a script
// must give the passphrase in a file.
func promptPassphrase(prompt string) ([]byte, error) {
	tty, err := openTerminal()
	if err != nil {
		return nil, errNoTerminal
	}
	defer tty.Close()
	fmt.Fprint(tty.out, prompt)
	p, err := term.ReadPassword(int(tty.in.Fd()))
	fmt.Fprintln(tty.out)
	if err != nil {
		return nil, fmt.Errorf("reading passphrase: %w", err)
	}
	return p, nil
}

var errNoTerminal = errors.New("no terminal to ask for the passphrase on")

// terminal is the user's terminal: standard input when it is one, else the
// process's controlling terminal.
type terminal struct {
	in     *os.File
	out    io.Writer
	closer func() error
}

func (t *terminal) Close() error { return t.closer() }

func openTerminal() (*terminal, error) {
	if term.IsTerminal(int(os.Stdin.Fd())) {
		return &terminal{in: os.Stdin, out: os.Stderr, closer: func() error { return nil }}, nil
	}
	f, err := os.OpenFile(controllingTerminal, os.O_RDWR, 0)
	if err != nil {
		return nil, err
	}
	if !term.IsTerminal(int(f.Fd())) {
		f.Close()
		return nil, errNoTerminal
	}
	return &terminal{in: f, out: f, closer: f.Close}, nil
}
