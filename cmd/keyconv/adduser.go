package main

import (
	"context"
	"flag"
	"strings"

	"github.com/cloudkeypair/keypair/keyconv"
	"github.com/cloudkeypair/keypair/sshclient"
	"github.com/cloudkeypair/keypair/sshclient/fleet"
)

var cmdAddUser = &command{
	Name:      "adduser",
	UsageLine: "adduser -c FILE {--server A,B | --all | --os OS | --group G | --firewall FW} [--key KEY] [--sudo] [--keys DIR] [-i KEY] [-l USER] [-p PORT] [-f N | --parallel N] [--timeout DURATION] [--connect-timeout DURATION] [--known-hosts FILE] [--accept-new] [--passphrase-file FILE] NAME",
	Short:     "add a user who logs in with a keypair (and sudo) on many servers",
	Long: `
Adduser makes the account NAME on every selected server as the cloud's
"adding a user" guide does by hand, logging in as 'keyconv run' does (as
the image's user, through sudo -n):

  - useradd -m -s /bin/bash NAME, the home made 0700 (no password: the
    account logs in with its key only);
  - with --sudo, /etc/sudoers.d/NAME holding "NAME ALL=(ALL) NOPASSWD: ALL",
    written to a temporary file, checked with visudo -cf, moved into place,
    and the whole configuration checked again with visudo -c (the file is
    removed if that fails): a broken sudoers file locks root out;
  - the key KEY (a public or private key file, or a keypair name; default:
    each server's own key) added to ~/.ssh/authorized_keys as 'keyconv
    authorize' adds it.

Then it proves it: a new connection logs in as NAME with the key's private
half (when there is one), and with --sudo runs 'sudo -n true'.

Each part is made only when missing: a second run reports "already there"
and changes nothing. A sudoers file of that name with other rules is left
as it is, with a warning. An existing system account (root, daemon, ...:
a uid below UID_MIN) is refused. NAME must be a name useradd takes: a lowercase
letter or _, then lowercase letters, digits, _ and -, at most 32.

Selection, --parallel, --timeout, the summary and the exit status are as
for 'keyconv run'.
`,
	Setup:        setupAddUser,
	Interspersed: true,
}

type addUserFlags struct {
	fleetFlags
	key  string
	sudo bool
}

func setupAddUser(fs *flag.FlagSet) runFunc {
	f := &addUserFlags{}
	f.register(fs, fleetLoginHelp("add the user on the servers whose os: is `OS` (as the user table reads it)"))
	fs.StringVar(&f.key, "key", "", "the `KEY` the user logs in with: a public or private key file, or a keypair name (default: each server's key)")
	fs.BoolVar(&f.sudo, "sudo", false, "give the user passwordless sudo (/etc/sudoers.d/NAME)")
	return f.run
}

func (f *addUserFlags) run(ctx context.Context, sio *stdio, args []string) error {
	if len(args) != 1 {
		return usageErrorf("adduser takes one user name")
	}
	name := args[0]
	if err := sshclient.ValidateNewUserName(name); err != nil {
		return usageErrorf("%v", err)
	}
	return f.runKeyJob(ctx, sio, "", f.key, func(ctx context.Context, runner *fleet.Runner, c *sshclient.Client, t *fleet.Target, keys *loginKeys, p *serverPrinter) error {
		return f.addOne(ctx, runner, c, t, name, keys, p)
	})
}

// addOne adds the user on one server and proves the login.
func (f *addUserFlags) addOne(ctx context.Context, runner *fleet.Runner, c *sshclient.Client, t *fleet.Target, name string, keys *loginKeys, p *serverPrinter) error {
	key, err := keys.forTarget(t)
	if err != nil {
		return err
	}
	r, err := fleet.AddUser(ctx, c, fleet.AddUserOptions{Name: name, Sudo: f.sudo, Key: key.pub})
	if err != nil {
		return err
	}
	var there []string
	if r.Created {
		p.line("created the user %s (home %s, mode 0700)", name, r.Home)
	} else {
		there = append(there, "the user")
	}
	switch {
	case r.SudoersWritten:
		p.line("wrote %s (checked with visudo)", r.SudoersFile)
	case r.SudoersOther:
		p.line("warning: %s holds other rules than keyconv's; left as it is", r.SudoersFile)
	case r.SudoersFile != "":
		there = append(there, "the sudoers rule")
	}
	if r.KeyAdded {
		p.line("added %s to %s", key.pub.Fingerprint(keyconv.SHA256), r.KeysFile)
	} else {
		there = append(there, "the key")
	}
	switch {
	case !r.Changed():
		p.line("%s: already there (%s); nothing changed", name, strings.Join(there, ", "))
	case len(there) > 0:
		p.line("%s: already there: %s", name, strings.Join(there, ", "))
	}
	if key.signer == nil {
		p.notProved(name, key)
		return nil
	}
	if err := newLogin(ctx, runner, t, name, key.signer, f.sudo); err != nil {
		return err
	}
	if f.sudo {
		p.line("%s: a new login with %s works, and so does sudo -n true", name, key.name)
	} else {
		p.line("%s: a new login with %s works", name, key.name)
	}
	return nil
}
