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
	"github.com/cloudkeypair/keypair/sshclient"
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

A failure at step 3 or later puts that server's authorized_keys back as it
was before step 2, and is reported; the other servers go on. Each step is
recorded in the journal (--journal FILE, by default keyconv-rotate.journal
in the current folder) as it completes, so that an interrupted run, even a
killed one, resumes where it stopped when run again: servers done are not
touched, and a server whose new key was proven is logged in to with the new
key. An old key is never removed before the new one has been proven in the
same run. After Ctrl-C the servers stay as the journal says, every state
letting the user in.

--dry-run lists the servers, logins and what the journal has for each,
dialling none. Selection, --parallel, --timeout, the summary and the exit
status are as for 'keyconv run'. Once every server of the cloud file that
uses the old keypair is done, keyconv says so: only then retire the old
keypair in the console.
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
	if err := f.checkFleet(); err != nil {
		return err
	}
	cfg, targets, err := f.cloud.targets(sio, f.os, &f.loginFlags)
	if err != nil {
		return err
	}
	oldSigner, oldName, err := f.signer(cfg, f.old)
	if err != nil {
		return err
	}
	newSigner, newName, err := f.signer(cfg, f.new)
	if err != nil {
		return err
	}
	if bytes.Equal(oldSigner.PublicKey().Marshal(), newSigner.PublicKey().Marshal()) {
		return usageErrorf("--old and --new are the same key (%s)", ssh.FingerprintSHA256(newSigner.PublicKey()))
	}
	newPub, err := f.cloud.publicKeyArg(cfg, f.new, &keyLoader{passphraseFile: f.passphraseFile, stdin: sio.In, stderr: sio.Err})
	if err != nil {
		return err
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
		for i := range targets {
			if s := rot.Recorded(&targets[i]); s != fleet.NotBegun {
				fmt.Fprintf(sio.Out, "%s: journal %s: %s\n", escape(targets[i].Name), escape(f.journal), s)
			}
		}
		return err
	}

	out, err := newRunOutput(sio, outputStream, "", len(targets), f.parallel)
	if err != nil {
		return err
	}
	earlier := map[string]bool{}
	for i := range targets {
		earlier[targets[i].Name] = rot.Recorded(&targets[i]) == fleet.Done
	}
	runner := f.runner()
	runner.OnStart = out.onStart
	for res := range runner.Rotate(ctx, targets, rot) {
		switch {
		case res.Class != fleet.OK:
		case earlier[res.Target.Name]:
			out.printer.Print(sio.Out, escape(fmt.Sprintf("%s: done in an earlier run (%s)", res.Target.Name, f.journal))+"\n")
		default:
			out.printer.Print(sio.Out, escape(fmt.Sprintf("%s: rotated: %s logs in, %s removed and refused", res.Target.Name, newFP, oldFP))+"\n")
		}
		out.result(res)
	}
	err = out.finish(ctx)
	f.remind(sio, cfg, rot, targets, oldName, newName)
	return err
}

// signer loads a key argument's private key.
func (f *rotateFlags) signer(cfg *firewall.Config, arg string) (ssh.Signer, string, error) {
	path, name, err := f.cloud.keyArg(cfg, arg)
	if err != nil {
		return nil, "", err
	}
	s, err := sshclient.LoadKeyFile(path, f.passphrase(path))
	if err != nil {
		return nil, "", withFixes(err, fix.Context{})
	}
	return s, name, nil
}

// remind says what is left to do: run again while a server is not done;
// otherwise rotate the cloud file's other servers that use the old
// keypair; otherwise, and only then, retire the old keypair.
func (f *rotateFlags) remind(sio *stdio, cfg *firewall.Config, rot *fleet.Rotation, targets []fleet.Target, oldName, newName string) {
	for i := range targets {
		if rot.Recorded(&targets[i]) != fleet.Done {
			hintf(sio.Err, "%s", fix.RotateResume(f.journal))
			return
		}
	}
	var still []string
	for _, s := range cfg.Servers {
		if s.Keypair == oldName && rot.Recorded(&fleet.Target{Name: s.Name}) != fleet.Done {
			still = append(still, s.Name)
		}
	}
	if len(still) > 0 {
		hintf(sio.Err, "%s", fix.RotateStillUsed(oldName, still))
		return
	}
	hintf(sio.Err, "%s", fix.RotateDone(oldName, newName))
}
