package main

import (
	"context"

	"github.com/cloudkeypair/keypair/sshclient"
	"github.com/cloudkeypair/keypair/sshclient/fleet"
)

// keyJob is the work of a key command that proves a key (adduser,
// fix-server) on one server, with the key loaded for it and the printer
// of its lines.
type keyJob func(ctx context.Context, runner *fleet.Runner, c *sshclient.Client, t *fleet.Target, keys *loginKeys, p *serverPrinter) error

// runKeyJob is how adduser and fix-server run: the servers selected
// (user is --user), the key for each loaded before any connection
// (keyArg as serverKeys takes it), then job on every server, printed as
// run prints, with its summary and exit status.
func (f *fleetFlags) runKeyJob(ctx context.Context, sio *stdio, user, keyArg string, job keyJob) error {
	cfg, targets, err := f.selectServers(sio, user)
	if err != nil {
		return err
	}
	defer f.useAgent(sio)()
	keys, err := f.serverKeys(cfg, keyArg, targets)
	if err != nil {
		return err
	}
	out, runner, err := f.keyRun(sio, targets, keys.pass)
	if err != nil {
		return err
	}
	do := func(ctx context.Context, c *sshclient.Client, t *fleet.Target) error {
		return job(ctx, runner, c, t, keys, out.serverPrinter(t))
	}
	for res := range runner.Do(ctx, targets, do) {
		out.result(res)
	}
	return out.finish(ctx)
}
