package main

import (
	"context"
	"flag"
	"strings"

	"github.com/cloudkeypair/keypair/cmd/keyconv/internal/doctor"
	"github.com/cloudkeypair/keypair/cmd/keyconv/internal/fix"
	"github.com/cloudkeypair/keypair/firewall"
	"github.com/cloudkeypair/keypair/keyconv"
)

var cmdDoctor = &command{
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
     key-match       when the keypair's .pem and .ppk both exist, they
                     hold the same key (PuTTY, given a .ppk of another
                     key, is refused); the other file's passphrase is
                     not asked for
  3. login-user      the OS's login user (--os), or -l USER
  4. firewall, firewall-ssh, firewall-lint
                     with -c CLOUD.yaml --server NAME: a firewall is
                     attached, TCP to the SSH port is admitted from --from
                     (skipped without it), and lint findings about the server
                     (with -p PORT, whether any rule admits that port,
                     rather than lint's tcp/22)
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
}

// doctorFlags are the shared login flags and the doctor's own: the
// keypair, the firewall file's server and the source address.
type doctorFlags struct {
	loginFlags
	keypair              string
	firewallFile, server string
	from, echoURL        string
	json                 bool
}

func setupDoctor(fs *flag.FlagSet) runFunc {
	f := &doctorFlags{}
	f.register(fs, loginFlagHelp{
		keyFile:        "private key `FILE` (default: KEYPAIR.pem or KEYPAIR.ppk here, with a keypair)",
		port:           "the server's SSH `PORT`",
		connectTimeout: doctor.DefaultConnectTimeout,
		timeoutHelp:    "limit for each network check, such as 5s",
	})
	fs.StringVar(&f.keypair, "keypair", "", "the keypair `NAME` the server was created with")
	fs.StringVar(&f.firewallFile, "c", "", "firewall `FILE` (YAML or JSON) holding the server, with --server")
	fs.StringVar(&f.server, "server", "", "the server's `NAME` in the firewall file")
	fs.StringVar(&f.from, "from", "", "your public address `ADDR` for the firewall check, or auto to ask --echo-url")
	fs.StringVar(&f.echoURL, "echo-url", doctor.DefaultEchoURL, "`URL` of an HTTP service answering with your address, for --from auto")
	fs.BoolVar(&f.json, "json", false, "print the report as JSON")
	return f.run
}

func (f *doctorFlags) run(ctx context.Context, sio *stdio, args []string) error {
	opts, err := f.options(args)
	if err != nil {
		return err
	}
	if f.keypair != "" {
		warnConsoleKeypairName(sio, f.keypair)
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

// options checks the command line and turns it into the doctor's options.
func (f *doctorFlags) options(args []string) (*doctor.Options, error) {
	if len(args) > 1 {
		return nil, usageErrorf("doctor takes at most one [user@]HOST, not %d arguments", len(args))
	}
	opts := &doctor.Options{
		KeyFile: f.keyFile, Keypair: f.keypair, OS: f.os, User: f.user,
		FirewallFile: f.firewallFile, Server: f.server,
		Port: f.port, AcceptNew: f.acceptNew, ConnectTimeout: f.connectTimeout,
		EchoURL:    f.echoURL,
		Passphrase: f.passphrase(f.keyFile),
	}
	if len(args) == 1 {
		var err error
		if opts.User, opts.Host, err = splitTarget(args[0], f.user); err != nil {
			return nil, err
		}
	}
	if err := f.check(); err != nil {
		return nil, err
	}
	if (f.firewallFile == "") != (f.server == "") {
		return nil, withHints(usageErrorf("-c FILE and --server NAME go together"), fix.ServerWithFile)
	}
	if f.keypair != "" {
		if err := keyconv.ValidateKeypairName(f.keypair); err != nil {
			return nil, usageErrorf("--keypair: %v", err)
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
			return nil, usageErrorf("--from: %v (give an address, or auto)", err)
		}
		opts.Source = addr
	}
	if f.knownHosts != "" {
		opts.KnownHostsFiles = []string{f.knownHosts}
	}
	return opts, nil
}
