package sshclient

import (
	"context"
	"io"

	"golang.org/x/crypto/ssh"
)

// Shell is an interactive login shell, as ssh HOST without a command gives.
type Shell struct {
	// Root opens a root login shell, as "sudo -i" does. sudo is asked
	// first, without a terminal, whether the user may; a user without
	// passwordless sudo gets a [*SudoError] before any shell starts.
	Root bool

	// PTY asks the server for a pseudo-terminal, which interactive
	// programs need. Term is its TERM ("xterm-256color" if empty), Width
	// and Height its size in characters (80x24 if zero), and each value
	// received from Resize changes its size.
	PTY           bool
	Term          string
	Width, Height int
	Resize        <-chan WindowSize

	// Stdin, Stdout and Stderr are the shell's streams. With a PTY the
	// server merges stderr into stdout.
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
}

// WindowSize is a terminal's size in characters.
type WindowSize struct {
	Width, Height int
}

// Shell runs an interactive shell until it exits or ctx ends. A non-zero
// exit status is an [*ExitError]. Putting the local terminal in raw mode
// is the caller's business: this package never touches a terminal.
func (c *Client) Shell(ctx context.Context, sh *Shell) error {
	if sh.Root {
		if err := c.Run(ctx, &Command{Line: sudoCheckLine, Root: true}); err != nil {
			return err
		}
	}
	sess, err := c.ssh.NewSession()
	if err != nil {
		return c.sessionError(err)
	}
	defer sess.Close()
	sess.Stdout, sess.Stderr = orDiscard(sh.Stdout), orDiscard(sh.Stderr)
	if err := feedStdin(sess, sh.Stdin); err != nil {
		return c.sessionError(err)
	}
	if sh.PTY {
		if err := requestPTY(sess, sh); err != nil {
			return c.sessionError(err)
		}
	}
	start := sess.Shell
	if sh.Root {
		start = func() error { return sess.Start("sudo -n -i") }
	}
	done := make(chan struct{})
	defer close(done)
	if sh.PTY && sh.Resize != nil {
		go forwardResizes(sess, sh.Resize, done)
	}
	return c.commandError(wait(ctx, sess, 0, start))
}

func requestPTY(sess *ssh.Session, sh *Shell) error {
	term := sh.Term
	if term == "" {
		term = "xterm-256color"
	}
	width, height := sh.Width, sh.Height
	if width <= 0 || height <= 0 {
		width, height = 80, 24
	}
	modes := ssh.TerminalModes{
		ssh.ECHO:          1,
		ssh.TTY_OP_ISPEED: 38400,
		ssh.TTY_OP_OSPEED: 38400,
	}
	return sess.RequestPty(term, height, width, modes)
}

func forwardResizes(sess *ssh.Session, resize <-chan WindowSize, done <-chan struct{}) {
	for {
		select {
		case <-done:
			return
		case ws, ok := <-resize:
			if !ok {
				return
			}
			if ws.Width > 0 && ws.Height > 0 {
				sess.WindowChange(ws.Height, ws.Width)
			}
		}
	}
}
