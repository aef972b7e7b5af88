package sshclient

import (
	"context"
	"io"
	"strings"

	"github.com/cloudkeypair/keypair/internal/shellquote"
)

// Script is a shell script that a library runs on the server for its own
// ends (reading a file, adding a user), as opposed to the caller's
// command: its failure is the work's, reported as a [*ScriptError].
type Script struct {
	// Doing says what the script does, for its error, with the package's
	// prefix: "fleet: reading /home/deploy/.ssh/authorized_keys".
	Doing string

	// Body is the script, run by sh -c; Name is its $0 and Args its $1...,
	// each passed quoted, so that no value is interpreted by a shell.
	Body string
	Name string
	Args []string

	// Root runs it as root through sudo -n, as [Command.Root].
	Root bool

	// Stdin, if not nil, is the script's standard input.
	Stdin io.Reader

	// Limit caps the stdout kept, as [Client.Output]'s limit.
	Limit int
}

// line is the command line that runs s with sh.
func (s *Script) line() string {
	name := s.Name
	if name == "" {
		name = "sh"
	}
	words := []string{"sh", "-c", shellquote.Quote(s.Body), shellquote.Quote(name)}
	for _, a := range s.Args {
		words = append(words, shellquote.Quote(a))
	}
	return strings.Join(words, " ")
}

// RunScript runs s on the server and returns its stdout. A script that
// exits non-zero or is killed is a [*ScriptError] carrying the first line
// of its stderr (stdout's last if stderr is empty); any other failure (sudo refusing, a lost connection)
// keeps its type, as [ScriptFailure] says.
func (c *Client) RunScript(ctx context.Context, s *Script) ([]byte, error) {
	out, stderr, err := c.Output(ctx, &Command{Line: s.line(), Root: s.Root, Stdin: s.Stdin}, s.Limit)
	if err != nil {
		return out, ScriptFailure(s.Doing, err, out, stderr)
	}
	return out, nil
}
