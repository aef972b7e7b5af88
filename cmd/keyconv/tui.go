package main

// How keyconv talks to people. The rules, for every subcommand:
//
//   - Results go to standard output; everything else to standard error.
//   - An error is one line, "keyconv: error: ...", lowercase, no final period,
//     never containing a passphrase or key material.
//   - Where the user can do something about it, one or more lines
//     "keyconv: hint: ..." follow, saying what to type.
//   - Whatever came from a file, a server or the command line (a comment,
//     a description, a file name) is printed through escape, in results
//     and messages alike, so that it cannot end a line or reach the
//     terminal as a control sequence; --json prints it as it is, in JSON's
//     escapes (escapeJSON).
//   - Exit status: 0 success, 1 failure, 2 usage error. A command may return
//     an exitError to choose another (ssh passes the remote status through
//     and uses 255 for connection failures, as OpenSSH does).

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/cloudkeypair/keypair/cmd/keyconv/internal/fix"
)

func errorf(w io.Writer, format string, args ...any) {
	fmt.Fprintf(w, "keyconv: error: %s\n", escape(fmt.Sprintf(format, args...)))
}

func hintf(w io.Writer, format string, args ...any) {
	fmt.Fprintf(w, "keyconv: hint: %s\n", escape(fmt.Sprintf(format, args...)))
}

func warningf(w io.Writer, format string, args ...any) {
	fmt.Fprintf(w, "keyconv: warning: %s\n", escape(fmt.Sprintf(format, args...)))
}

// escape writes the control characters of s (C0, DEL and C1) and bytes
// that are not UTF-8 as octal escapes in the vis(3) style OpenSSH's
// mprintf uses, "\033" for ESC: a message stays on one line whatever a
// file name or a server put into it, and cannot move the cursor, clear
// the screen or write to the clipboard. Everything else, backslashes
// included, is left as it is, so a Windows path reads as typed.
func escape(s string) string {
	clean := true
	for _, r := range s {
		if needsEscape(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if needsEscape(r) && (r != utf8.RuneError || size == 1) {
			for _, c := range []byte(s[i : i+size]) {
				fmt.Fprintf(&b, "\\%03o", c)
			}
		} else {
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// escapeJSON writes DEL and the C1 control characters of a JSON document
// as \u escapes. encoding/json escapes the C0 ones only, and a UTF-8 C1
// such as U+009B (CSI) is a control sequence to some terminals; escaped,
// the document means the same and keeps every string as the file had it.
// Outside strings JSON text is ASCII, so every such byte is in a string.
func escapeJSON(doc []byte) []byte {
	var b bytes.Buffer
	for i := 0; i < len(doc); i++ {
		switch c := doc[i]; {
		case c == 0x7f:
			b.WriteString(`\u007f`)
		case c == 0xc2 && i+1 < len(doc) && doc[i+1] >= 0x80 && doc[i+1] <= 0x9f:
			fmt.Fprintf(&b, `\u%04x`, doc[i+1])
			i++
		default:
			b.WriteByte(c)
		}
	}
	return b.Bytes()
}

// needsEscape reports control characters, and utf8.RuneError, which
// stands for a byte that is not UTF-8 (escape then checks which it was).
func needsEscape(r rune) bool {
	return r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f) || r == utf8.RuneError
}

// usageError is a mistake in how the command was called: exit status 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usageErrorf(format string, args ...any) error {
	return &usageError{fmt.Sprintf(format, args...)}
}

// hintError attaches hints to an error, to be printed after it.
type hintError struct {
	err   error
	hints []string
}

func (e *hintError) Error() string { return e.err.Error() }
func (e *hintError) Unwrap() error { return e.err }

// withFixes attaches the fix table's words for err (see package fix), with
// the CLI's own case: no terminal to ask for a passphrase on.
func withFixes(err error, fixes fix.Context) error {
	if errors.Is(err, errNoTerminal) {
		return withHints(err, fixes.Passphrase())
	}
	return withHints(err, fixes.For(err)...)
}

// withHints attaches hints, such as the fix table's, to err; with none it
// returns err as it is.
func withHints(err error, hints ...string) error {
	if len(hints) == 0 {
		return err
	}
	return &hintError{err: err, hints: hints}
}

// exitError ends the command with a chosen status. With a nil err nothing is
// printed (the command has already said what it had to); otherwise err is
// reported as usual.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit status %d", e.code)
	}
	return e.err.Error()
}
func (e *exitError) Unwrap() error { return e.err }

// report prints err as the rules above say and returns the exit status.
func report(w io.Writer, err error, cmd *command) int {
	if err == nil {
		return exitOK
	}
	code := exitFailure
	var exit *exitError
	if errors.As(err, &exit) {
		code = exit.code
		if exit.err == nil {
			return code
		}
	}
	printError(w, err)
	var usage *usageError
	if errors.As(err, &usage) {
		hintf(w, "%s", fix.Usage(cmd.UsageLine, cmd.Name))
		return exitUsage
	}
	return code
}

// printError prints err and its hints, as report does, for a failure that
// does not end the command (one file of several).
func printError(w io.Writer, err error) {
	errorf(w, "%v", err)
	var hinted *hintError
	if errors.As(err, &hinted) {
		for _, h := range hinted.hints {
			hintf(w, "%s", h)
		}
	}
}
