package main

import (
	"errors"

	"github.com/cloudkeypair/keypair/sshclient"
)

// useAgent connects to the user's running SSH agent for every command that
// logs in (ssh, run, cp, authorize, adduser, rotate, fix-server),
// unless --no-agent was given, and returns what closes it. No agent is no
// error; an agent that cannot be reached is a warning, and the key files
// are used as without one.
func (f *loginFlags) useAgent(sio *stdio) (closeAgent func()) {
	if f.noAgent {
		return func() {}
	}
	ag, err := sshclient.ConnectAgent()
	if err != nil {
		if !errors.Is(err, sshclient.ErrNoAgent) {
			warningf(sio.Err, "%v; using the key file without it", err)
		}
		return func() {}
	}
	f.agent = ag
	return func() {
		ag.Close()
		f.agent = nil
	}
}
