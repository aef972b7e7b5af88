package main

import (
	"flag"
	"time"

	"github.com/cloudkeypair/keypair/firewall"
	"github.com/cloudkeypair/keypair/keyconv"
	"github.com/cloudkeypair/keypair/sshclient"
	"github.com/cloudkeypair/keypair/sshclient/fleet"
)

// fleetFlags are the flags of the commands that work on many servers of
// the cloud file at once (run and the key commands): how to log in, which
// servers, how many at once, and how long each may take.
type fleetFlags struct {
	loginFlags
	cloud    cloudFlags
	parallel int
	timeout  time.Duration
}

func (f *fleetFlags) register(fs *flag.FlagSet, help loginFlagHelp) {
	f.loginFlags.register(fs, help)
	f.cloud.register(fs, true)
	registerParallel(fs, &f.parallel)
	fs.DurationVar(&f.timeout, "timeout", 0, "limit for the whole of each server's work, such as 5m (default none)")
}

// checkFleet refuses a bad login flag, fan-out or timeout, and a run that
// selects no server.
func (f *fleetFlags) checkFleet() error {
	if err := f.check(); err != nil {
		return err
	}
	if f.parallel < 1 {
		return usageErrorf("--parallel %d: at least 1", f.parallel)
	}
	if f.timeout < 0 {
		return usageErrorf("--timeout must not be negative, not %v", f.timeout)
	}
	if !f.cloud.selecting(f.os) {
		return usageErrorf("no servers selected: give --server A,B, --all, --os, --group or --firewall")
	}
	return nil
}

// selectServers is how the key commands (authorize, adduser, rotate,
// fix-server) begin: the flags and --user (user) checked, then the cloud
// file's servers the flags select.
func (f *fleetFlags) selectServers(sio *stdio, user string) (*firewall.Config, []fleet.Target, error) {
	if err := f.checkFleet(); err != nil {
		return nil, nil, err
	}
	if err := checkUser(user); err != nil {
		return nil, nil, err
	}
	return f.cloud.targets(sio, f.os, &f.loginFlags)
}

// keyRun is the output of a key command's work, as run's default mode
// prints it (lines as they come, the summary, the exit status), and the
// runner that reports to it; pass, if not nil, asks for the passphrases.
func (f *fleetFlags) keyRun(sio *stdio, targets []fleet.Target, pass func(file string) keyconv.PassphraseFunc) (*runOutput, *fleet.Runner, error) {
	out, err := newRunOutput(sio, outputStream, "", len(targets), f.parallel)
	if err != nil {
		return nil, nil, err
	}
	r := f.runner()
	if pass != nil {
		r.Passphrase = pass
	}
	r.OnStart = out.onStart
	return out, r, nil
}

// checkUser refuses a --user that names no account: an existing one's
// name may have capitals and dots (sshclient.ValidateLoginName), unlike
// the name of an account adduser makes. "" is the login user.
func checkUser(user string) error {
	if user == "" {
		return nil
	}
	if err := sshclient.ValidateLoginName(user); err != nil {
		return usageErrorf("--user: %v", err)
	}
	return nil
}

func (f *fleetFlags) runner() *fleet.Runner { return f.loginFlags.runner(f.parallel, f.timeout) }

// fleetLoginHelp is the help of the login flags for a command that logs in
// to many servers of the cloud file, with os the --os help.
func fleetLoginHelp(os string) loginFlagHelp {
	return loginFlagHelp{
		keyFile:        "private key `FILE` for every server (default: each server's key or keypair file)",
		port:           "`PORT` to connect to on every server (default: each server's port:, else 22)",
		connectTimeout: sshclient.DefaultConnectTimeout,
		timeoutHelp:    "limit for connecting and logging in to each server, such as 10s",
		os:             os,
	}
}
