package main

import (
	"fmt"
	"io"

	"github.com/cloudkeypair/keypair/sshclient/fleet"
)

// serverPrinter prints what a job on one server has to say ("s1: added
// ..."), from the worker, each line prefixed with the server's name and
// escaped: the paths and labels come from the server.
type serverPrinter struct {
	out  *runOutput
	w    io.Writer
	name string
}

// serverPrinter is the printer of t's lines, on stdout.
func (o *runOutput) serverPrinter(t *fleet.Target) *serverPrinter {
	return &serverPrinter{out: o, w: o.sio.Out, name: t.Name}
}

func (p *serverPrinter) line(format string, args ...any) {
	p.out.printer.Print(p.w, escape(p.name+": "+fmt.Sprintf(format, args...))+"\n")
}

// notProved says that user's new login was not tried: key is a public
// key only.
func (p *serverPrinter) notProved(user string, key *loginKey) {
	p.line("%s: not proved: %s holds no private key to log in with", user, key.name)
}
