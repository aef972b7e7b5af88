package main

import (
	"context"
	"flag"
	"fmt"
	"net/netip"

	"github.com/cloudkeypair/keypair/keyconv"
	"github.com/cloudkeypair/keypair/sshclient"
	"github.com/cloudkeypair/keypair/sshclient/fleet"
)

var cmdAuthorize = &command{
	Name:      "authorize",
	UsageLine: "authorize -c FILE {--server A,B | --all | --os OS | --group G | --firewall FW} [--user USER] [--keys DIR] [-i KEY] [-l USER] [-p PORT] [-f N | --parallel N] [--timeout DURATION] [--connect-timeout DURATION] [--known-hosts FILE] [--accept-new] [--passphrase-file FILE] [--dry-run] PUBKEY",
	Short:     "add a public key to a user's authorized_keys on many servers",
	Long: `
Authorize adds the public key PUBKEY to ~/.ssh/authorized_keys of --user
USER (by default the login user) on every selected server, logging in as
'keyconv run' does. PUBKEY is a public key file (an OpenSSH .pub line, an
RFC 4716 block, a PPK file), a private key file in any format keyconv
reads, or the name of a keypair, whose key file is looked for as the
servers' keys are (--keys DIR, the cloud file's keys:, its folder, the
current one).

A key already there, with any comment or options, is left alone and
reported as already there: the key is compared, not its comment. Otherwise
the key's line is added at the end, and every other line of the file is
kept byte for byte. The file is replaced atomically: a temporary file
beside it, mode 0600 and owned by the user, renamed over it; ~/.ssh is made
(0700, the user's) when missing, and restorecon restores the SELinux
context where the system has it. The file is then read back to check.
Another user's file is edited through 'sudo -n'.

Selection, --parallel, --timeout, the summary and the exit status are as
for 'keyconv run'; --dry-run lists the servers and logins, dialling none.
`,
	Setup:        setupAuthorize,
	Interspersed: true,
}

type authorizeFlags struct {
	fleetFlags
	target string // --user: whose authorized_keys
	dryRun bool
}

func setupAuthorize(fs *flag.FlagSet) runFunc {
	f := &authorizeFlags{}
	f.register(fs, fleetLoginHelp("add the key on the servers whose os: is `OS` (as the user table reads it)"))
	fs.StringVar(&f.target, "user", "", "add the key for `USER` (default: the login user; another user's file is edited through sudo -n)")
	fs.BoolVar(&f.dryRun, "dry-run", false, "list the servers and logins, dialling none")
	return f.run
}

func (f *authorizeFlags) run(ctx context.Context, sio *stdio, args []string) error {
	if len(args) != 1 {
		return usageErrorf("authorize takes one public key: a .pub file, a key file or a keypair name")
	}
	cfg, targets, err := f.selectServers(sio, f.target)
	if err != nil {
		return err
	}
	pub, err := f.cloud.publicKeyArg(cfg, args[0], &keyLoader{passphraseFile: f.passphraseFile, stdin: sio.In, stderr: sio.Err})
	if err != nil {
		return err
	}
	if f.dryRun {
		fmt.Fprintf(sio.Out, "add %s %s for %s on:\n", pub.Algorithm, pub.Fingerprint(keyconv.SHA256), orLoginUser(f.target))
		return printPlan(sio, fleet.Plan(cfg, targets, netip.Addr{}, false, nil), netip.Addr{})
	}
	defer f.useAgent(sio)()
	out, runner, err := f.keyRun(sio, targets, nil)
	if err != nil {
		return err
	}
	job := func(ctx context.Context, c *sshclient.Client, t *fleet.Target) error {
		ak, added, err := fleet.Authorize(ctx, c, f.target, pub)
		if err != nil {
			return err
		}
		p := out.serverPrinter(t)
		if added {
			p.line("added %s to %s", pub.Fingerprint(keyconv.SHA256), ak.Path)
		} else {
			p.line("already there in %s", ak.Path)
		}
		return nil
	}
	for res := range runner.Do(ctx, targets, job) {
		out.result(res)
	}
	return out.finish(ctx)
}

// orLoginUser names --user's user for messages.
func orLoginUser(user string) string {
	if user == "" {
		return "each server's login user"
	}
	return user
}
