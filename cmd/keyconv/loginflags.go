package main

import (
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/cloudkeypair/keypair/keyconv"
	"github.com/cloudkeypair/keypair/sshclient"
	"github.com/cloudkeypair/keypair/sshclient/fleet"
	"golang.org/x/crypto/ssh/agent"
)

// loginFlags are the flags of every command that logs in to a server:
// ssh, doctor, run and cp (run and cp add their own server selection,
// -c FILE with --server, --all and the rest, and keep these for how to
// log in). Each command registers them on its FlagSet, checks them with
// check, and turns them into an sshclient.Config with config, so that the
// flags, their checks and the passphrase rule are written once.
type loginFlags struct {
	keyFile        string
	os             string
	user           string
	port           int
	root           bool
	knownHosts     string
	acceptNew      bool
	connectTimeout time.Duration
	passphraseFile string
	noAgent        bool

	// agent is the running SSH agent useAgent connected to, or nil.
	agent *sshclient.AgentConn

	// stderr, when set, gets the warning about a passphrase file others
	// can read.
	stderr io.Writer
}

// loginFlagHelp is what differs between the commands' help for the same
// flags: where the key comes from by default, what -p means, and how
// long to wait by default.
type loginFlagHelp struct {
	keyFile        string // the -i help
	port           string // the -p help
	connectTimeout time.Duration
	timeoutHelp    string
	root           bool   // register --root: the command runs commands
	os             string // the --os help, if not the login user's
	agent          bool   // register --no-agent: the command logs in through a running agent
}

func (f *loginFlags) register(fs *flag.FlagSet, help loginFlagHelp) {
	fs.StringVar(&f.keyFile, "i", "", help.keyFile)
	osHelp := help.os
	if osHelp == "" {
		osHelp = "the server's `OS`, to pick the login user (see 'keyconv users')"
	}
	fs.StringVar(&f.os, "os", "", osHelp)
	fs.StringVar(&f.user, "l", "", "login `USER`; wins over --os")
	fs.IntVar(&f.port, "p", sshclient.DefaultPort, help.port)
	if help.root {
		fs.BoolVar(&f.root, "root", false, "run COMMAND as root through 'sudo -n', or open a root shell")
	}
	fs.StringVar(&f.knownHosts, "known-hosts", "", "known_hosts `FILE` (default ~/.ssh/known_hosts)")
	fs.BoolVar(&f.acceptNew, "accept-new", false, "record the host key of a host not yet in known_hosts (a changed key is still refused)")
	fs.DurationVar(&f.connectTimeout, "connect-timeout", help.connectTimeout, help.timeoutHelp)
	fs.StringVar(&f.passphraseFile, "passphrase-file", "", "read the key's passphrase from the first line of `FILE`")
	if help.agent {
		fs.BoolVar(&f.noAgent, "no-agent", false, "do not use a running SSH agent, even when it holds the key")
	}
}

// check refuses what the library would read another way: port 0 means
// "the default" to sshclient, and would quietly connect to 22 when the
// user typed something else; a zero or negative timeout means none.
func (f *loginFlags) check() error {
	if f.port < 1 || f.port > 65535 {
		return usageErrorf("-p %d: a port is 1 to 65535", f.port)
	}
	if f.connectTimeout <= 0 {
		return usageErrorf("--connect-timeout must be positive, not %v", f.connectTimeout)
	}
	return nil
}

// config is the sshclient.Config the flags say, for host as user with
// keyFile; the caller has run check.
func (f *loginFlags) config(host, user, keyFile string) *sshclient.Config {
	cfg := &sshclient.Config{
		Host:           host,
		Port:           f.port,
		User:           user,
		OS:             f.os,
		KeyFile:        keyFile,
		ConnectTimeout: f.connectTimeout,
		Passphrase:     f.passphrase(keyFile),
	}
	if f.knownHosts != "" {
		cfg.KnownHostsFiles = []string{f.knownHosts}
	}
	if f.acceptNew {
		cfg.HostKeyPolicy = sshclient.HostKeyAcceptNew
	}
	cfg.Agent = f.agentOrNil()
	return cfg
}

// runner is the fleet.Runner the login flags say, shared by the commands
// that act on many servers.
func (f *loginFlags) runner(parallel int, timeout time.Duration) *fleet.Runner {
	r := &fleet.Runner{
		Parallel:       parallel,
		ConnectTimeout: f.connectTimeout,
		Timeout:        timeout,
		Passphrase:     f.passphrase,
	}
	if f.knownHosts != "" {
		r.KnownHostsFiles = []string{f.knownHosts}
	}
	if f.acceptNew {
		r.HostKeyPolicy = sshclient.HostKeyAcceptNew
	}
	r.Agent = f.agentOrNil()
	return r
}

// agentOrNil is the agent useAgent connected to, as an agent.Agent: nil,
// never a nil *AgentConn in the interface, when there is none.
func (f *loginFlags) agentOrNil() agent.Agent {
	if f.agent == nil {
		return nil
	}
	return f.agent
}

// passphrase returns the callback keyconv calls for an encrypted key, and
// only then: the first line of --passphrase-file, or a prompt naming
// keyFile ("the keypair's key file" when the command found it itself).
func (f *loginFlags) passphrase(keyFile string) keyconv.PassphraseFunc {
	if keyFile == "" {
		keyFile = "the keypair's key file"
	}
	return passphraseFrom(f.passphraseFile, f.stderr, fmt.Sprintf("Enter passphrase for %s: ", keyFile))
}

// passphraseFrom is the one rule for a key's passphrase: the first line of
// file when one is given (warning on warn, if not nil, when others can
// read it), else a prompt on the terminal.
func passphraseFrom(file string, warn io.Writer, prompt string) keyconv.PassphraseFunc {
	return func() ([]byte, error) {
		if file != "" {
			return readPassphraseFile(file, warn)
		}
		return promptPassphrase(prompt)
	}
}
