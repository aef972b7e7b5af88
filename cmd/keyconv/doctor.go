package main

import (
	"context"
	"flag"
	"fmt"
	"strings"
	"time"

	"github.com/cloudkeypair/keypair/firewall"
	"github.com/cloudkeypair/keypair/internal/doctor"
	"github.com/cloudkeypair/keypair/keyconv"
	"github.com/cloudkeypair/keypair/sshclient"
)

func init() {
	register(&command{
		Name:      "doctor",
		UsageLine: "doctor [-i KEY] [--keypair NAME] [--os OS | -l USER] [-c CLOUD.yaml --server NAME] [--from ADDR|auto] [--echo-url URL] [-p PORT] [--known-hosts FILE] [--accept-new] [--connect-timeout DURATION] [--passphrase-file FILE] [--json] [[user@]HOST]",
		Short:     "say why a login to a server fails, and how to fix it",
		Long: `
Doctor walks the cloud guide's chain for a server you cannot log in to, and
prints one line per check: ok, warn, FAIL or skip, what it found, and for
warn and FAIL the fix.

  1. key-file, key   the key file exists, has mode 0600, and opens (type,
                     bits, SHA256 fingerprint; encrypted keys ask for the
                     passphrase, or read --passphrase-file)
  2. key-name        the file is named after the keypair (--keypair)
  3. login-user      the OS's login user (--os), or -l USER
  4. firewall, firewall-ssh, firewall-lint
                     with -c CLOUD.yaml --server NAME: a firewall is
                     attached, TCP to the SSH port is admitted from --from
                     (skipped without it), and lint findings about the server
  5. network         TCP connect to HOST:PORT
  6. host-key        the host key is known (--accept-new records a new one;
                     a changed key stops everything)
  7. auth            the login as the user with the key
  8. root            sudo -n true works, as the guide's sudo -i needs

Then it says how to connect: the OpenSSH command line and PuTTY's settings,
with the keyconv pem2ppk command when the .ppk does not exist yet.

Checks 1 to 4 need no network and always all run. Checks 5 to 8 stop at the
first failure; the rest are skipped.

With -c and --server, HOST (the server's public_ip), --os and --keypair
come from the server's entry in the firewall file; flags override it.
--from auto asks the HTTP service at --echo-url for your public address.

--json prints the report as one JSON document:

  {
    "target":  {"host", "port", "user", "os", "key_file", "keypair",
                "firewall_file", "server", "source"},   (empty ones omitted)
    "checks":  [{"step": 1-8, "id": string, "status": "ok"|"warn"|"fail"|"skip",
                 "found": string, "fix": string (omitted when empty)}],
    "connect": {"openssh": string,
                "putty": {"host_name", "port", "user", "private_key_file",
                          "key_file_exists"},
                "convert": string (omitted when both key files exist)} | null,
    "counts":  {"ok": n, "warn": n, "fail": n, "skip": n},
    "result":  "ok" | "fail"
  }

Exit status: 0 when no check failed, 1 when one did, 2 for a mistake in the
command line.
`,
		Setup:        setupDoctor,
		Interspersed: true,
	})
}

type doctorFlags struct {
	keyFile, keypair, os, user string
	firewallFile, server       string
	from, echoURL              string
	port                       int
	knownHosts                 string
	acceptNew, json            bool
	connectTimeout             time.Duration
	passphraseFile             string
}

