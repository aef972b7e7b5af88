package main

import (
	"context"
	"flag"
	"fmt"

	"github.com/cloudkeypair/keypair/sshclient"
)

var cmdKnownHosts = &command{
	Name:      "known-hosts",
	UsageLine: "known-hosts forget [--known-hosts FILE] HOST",
	Short:     "remove a host's keys from known_hosts",
	Long: `
Known-hosts forget removes every known_hosts entry for HOST, as
'ssh-keygen -R HOST' does, so that nobody edits the file by hand: after a
server was re-created, or when the cloud gave a released public IP to
another server, the old key makes every login fail as a changed host key.

HOST is a name or address, or [HOST]:PORT for a port other than 22. Plain
and hashed entries match; from a line naming several hosts only HOST is
removed; @cert-authority and @revoked lines are never touched. The file
(~/.ssh/known_hosts unless --known-hosts is given) is replaced atomically,
its old contents kept as FILE.old.

Exit status: 0, also when the file held no entry for HOST; 1 when the file
cannot be rewritten; 2 for a mistake in the command line.
`,
	Setup:        setupKnownHosts,
	Interspersed: true,
}

type knownHostsFlags struct{ file string }

func setupKnownHosts(fs *flag.FlagSet) runFunc {
	f := &knownHostsFlags{}
	fs.StringVar(&f.file, "known-hosts", "", "known_hosts `FILE` (default ~/.ssh/known_hosts)")
	return f.run
}

func (f *knownHostsFlags) run(ctx context.Context, sio *stdio, args []string) error {
	if len(args) == 0 || args[0] != "forget" {
		return usageErrorf("known-hosts takes a subcommand: forget HOST")
	}
	if len(args) != 2 {
		return usageErrorf("forget takes one host: HOST or [HOST]:PORT")
	}
	host := args[1]
	file := f.file
	if file == "" {
		var err error
		if file, err = sshclient.DefaultKnownHostsFile(); err != nil {
			return err
		}
	}
	n, err := sshclient.ForgetHost(file, host)
	switch {
	case err != nil:
		return err
	case n == 0:
		_, err = fmt.Fprintf(sio.Out, "%s: no entry for %s\n", escape(file), escape(host))
	case n == 1:
		_, err = fmt.Fprintf(sio.Out, "%s: removed 1 entry for %s (old file kept as %s.old)\n", escape(file), escape(host), escape(file))
	default:
		_, err = fmt.Fprintf(sio.Out, "%s: removed %d entries for %s (old file kept as %s.old)\n", escape(file), n, escape(host), escape(file))
	}
	return err
}
