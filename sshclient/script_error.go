package sshclient

import (
	"bytes"
	"errors"
	"fmt"
)

// ScriptError is a script that a library ran on the server for its own
// ends (gathering facts, adding a user) and that failed: unlike an
// [*ExitError], which is the exit status of the caller's command, it is
// a failure of the work itself, and callers that count exit statuses
// (fleet's NonZero class) must not take it for one.
type ScriptError struct {
	Doing   string // what the script was doing, such as "adding the user deploy"
	Status  int    // its exit status
	Signal  string // the signal that killed it ("KILL"), "" if it exited
	Message string // stderr's first line; stdout's last if stderr was empty; "" if neither
}

// Error names the work, the status and what the script said.
func (e *ScriptError) Error() string {
	msg := fmt.Sprintf("%s: the script on the server exited with status %d", e.Doing, e.Status)
	if e.Signal != "" {
		msg = fmt.Sprintf("%s: the script on the server was killed by signal %s", e.Doing, e.Signal)
	}
	if e.Message != "" {
		msg += ": " + e.Message
	}
	return msg
}

// scriptMessageLimit bounds the line kept in a ScriptError's message.
const scriptMessageLimit = 512

// ScriptFailure turns what running a library's script returned into the
// error to report: an [*ExitError], an exit status or a signal (a script
// killed, by the OOM killer say, failed as much as one that exited 1),
// becomes a [*ScriptError] carrying stderr's first line; any other error (sudo refusing, a lost
// connection) is kept, typed, with that line added. nil stays nil. When
// stderr is empty the line is stdout's last: a program that explains its
// refusal on stdout, as nologin does ("This account is currently not
// available."), would otherwise fail with no reason.
func ScriptFailure(doing string, err error, stdout, stderr []byte) error {
	if err == nil {
		return nil
	}
	first := scriptMessage(stdout, stderr)
	var exit *ExitError
	if errors.As(err, &exit) {
		return &ScriptError{Doing: doing, Status: exit.Status, Signal: exit.Signal, Message: string(first)}
	}
	if len(first) > 0 {
		return fmt.Errorf("%s: %w: %s", doing, err, first)
	}
	return fmt.Errorf("%s: %w", doing, err)
}

// scriptMessage is the line a failed script's error quotes: stderr's
// first, or, with nothing on stderr, stdout's last (the reason comes
// after any output), at most scriptMessageLimit bytes.
func scriptMessage(stdout, stderr []byte) []byte {
	line, _, _ := bytes.Cut(bytes.TrimSpace(stderr), []byte("\n"))
	if len(line) == 0 {
		out := bytes.TrimSpace(stdout)
		line = bytes.TrimSpace(out[bytes.LastIndexByte(out, '\n')+1:])
	}
	return line[:min(len(line), scriptMessageLimit)]
}
