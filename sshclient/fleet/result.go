package fleet

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/cloudkeypair/keypair/sshclient"
)

// Class sorts a server's outcome into what a summary counts.
type Class int

// The classes of [Result.Class].
const (
	OK          Class = iota // the work ran and succeeded (a command exited 0)
	Refused                  // the TCP connection was refused: stopped server, nothing on the port
	TimedOut                 // connecting, or the whole of the work, took longer than allowed
	AuthRefused              // the server refused the login: wrong key or user
	HostKey                  // the host key is unknown (strict) or changed
	ExitStatus               // the command ran and exited non-zero, or was killed
	Interrupted              // ctx ended while the server was being worked on
	NotStarted               // ctx ended before the server was started
	Failed                   // anything else: a key that does not load, sudo refusing, a lost connection
)

var classNames = [...]string{
	OK: "ok", Refused: "refused", TimedOut: "timed out", AuthRefused: "auth refused", HostKey: "host key",
	ExitStatus: "non-zero exit", Interrupted: "interrupted", NotStarted: "not started", Failed: "failed",
}

// String is the class's name, as the summary and --json print it.
func (c Class) String() string {
	if c >= 0 && int(c) < len(classNames) {
		return classNames[c]
	}
	return "Class(" + strconv.Itoa(int(c)) + ")"
}

// Result is how the work went on one server.
type Result struct {
	Target *Target
	User   string // the login user, "" when it could not be found
	Class  Class
	Err    error // nil exactly when Class is OK

	// ExitStatus is the command's exit status; -1 when it did not run to
	// an exit status (connection failure, interrupted).
	ExitStatus int

	// Stdout and Stderr hold the command's gathered output (nil when it
	// was streamed), Truncated whether either passed the cap.
	Stdout, Stderr []byte
	Truncated      bool

	// Started says the command (or work) began on the server, so an
	// interrupted one may still be running there.
	Started  bool
	Duration time.Duration
}

// ErrNotStarted is what the Err of a server never started because ctx had
// ended wraps.
var ErrNotStarted = errors.New("not started: the run was interrupted")

// errCommandTimeout is the cause of a server's context ending at
// Runner.Timeout.
// It is always wrapped in a message naming the server.
var errCommandTimeout = errors.New("did not finish within the timeout")

// classify sorts err; run is the run's context, which says whether an
// error came from the run being interrupted.
func classify(run context.Context, err error) Class {
	var (
		refused *sshclient.RefusedError
		timeout *sshclient.TimeoutError
		auth    *sshclient.AuthError
		unknown *sshclient.UnknownHostKeyError
		changed *sshclient.HostKeyChangedError
		exit    *sshclient.ExitError
	)
	var rotation *RotationError
	switch {
	case err == nil:
		return OK
	case errors.As(err, &rotation):
		// The login worked; a later step's own login or edit did not.
		return Failed
	case errors.Is(err, ErrNotStarted):
		return NotStarted
	case run.Err() != nil && (errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Cause(run))):
		return Interrupted
	case errors.Is(err, errCommandTimeout), errors.As(err, &timeout):
		return TimedOut
	case errors.As(err, &refused):
		return Refused
	case errors.As(err, &auth):
		return AuthRefused
	case errors.As(err, &unknown), errors.As(err, &changed):
		return HostKey
	case errors.As(err, &exit):
		return ExitStatus
	}
	return Failed
}
