package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"net/netip"

	"github.com/cloudkeypair/keypair/cmd/keyconv/internal/fix"
	"github.com/cloudkeypair/keypair/firewall"
	"github.com/cloudkeypair/keypair/keyconv"
	"github.com/cloudkeypair/keypair/sshclient/fleet"
	"golang.org/x/crypto/ssh"
)

var cmdRotate = &command{
	Name:      "rotate",
	UsageLine: "rotate -c FILE {--server A,B | --all | --os OS | --group G | --firewall FW} --old KEY --new KEY [--user USER] [--journal FILE] [--keys DIR] [-i KEY] [-l USER] [-p PORT] [-f N | --parallel N] [--timeout DURATION] [--connect-timeout DURATION] [--known-hosts FILE] [--accept-new] [--passphrase-file FILE] [--dry-run]",
	Short:     "replace a keypair on many servers without locking anyone out",
	Long: `
Rotate replaces the key --old with the key --new in ~/.ssh/authorized_keys
of --user USER (by default the login user) on every selected server. Each
KEY is a private key file in any format keyconv reads, or a keypair's name,
whose key file is looked for as the servers' keys are: both are needed,
to prove that the new key logs in and that the old one no longer does.

On each server, in this order, never otherwise:

	1. the login (as 'keyconv run' logs in) stays open throughout;
	2. the new key is added, atomically, as 'keyconv authorize' adds it,
	   with the options of the old key's line (from=, command=, no-pty...),
	   so its restrictions stay;
	3. a fresh login as the user with only the new key must work;
	4. the old key's lines are removed, matched by key, not comment;
	5. a fresh login with the old key must be refused;
	6. the server is recorded as done in the journal.

A failure at step 3 or later undoes this run's edits on that server, and
is reported; the other servers go on. The rollback edits the file as it is
then: the new key's line is removed (unless the file had it before step 2),
the old key's lines are put back (at the end) if they are gone, and every
other line stays byte for byte as it is then, so that a key another admin
added or removed meanwhile stays added or removed. Each step is
recorded in the journal (--journal FILE, by default keyconv-rotate.journal
in the current folder) as it completes, so that an interrupted run, even a
killed one, resumes where it stopped when run again: servers done are not
touched, and a server whose new key was proven is logged in to with the new
key. An old key is never removed before the new one has been proven in the
same run. After Ctrl-C the servers stay as the journal says, every state
letting the user in.

--dry-run prints the plan, dialling none: the servers and logins, the
steps, and where the journal has each server resume. Selection, --parallel, --timeout, the summary and the exit
status are as for 'keyconv run'. Once every server of the cloud file that
uses the old key is done, keyconv says so: only then retire the old
keypair in the console. A server uses it if its keypair: is the old
one's name or its key file holds the old key, read without a passphrase
(OpenSSH and PPK files keep the public key in the clear, a PEM file may
have a .pub beside it); a key file only its passphrase opens is named as
one keyconv cannot tell.
`,
	Setup:        setupRotate,
	Interspersed: true,
}

// defaultJournal is where rotate records its progress when --journal is
// not given: the current folder, where the same command is run again.
const defaultJournal = "keyconv-rotate.journal"

type rotateFlags struct {
	fleetFlags
	old, new string
	target   string // --user
	journal  string
	dryRun   bool
}

func setupRotate(fs *flag.FlagSet) runFunc {
	f := &rotateFlags{}
	f.register(fs, fleetLoginHelp("rotate on the servers whose os: is `OS` (as the user table reads it)"))
	fs.StringVar(&f.old, "old", "", "the `KEY` to replace: a private key file or a keypair name")
	fs.StringVar(&f.new, "new", "", "the `KEY` to put in its place: a private key file or a keypair name")
	fs.StringVar(&f.target, "user", "", "rotate the key of `USER` (default: the login user; another user's file is edited through sudo -n)")
	fs.StringVar(&f.journal, "journal", defaultJournal, "the `FILE` recording each server's progress, to resume from")
	fs.BoolVar(&f.dryRun, "dry-run", false, "list the servers, logins and journal states, dialling none")
	return f.run
}

// testHookRotateStep, set only by the tests, runs as each server's step is
// recorded in the journal: the tests kill the process there.
var testHookRotateStep func(server string, step fleet.RotationStep)

