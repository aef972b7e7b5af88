//go:build unix

package main

import "syscall"

// detachFromTerminal starts a new session for keyconv under test, leaving
// the developer's terminal behind: a script that checks the "needs a
// passphrase" error must not stop and wait at a prompt on the terminal that
// runs go test. Scripts that give keyconv a terminal (ttyin) start it as a
// session leader already; Setsid then fails and the script's
// pseudo-terminal stays.
func detachFromTerminal() {
	_, _ = syscall.Setsid()
}
