package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"

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
		return nil, fmt.Errorf("cannot read passphrase file %s: %w", path, unwrapPathError(err))
	}
	defer f.Close()
	// A passphrase longer than this is a wrong file, not a passphrase.
	const maxLine = 64 << 10
	line, err := bufio.NewReaderSize(io.LimitReader(f, maxLine), maxLine).ReadSlice('\n')
	switch {
	case errors.Is(err, bufio.ErrBufferFull):
		return nil, fmt.Errorf("passphrase file %s: the first line is over 64 KiB, so this is not a passphrase file", path)
	case err != nil && !errors.Is(err, io.EOF):
		return nil, fmt.Errorf("cannot read passphrase file %s: %w", path, unwrapPathError(err))
	}
	if end := bytes.IndexAny(line, "\r\n\x00"); end >= 0 {
		line = line[:end]
	}
	return bytes.Clone(line), nil
}

// promptPassphrase asks for a passphrase on the terminal without echoing it.
// It fails, rather than reading a pipe, when there is no terminal: a script
// must give the passphrase in a file.
//
// Ctrl-C at the prompt must end the command, as it does in puttygen, and
// leave the terminal echoing. Neither happens by itself: where main turns
// Ctrl-C into a cancelled context (the network commands), term.ReadPassword,
// blocked in a read, never sees it; where Ctrl-C keeps its default effect
// (the key commands), the process dies with echo still off. So the prompt
// catches the signal itself, puts the terminal's echo back (ReadPassword,
// abandoned, never will) and returns errInterrupted. (A Ctrl-C in the microseconds between the prompt and
// ReadPassword turning echo off would still leave it off; nobody types that
// fast.)
func promptPassphrase(prompt string) ([]byte, error) {
	tty, err := openTerminal()
	if err != nil {
		return nil, errNoTerminal
	}
	defer tty.Close()
	fd := int(tty.in.Fd())
	saved, err := term.GetState(fd)
	if err != nil {
		return nil, fmt.Errorf("reading passphrase: %w", err)
	}
	interrupt := make(chan os.Signal, 1)
	signal.Notify(interrupt, os.Interrupt)
	defer signal.Stop(interrupt)

	type result struct {
		passphrase []byte
		err        error
	}
	read := make(chan result, 1)
	fmt.Fprint(tty.out, escape(prompt))
	go func() {
		p, err := term.ReadPassword(fd)
		read <- result{p, err}
	}()
	select {
	case r := <-read:
		fmt.Fprintln(tty.out)
		if r.err != nil {
			return nil, fmt.Errorf("reading passphrase: %w", r.err)
		}
		return r.passphrase, nil
	case <-interrupt:
		_ = term.Restore(fd, saved)
		fmt.Fprintln(tty.out)
		return nil, errInterrupted
	}
}

var (
	errNoTerminal  = errors.New("key is encrypted and needs a passphrase: there is no terminal to ask for it on")
	errInterrupted = errors.New("interrupted")
)

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
	if controllingTerminalOutput == controllingTerminal {
		return &terminal{in: f, out: f, closer: f.Close}, nil
	}
	out, err := os.OpenFile(controllingTerminalOutput, os.O_WRONLY, 0)
	if err != nil {
		f.Close()
		return nil, err
	}
	return &terminal{in: f, out: out, closer: func() error {
		out.Close()
		return f.Close()
	}}, nil
}