func (f *rotateFlags) run(ctx context.Context, sio *stdio, args []string) error {
	if len(args) != 0 {
		return usageErrorf("rotate takes no arguments: give the keys with --old KEY and --new KEY")
	}
	if f.old == "" || f.new == "" {
		return usageErrorf("give both keys: --old KEY and --new KEY")
	}
	cfg, targets, err := f.selectServers(sio, f.target)
	if err != nil {
		return err
	}
	// Each key is loaded once, its passphrase asked once, also when it is
	// a server's login key too.
	pass := memoPassphrase(f.passphrase)
	defer f.useAgent(sio)()
	keys := &loginKeys{pass: pass, agent: f.agentOrNil()}
	oldKey, oldName, err := f.privateKey(cfg, keys, "--old", f.old)
	if err != nil {
		return err
	}
	newKey, newName, err := f.privateKey(cfg, keys, "--new", f.new)
	if err != nil {
		return err
	}
	oldSigner, newSigner, newPub := oldKey.signer, newKey.signer, newKey.pub
	if bytes.Equal(oldSigner.PublicKey().Marshal(), newSigner.PublicKey().Marshal()) {
		return usageErrorf("--old and --new are the same key (%s)", ssh.FingerprintSHA256(newSigner.PublicKey()))
	}
	journal, err := fleet.OpenJournal(f.journal)
	if err != nil {
		return err
	}
	defer journal.Close()
	rot := &fleet.Rotation{User: f.target, Old: oldSigner, New: newSigner, NewKey: newPub, Journal: journal,
		AfterStep: func(t *fleet.Target, s fleet.RotationStep) {
			if testHookRotateStep != nil {
				testHookRotateStep(t.Name, s)
			}
		}}
	oldFP, newFP := ssh.FingerprintSHA256(oldSigner.PublicKey()), newPub.Fingerprint(keyconv.SHA256)
	if f.dryRun {
		fmt.Fprintf(sio.Out, "replace %s by %s for %s on:\n", oldFP, newFP, orLoginUser(f.target))
		err := printPlan(sio, fleet.Plan(cfg, targets, netip.Addr{}, false, nil), netip.Addr{})
		f.printResumes(sio, rot, targets, newName)
		return err
	}

	out, runner, err := f.keyRun(sio, targets, pass)
	if err != nil {
		return err
	}
	earlier := map[string]bool{}
	for i := range targets {
		earlier[targets[i].Name] = rot.Recorded(&targets[i]) == fleet.Done
	}
	for res := range runner.Rotate(ctx, targets, rot) {
		switch {
		case res.Class != fleet.OK:
		case earlier[res.Target.Name]:
			out.serverPrinter(res.Target).line("done in an earlier run (%s)", f.journal)
		default:
			out.serverPrinter(res.Target).line("rotated: %s logs in, %s removed and refused", newFP, oldFP)
		}
		out.result(res)
	}
	err = out.finish(ctx)
	f.remind(sio, cfg, rot, targets, oldKey, oldName, newName)
	return err
}

// privateKey loads a key argument, which must hold a private key: the
// rotation logs in with both keys.
func (f *rotateFlags) privateKey(cfg *firewall.Config, keys *loginKeys, flagName, arg string) (*loginKey, string, error) {
	path, name, err := f.cloud.keyArg(cfg, arg)
	if err != nil {
		return nil, "", err
	}
	key, err := keys.load(path, name)
	if err != nil {
		return nil, "", withFixes(err, fix.Context{})
	}
	if key.signer == nil {
		return nil, "", usageErrorf("%s %s: a public key only; rotate logs in with both keys, so it needs the private key file", flagName, arg)
	}
	return key, name, nil
}

// printResumes is the rest of --dry-run's plan: the steps, and where the
// journal has each server take them up.
func (f *rotateFlags) printResumes(sio *stdio, rot *fleet.Rotation, targets []fleet.Target, newName string) {
	fmt.Fprintf(sio.Out, "on each server: add the new key; log in afresh with it alone; remove the old key; prove a login with it refused; record the server done in %s\n", escape(f.journal))
	users := f.runner().Users
	for i := range targets {
		t := &targets[i]
		step, withNew := rot.Resume(t, users)
		var plan string
		switch {
		case step == fleet.NotBegun:
			continue
		case step == fleet.Done:
			plan = "done in an earlier run: not dialled"
		case step == fleet.RolledBack:
			plan = "rolled back in an earlier run: starts over"
		case withNew:
			plan = fmt.Sprintf("%s in an earlier run: logs in with %s, proves it again, and goes on from there", step, newName)
		default:
			plan = fmt.Sprintf("%s in an earlier run: proves the new key again, and goes on from there", step)
		}
		fmt.Fprintf(sio.Out, "%s: %s\n", escape(t.Name), plan)
	}
}