func setupDoctor(fs *flag.FlagSet) func(ctx context.Context, sio *stdio, args []string) error {
	f := &doctorFlags{}
	fs.StringVar(&f.keyFile, "i", "", "private key `FILE` (default: KEYPAIR.pem or KEYPAIR.ppk here, with a keypair)")
	fs.StringVar(&f.keypair, "keypair", "", "the keypair `NAME` the server was created with")
	fs.StringVar(&f.os, "os", "", "the server's `OS`, to pick the login user (see 'keyconv users')")
	fs.StringVar(&f.user, "l", "", "login `USER`; wins over --os")
	fs.StringVar(&f.firewallFile, "c", "", "firewall `FILE` (YAML or JSON) holding the server, with --server")
	fs.StringVar(&f.server, "server", "", "the server's `NAME` in the firewall file")
	fs.StringVar(&f.from, "from", "", "your public address `ADDR` for the firewall check, or auto to ask --echo-url")
	fs.StringVar(&f.echoURL, "echo-url", doctor.DefaultEchoURL, "`URL` of an HTTP service answering with your address, for --from auto")
	fs.IntVar(&f.port, "p", sshclient.DefaultPort, "the server's SSH `PORT`")
	fs.StringVar(&f.knownHosts, "known-hosts", "", "known_hosts `FILE` (default ~/.ssh/known_hosts)")
	fs.BoolVar(&f.acceptNew, "accept-new", false, "record the host key of a host not yet in known_hosts (a changed key is still refused)")
	fs.DurationVar(&f.connectTimeout, "connect-timeout", doctor.DefaultConnectTimeout, "limit for each network check, such as 5s")
	fs.StringVar(&f.passphraseFile, "passphrase-file", "", "read the key's passphrase from the first line of `FILE`")
	fs.BoolVar(&f.json, "json", false, "print the report as JSON")
	return func(ctx context.Context, sio *stdio, args []string) error {
		opts, err := f.options(args)
		if err != nil {
			return err
		}
		report := doctor.Run(ctx, *opts)
		if f.json {
			err = printDoctorJSON(sio.Out, report)
		} else {
			err = printDoctorText(sio.Out, report)
		}
		if err != nil {
			return err
		}
		if report.Failed() {
			return &exitError{code: exitFailure}
		}
		return nil
	}
}

// options checks the command line and turns it into the doctor's options.
func (f *doctorFlags) options(args []string) (*doctor.Options, error) {
	if len(args) > 1 {
		return nil, usageErrorf("doctor takes at most one [user@]HOST, not %d arguments", len(args))
	}
	opts := &doctor.Options{
		KeyFile: f.keyFile, Keypair: f.keypair, OS: f.os, User: f.user,
		FirewallFile: f.firewallFile, Server: f.server,
		Port: f.port, AcceptNew: f.acceptNew, ConnectTimeout: f.connectTimeout,
		EchoURL: f.echoURL,
	}
	if len(args) == 1 {
		var err error
		if opts.User, opts.Host, err = splitTarget(args[0], f.user); err != nil {
			return nil, err
		}
	}
	if f.port < 1 || f.port > 65535 {
		return nil, usageErrorf("-p %d: a port is 1 to 65535", f.port)
	}
	if f.connectTimeout <= 0 {
		return nil, usageErrorf("--connect-timeout must be positive, not %v", f.connectTimeout)
	}
	if (f.firewallFile == "") != (f.server == "") {
		return nil, withHint(usageErrorf("-c FILE and --server NAME go together"), "name the server as the firewall file's servers: list does")
	}
	if f.keypair != "" {
		if err := keyconv.ValidateKeypairName(f.keypair); err != nil {
			return nil, usageErrorf("--keypair: %v", strings.TrimPrefix(err.Error(), "keyconv: "))
		}
	}
	switch f.from {
	case "":
	case "auto":
		if !strings.HasPrefix(f.echoURL, "http://") && !strings.HasPrefix(f.echoURL, "https://") {
			return nil, usageErrorf("--echo-url %q: give an http:// or https:// URL", f.echoURL)
		}
		opts.DetectSource = true
	default:
		addr, err := firewall.ParseAddr(f.from)
		if err != nil {
			return nil, usageErrorf("--from: %s (give an address, or auto)", strings.TrimPrefix(err.Error(), "firewall: "))
		}
		opts.Source = addr
	}
	if f.knownHosts != "" {
		opts.KnownHostsFiles = []string{f.knownHosts}
	}
	opts.Passphrase = func() ([]byte, error) {
		if f.passphraseFile != "" {
			return readPassphraseFile(f.passphraseFile, nil)
		}
		name := opts.KeyFile
		if name == "" {
			// The doctor found KEYPAIR.pem itself.
			name = "the keypair's key file"
		}
		return promptPassphrase(fmt.Sprintf("Enter passphrase for %s: ", name))
	}
	return opts, nil
}
