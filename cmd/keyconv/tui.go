package main

// How keyconv talks to people. The rules, for every subcommand:
//
//   - Results go to standard output; everything else to standard error.
//   - An error is one line, "keyconv: error: ...", lowercase, no final period,
//     never containing a passphrase or key material.
//   - Where the user can do something about it, one or more lines
//     "keyconv: hint: ..." follow, saying what to type.
//   - Exit status: 0 success, 1 failure, 2 usage error. A command may return
//     an exitError to choose another (ssh passes the remote status through
//     and uses 255 for connection failures, as OpenSSH does).

import (
	"errors"
	"fmt"
	"io"
	"strings"
)

func errorf(w io.Writer, format string, args ...any) {
	fmt.Fprintf(w, "keyconv: error: %s\n", oneLine(fmt.Sprintf(format, args...)))
}

func hintf(w io.Writer, format string, args ...any) {
	fmt.Fprintf(w, "keyconv: hint: %s\n", oneLine(fmt.Sprintf(format, args...)))
}

func warningf(w io.Writer, format string, args ...any) {
	fmt.Fprintf(w, "keyconv: warning: %s\n", oneLine(fmt.Sprintf(format, args...)))
}

// oneLine keeps a message on one line and drops the library's own
// "keyconv: " prefixes, which the CLI's prefix already says.
func oneLine(msg string) string {
	msg = strings.TrimPrefix(msg, "keyconv: ")
	msg = strings.ReplaceAll(msg, ": keyconv: ", ": ")
	return strings.Join(strings.Fields(msg), " ")
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

func withHint(err error, format string, args ...any) error {
	return &hintError{err: err, hints: []string{fmt.Sprintf(format, args...)}}
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
	errorf(w, "%s", err.Error())
	var hinted *hintError
	if errors.As(err, &hinted) {
		for _, h := range hinted.hints {
			hintf(w, "%s", h)
		}
	}
	var usage *usageError
	if errors.As(err, &usage) {
		hintf(w, "usage: keyconv %s (see 'keyconv help %s')", cmd.UsageLine, cmd.Name)
		return exitUsage
	}
	return code
}
