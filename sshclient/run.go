package sshclient

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"golang.org/x/crypto/ssh"
)

// Command is a command line to run on the server.
type Command struct {
	// Line is the command line. The login user's shell interprets it, as
	// with ssh HOST LINE.
	Line string

	// Root runs Line as root through "sudo -n", quoted so that the shell
	// sees exactly Line. sudo never prompts: a user without passwordless
	// sudo gets a [*SudoError] at once, never a hang.
	Root bool

	// Stdin, if not nil, is copied to the command's standard input, and
	// its end closes that input. The copy may outlive the command when Stdin
	// blocks (a terminal).
	Stdin io.Reader

	// Stdout and Stderr receive the command's two output streams, kept
	// apart. Nil discards.
	Stdout io.Writer
	Stderr io.Writer

	// StopGrace, if positive, is how long a command whose ctx ends is
	// given to end after the SSH "signal" request TERM, before it is sent
	// KILL and its session closed. If zero, KILL and close at once.
	// OpenSSH's sshd delivers signals to commands run without sudo; a
	// command run with Root is root's, which the login user cannot signal,
	// so it may go on running after its session is closed.
	StopGrace time.Duration
}

// DefaultOutputLimit is the most [Client.Output] keeps of each stream when
// its limit is zero.
const DefaultOutputLimit = 1 << 20

// Run runs cmd on the server, streaming its output, and returns when it has
// ended and its output is written. A non-zero exit status is an
// [*ExitError]; ctx ending stops the command.
func (c *Client) Run(ctx context.Context, cmd *Command) error {
	if cmd.Line == "" {
		return errors.New("sshclient: empty command line (use Shell for an interactive shell)")
	}
	sess, err := c.ssh.NewSession()
	if err != nil {
		return c.sessionError(err)
	}
	defer sess.Close()

	stdout, stderr := orDiscard(cmd.Stdout), orDiscard(cmd.Stderr)
	line := cmd.Line
	var gate *sudoGate
	if cmd.Root {
		gate = newSudoGate(stdout, stderr)
		stdout, stderr = gate.stdoutWriter(), gate.stderrWriter()
		line = sudoLine(cmd.Line)
	}
	sess.Stdout, sess.Stderr = stdout, stderr
	if err := feedStdin(sess, cmd.Stdin); err != nil {
		return c.sessionError(err)
	}
	err = wait(ctx, sess, cmd.StopGrace, func() error { return sess.Start(line) })
	if gate != nil {
		if sudoErr := gate.finish(err, c.user); sudoErr != nil {
			return sudoErr
		}
	}
	return c.commandError(err)
}

// Output runs cmd and returns what it wrote to stdout and stderr, keeping
// at most limit bytes of each (DefaultOutputLimit if limit is zero or
// less). A command that writes more is stopped, and the error wraps
// [ErrOutputTooLarge]. cmd.Stdout and cmd.Stderr must be nil.
func (c *Client) Output(ctx context.Context, cmd *Command, limit int) (stdout, stderr []byte, err error) {
	if cmd.Stdout != nil || cmd.Stderr != nil {
		return nil, nil, errors.New("sshclient: Output collects stdout and stderr itself; leave them nil")
	}
	if limit <= 0 {
		limit = DefaultOutputLimit
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	outBuf := &LimitedBuffer{Limit: limit, OnOverflow: cancel}
	errBuf := &LimitedBuffer{Limit: limit, OnOverflow: cancel}
	buffered := *cmd
	buffered.Stdout, buffered.Stderr = outBuf, errBuf
	err = c.Run(ctx, &buffered)
	if outBuf.Truncated() || errBuf.Truncated() {
		err = fmt.Errorf("%w (%d bytes); command stopped", ErrOutputTooLarge, limit)
	}
	return outBuf.Bytes(), errBuf.Bytes(), err
}

// wait starts the session and waits for it to end, or for ctx to end, in
// which case the command is sent SIGTERM and given grace to end, then sent
// SIGKILL and the session closed.
func wait(ctx context.Context, sess *ssh.Session, grace time.Duration, start func() error) error {
	if err := start(); err != nil {
		return err
	}
	ended := make(chan struct{})
	stop := context.AfterFunc(ctx, func() {
		if grace > 0 {
			sess.Signal(ssh.SIGTERM)
			timer := time.NewTimer(grace)
			defer timer.Stop()
			select {
			case <-ended:
				return
			case <-timer.C:
			}
		}
		sess.Signal(ssh.SIGKILL)
		sess.Close()
	})
	err := sess.Wait()
	close(ended)
	if !stop() {
		return &stoppedError{cause: context.Cause(ctx)}
	}
	return err
}

// stoppedError is a command ended because its ctx ended.
type stoppedError struct{ cause error }

func (e *stoppedError) Error() string { return "sshclient: command stopped: " + e.cause.Error() }
func (e *stoppedError) Unwrap() error { return e.cause }

// feedStdin copies r to the session's stdin in a goroutine of its own that
// Wait does not wait for: x/crypto's Session.Stdin would make Wait block
// until r ends, which for a terminal is never.
func feedStdin(sess *ssh.Session, r io.Reader) error {
	if r == nil {
		return nil
	}
	pipe, err := sess.StdinPipe()
	if err != nil {
		return err
	}
	go func() {
		io.Copy(pipe, r)
		pipe.Close()
	}()
	return nil
}

// commandError turns x/crypto's report of how a command ended into this
// package's errors.
func (c *Client) commandError(err error) error {
	var exit *ssh.ExitError
	var missing *ssh.ExitMissingError
	var stopped *stoppedError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &stopped):
		return err
	case errors.As(err, &exit):
		return &ExitError{Status: exit.ExitStatus(), Signal: exit.Signal()}
	case errors.As(err, &missing):
		if c.keepalive != nil && c.keepalive.timedOut() {
			return ErrKeepaliveTimeout
		}
		return errors.New("sshclient: remote command ended without an exit status (connection lost?)")
	}
	return c.sessionError(err)
}

func (c *Client) sessionError(err error) error {
	if c.keepalive != nil && c.keepalive.timedOut() {
		return ErrKeepaliveTimeout
	}
	if errors.Is(err, io.EOF) {
		return errors.New("sshclient: connection closed")
	}
	return fmt.Errorf("sshclient: %w", err)
}

func orDiscard(w io.Writer) io.Writer {
	if w == nil {
		return io.Discard
	}
	return w
}
