package main

import (
	"context"
	"os"

	"github.com/cloudkeypair/keypair/sshclient"
	"golang.org/x/term"
)

// runShell opens an interactive shell. When standard input is a terminal it
// gets a PTY of the terminal's size, follows its resizes, and the local
// terminal goes into raw mode so that keys (Ctrl-C included) reach the
// server, as with ssh; otherwise the shell reads standard input without a
// PTY, as ssh -T does.
func runShell(ctx context.Context, sio *stdio, client *sshclient.Client, root bool) error {
	sh := &sshclient.Shell{Root: root, Stdin: sio.In, Stdout: sio.Out, Stderr: sio.Err}
	in, ok := sio.In.(*os.File)
	if !ok || !term.IsTerminal(int(in.Fd())) {
		return client.Shell(ctx, sh)
	}
	fd := int(in.Fd())
	sh.PTY = true
	sh.Term = os.Getenv("TERM")
	sh.Width, sh.Height, _ = term.GetSize(fd)
	resize, stopResize := watchTerminalSize(fd)
	defer stopResize()
	sh.Resize = resize
	state, err := term.MakeRaw(fd)
	if err != nil {
		return err
	}
	defer term.Restore(fd, state)
	return client.Shell(ctx, sh)
}
