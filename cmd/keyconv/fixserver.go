package main

import (
	"context"
	"flag"

	"github.com/cloudkeypair/keypair/cmd/keyconv/internal/fix"
	"github.com/cloudkeypair/keypair/sshclient"
	"github.com/cloudkeypair/keypair/sshclient/audit"
	"github.com/cloudkeypair/keypair/sshclient/fleet"
)

var cmdFixServer = &command{
	Name:      "fix-server",
	UsageLine: "fix-server -c FILE {--server A,B | --all | --os OS | --group G | --firewall FW} [--user USER] [--key KEY] [--fix] [--sshd-config FILE] [--keys DIR] [-i KEY] [-l USER] [-p PORT] [-f N | --parallel N] [--timeout DURATION] [--connect-timeout DURATION] [--known-hosts FILE] [--accept-new] [--passphrase-file FILE]",
	Short:     "find, and with --fix repair, what on a server refuses a user's key",
	Long: `
Fix-server logs in to each selected server as 'keyconv run' does (as the
image's user, which has passwordless sudo) and checks, as root, the side of
--user USER (default: the login user) that the cloud's troubleshooting page
lists for "Server refused our key" / "Permission denied":

  - the account and its home directory exist;
  - the owners and modes of the home directory, ~/.ssh and authorized_keys;
  - the key is in authorized_keys, on a line sshd reads: not with its first
    characters cut off, not an RFC 4716 block (puttygen's "Save public
    key"), not in quotes or broken over lines by a copy-paste;
  - Windows (CRLF) line endings;
  - the SELinux labels, where SELinux enforces (restorecon -n);
  - what sshd accepts: StrictModes, PubkeyAuthentication, and the key's
    signature algorithm in PubkeyAcceptedAlgorithms (RSA with SHA-1 only,
    or without it for PuTTY before 0.75).

Each finding says whether sshd refuses the key for it ("refused") or only
the guide asks for otherwise ("advice"), and the fix. sshd (StrictModes
yes) refuses a file or a directory from it up to the home that group or
others can write, or that someone else owns; the guide's /home 755, home
700, ~/.ssh 700 and authorized_keys 600 go further: a home of 750 (Ubuntu)
or 755 (Debian) is advice only.

The key is --key KEY (a public or private key file, or a keypair name),
else each server's own key. sshd's settings come from 'sshd -T' run with
the command line of the sshd that accepted the connection (its -f and -o),
so a second sshd with its own config is judged by its own; --sshd-config
FILE names the file instead.

--fix repairs what is safe to repair, through sudo -n: owners (chown to the
user), modes (~/.ssh 700, authorized_keys 600; the home and /home only lose
group and other write), the key's line (damaged copies removed, the key
added, other lines kept byte for byte, CRLF made LF, written atomically),
and SELinux labels (restorecon). It then checks again.

Finally, a new connection logs in as USER with the key's private half, when
there is one, to prove the key works.

Selection, --parallel, --timeout, the summary and the exit status are as
for 'keyconv run': 1 when a server still has a problem that refuses the
key, or the new login fails.
`,
	Setup: setupFixServer,
}

type fixServerFlags struct {
	fleetFlags
	target     string // --user
	key        string // --key
	fix        bool
	sshdConfig string
}

func setupFixServer(fs *flag.FlagSet) runFunc {
	f := &fixServerFlags{}
	f.register(fs, fleetLoginHelp("check the servers whose os: is `OS` (as the user table reads it)"))
	fs.StringVar(&f.target, "user", "", "check the side of `USER` (default: the login user)")
	fs.StringVar(&f.key, "key", "", "the `KEY` that should log in: a public or private key file, or a keypair name (default: each server's key)")
	fs.BoolVar(&f.fix, "fix", false, "repair what is safe to repair, then check again")
	fs.StringVar(&f.sshdConfig, "sshd-config", "", "read sshd's settings from `FILE` on the server (default: the running sshd's)")
	return f.run
}

func (f *fixServerFlags) run(ctx context.Context, sio *stdio, args []string) error {
	if len(args) != 0 {
		return usageErrorf("fix-server takes no arguments; name the user with --user and the key with --key")
	}
	return f.runKeyJob(ctx, sio, f.target, f.key, f.fixOne)
}

// fixOne audits, and with --fix repairs, one server, printing as it goes.
func (f *fixServerFlags) fixOne(ctx context.Context, runner *fleet.Runner, c *sshclient.Client, t *fleet.Target, keys *loginKeys, p *serverPrinter) error {
	key, err := keys.forTarget(t)
	if err != nil {
		return err
	}
	user := f.target
	if user == "" {
		user = c.User()
	}
	opts := audit.GatherOptions{User: user, SSHDConfig: f.sshdConfig}
	facts, err := audit.Gather(ctx, c, opts)
	if err != nil {
		return err
	}
	findings := audit.Check(facts, key.pub)
	p.findings(user, findings)
	if f.fix {
		plan, err := audit.PlanRepair(facts, findings, key.pub)
		if err != nil {
			return err
		}
		if len(plan.Repaired) > 0 {
			if err := audit.Repair(ctx, c, user, plan, fleet.ReplaceAuthorizedKeys); err != nil {
				return err
			}
			for _, fd := range plan.Repaired {
				p.line("%s: repaired: %s", user, fd.Problem())
			}
			if facts, err = audit.Gather(ctx, c, opts); err != nil {
				return err
			}
			findings = audit.Check(facts, key.pub)
			p.refused(user, findings)
		}
	}
	problems := &audit.ProblemsError{User: user}
	for _, fd := range findings {
		if fd.Severity == audit.Refused {
			problems.Refused++
			if fd.Repairable {
				problems.Repairable++
			}
		}
	}
	switch {
	case !facts.UserFound:
	case key.signer == nil:
		p.notProved(user, key)
	default:
		if problems.Login = newLogin(ctx, runner, t, user, key.signer, false); problems.Login == nil {
			p.line("%s: a new login with %s works", user, key.name)
		}
	}
	if problems.Refused > 0 || problems.Login != nil {
		return problems
	}
	return nil
}

// findings prints each finding and its fix, or that there are none.
func (p *serverPrinter) findings(user string, findings []audit.Finding) {
	if len(findings) == 0 {
		p.line("%s: nothing found", user)
	}
	for _, fd := range findings {
		p.line("%s: %s: %s", user, fd.Severity, fd.Problem())
		if s := fix.ServerFinding(fd); s != "" {
			p.line("%s:   fix: %s", user, s)
		}
	}
}

// refused prints the findings that still refuse the key after a repair.
func (p *serverPrinter) refused(user string, findings []audit.Finding) {
	var left []audit.Finding
	for _, fd := range findings {
		if fd.Severity == audit.Refused {
			left = append(left, fd)
		}
	}
	if len(left) > 0 {
		p.findings(user, left)
	}
}
