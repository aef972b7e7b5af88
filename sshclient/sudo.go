package sshclient

import (
	"bytes"
	"errors"
	"io"
	"sync"

	"github.com/cloudkeypair/keypair/internal/shellquote"
	"golang.org/x/crypto/ssh"
)

// sudoMarker is the byte the root-side shell prints before it runs the
// command. Its arrival on stdout proves that sudo let the command run; its
// absence when the session fails proves that sudo itself failed. This works
// whatever language sudo speaks and whatever the command prints.
const sudoMarker = '\x1e'

// sudoLine wraps line so that root runs exactly it: "sudo -n" (never
// prompt, fail at once), then a shell that prints the marker and runs line,
// which travels as one single-quoted argument, so that nothing in it is
// interpreted by the login shell or by sudo.
func sudoLine(line string) string {
	script := `printf '\036' && exec sh -c "$1"`
	return "sudo -n -- sh -c " + shellquote.Quote(script) + " sh " + shellquote.Quote(line)
}

// sudoCheckLine is what a root shell runs first to learn, without a PTY to
// prompt on, whether sudo will let the user in.
const sudoCheckLine = "true"

// stderrHoldLimit bounds the stderr held back while waiting to learn
// whether sudo ran the command.
const stderrHoldLimit = 4096

// firstLineLimit bounds the part of sudo's complaint kept for the error.
const firstLineLimit = 256

// sudoGate sits between a root command's streams and the caller's writers.
// It strips the marker from stdout, and holds stderr back until the marker
// arrives, so that when sudo refuses, its complaint becomes the SudoError
// instead of stray output. The marker is looked for in the stream, not only
// at its start: a login shell whose rc file prints something runs before
// sudo, and what it prints is passed on as it is.
type sudoGate struct {
	mu       sync.Mutex
	out, err io.Writer
	started  bool // the marker has arrived: the command runs
	held     bytes.Buffer
	first    []byte // the first line of stderr, for the error message
	gotFirst bool   // first is complete
}

func newSudoGate(stdout, stderr io.Writer) *sudoGate {
	return &sudoGate{out: stdout, err: stderr}
}

func (g *sudoGate) stdoutWriter() io.Writer { return gateWriter{g, g.writeStdout} }
func (g *sudoGate) stderrWriter() io.Writer { return gateWriter{g, g.writeStderr} }

type gateWriter struct {
	g     *sudoGate
	write func([]byte) error
}

func (w gateWriter) Write(p []byte) (int, error) {
	w.g.mu.Lock()
	defer w.g.mu.Unlock()
	if err := w.write(p); err != nil {
		return 0, err
	}
	return len(p), nil
}

func (g *sudoGate) writeStdout(p []byte) error {
	if !g.started {
		before, after, found := bytes.Cut(p, []byte{sudoMarker})
		if len(before) > 0 {
			if _, err := g.out.Write(before); err != nil {
				return err
			}
		}
		if !found {
			return nil
		}
		g.started = true
		if err := g.release(); err != nil {
			return err
		}
		p = after
	}
	if len(p) == 0 {
		return nil
	}
	_, err := g.out.Write(p)
	return err
}

func (g *sudoGate) writeStderr(p []byte) error {
	if !g.gotFirst {
		line, _, complete := bytes.Cut(p, []byte("\n"))
		g.first = append(g.first, line[:min(len(line), firstLineLimit-len(g.first))]...)
		g.gotFirst = complete || len(g.first) == firstLineLimit
	}
	if !g.started && g.held.Len()+len(p) <= stderrHoldLimit {
		g.held.Write(p)
		return nil
	}
	if err := g.release(); err != nil {
		return err
	}
	_, err := g.err.Write(p)
	return err
}

func (g *sudoGate) release() error {
	if g.held.Len() == 0 {
		return nil
	}
	_, err := g.held.WriteTo(g.err)
	return err
}

// finish decides, once the session has ended with runErr, whether sudo
// refused: the command failed and the marker never came. Otherwise it
// passes on any stderr still held and returns nil.
func (g *sudoGate) finish(runErr error, user string) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	var exit *ssh.ExitError
	if !g.started && errors.As(runErr, &exit) && exit.Signal() == "" {
		return &SudoError{User: user, Status: exit.ExitStatus(), Message: string(bytes.TrimSpace(g.first))}
	}
	return g.release()
}
