package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"

	"github.com/cloudkeypair/keypair/cmd/keyconv/internal/fix"
	"github.com/cloudkeypair/keypair/sshclient"
	"golang.org/x/crypto/ssh"
)

var cmdSSH = &command{
	Name:      "ssh",
	UsageLine: "ssh [-i KEY] [--os OS | -l USER] [-p PORT] [--root] [--known-hosts FILE] [--accept-new] [--connect-timeout DURATION] [--passphrase-file FILE] [--no-agent] {[user@]HOST | -c FILE --server NAME [--keys DIR]} [COMMAND...]",
	Short:     "log in to a server with its keypair as its OS's default user",
	Long: `
Ssh logs in to a cloud server with its keypair's private key (PEM, OpenSSH
or PPK, plain or encrypted) as the image's default user, and runs COMMAND
there, or opens an interactive shell when there is none.

The login user is -l USER or user@HOST if given; otherwise --os OS picks it
from the OS user table (see 'keyconv users'): rocky, centos, ubuntu or
almalinux. keyconv never tries users one after another.

With a COMMAND, its standard output and error are passed through apart and
keyconv exits with its exit status. Without one, keyconv opens a shell with
a terminal in raw mode, as ssh does. --root runs the command as root
through 'sudo -n' (or opens a root shell, as 'sudo -i'); sudo is never
allowed to prompt.

With -c FILE --server NAME, the host (its public_ip), port, user (its
user:, else its os:) and key (its key:, else KEYPAIR.pem or KEYPAIR.ppk in
--keys DIR, the file's keys: folder, the file's own folder or the current
one) come from the cloud file; -i, -l, --os and -p still win. Then there is
no HOST: what follows the flags is the command.

Flags go before HOST: everything after HOST is the remote command, flags
included. The host key must be in known_hosts (~/.ssh/known_hosts unless
--known-hosts is given); --accept-new records the key of a host seen for
the first time, and a changed key is always refused.

When an SSH agent is running (SSH_AUTH_SOCK; on Windows the OpenSSH
Authentication Agent service) and holds the key file's key, the agent signs
and an encrypted key's passphrase is not asked for; the agent's other keys
are never offered, so they cannot use up the server's MaxAuthTries. An
agent without the key changes nothing. --no-agent ignores the agent;
'keyconv agent add' loads keys into it. Pageant is not used.

Exit status: the remote command's; 1 when sudo refuses --root; 255 when
connecting or logging in fails, as with ssh; 2 for a mistake in the
command line.
`,
	Setup:        setupSSH,
	Interspersed: false,
}

// exitConnectFailure is ssh's exit status for failures to connect or log in.
const exitConnectFailure = 255

// sshFlags are ssh's flags: the shared login flags, --root included, and
// -c FILE --server NAME to take the host, port, user and key from the
// cloud file.
type sshFlags struct {
	loginFlags
	cloud cloudFlags
}

func setupSSH(fs *flag.FlagSet) runFunc {
	f := &sshFlags{}
	f.register(fs, loginFlagHelp{
		keyFile:        "private key `FILE` (default: the first of ~/.ssh/id_ed25519, id_ecdsa, id_rsa)",
		port:           "`PORT` to connect to",
		connectTimeout: sshclient.DefaultConnectTimeout,
		timeoutHelp:    "limit for connecting and logging in, such as 10s",
		root:           true,
		agent:          true,
	})
	f.cloud.register(fs, false)
	return f.run
}

func (f *sshFlags) run(ctx context.Context, sio *stdio, args []string) error {
	f.stderr = sio.Err // the passphrase file's warning
	defer f.useAgent(sio)()
	var cfg *sshclient.Config
	var err error
	switch {
	case f.cloud.servers != "":
		cfg, err = f.serverConfig(sio)
	case f.cloud.file != "":
		return usageErrorf("-c FILE needs --server NAME")
	case len(args) == 0:
		return usageErrorf("no host given")
	default:
		cfg, err = f.sshConfig(args[0])
		args = args[1:]
	}
	if err != nil {
		return err
	}
	client, err := sshclient.Dial(ctx, cfg)
	if err != nil {
		return &exitError{code: exitConnectFailure, err: explainSSHError(err, cfg)}
	}
	defer client.Close()
	if file := client.HostKeyRecordedIn(); file != "" {
		warningf(sio.Err, "permanently added the host key of %s (%s) to %s", cfg.Host, fingerprint(client), file)
	}
	if len(args) > 0 {
		err = client.Run(ctx, &sshclient.Command{
			Line:   strings.Join(args, " "),
			Root:   f.root,
			Stdin:  sio.In,
			Stdout: sio.Out,
			Stderr: sio.Err,
		})
	} else {
		err = runShell(ctx, sio, client, f.root)
	}
	return remoteResult(err, cfg)
}

// sshConfig turns the flags and the [user@]HOST argument into a Config.
func (f *sshFlags) sshConfig(target string) (*sshclient.Config, error) {
	user, host, err := splitTarget(target, f.user)
	if err != nil {
		return nil, err
	}
	if err := f.check(); err != nil {
		return nil, err
	}
	if user == "" && f.os == "" {
		return nil, withHints(usageErrorf("no login user: give --os OS or -l USER"), fix.Context{}.LoginUser())
	}
	if user == "" {
		// Resolved here, not left to Dial, so that an unknown OS is a
		// mistake in the command line (exit 2), not a failed login.
		var err error
		if user, err = sshclient.DefaultUsers().Lookup(f.os); err != nil {
			return nil, &exitError{code: exitUsage, err: withFixes(err, fix.Context{})}
		}
	}
	keyFile := f.keyFile
	if keyFile != "" {
		if _, err := os.Stat(keyFile); errors.Is(err, os.ErrNotExist) {
			return nil, withHints(fmt.Errorf("-i %s: no such file", keyFile), fix.KeyFileMissing)
		}
	}
	if keyFile == "" {
		keyFile = defaultKeyFile()
		if keyFile == "" {
			return nil, withHints(usageErrorf("no private key: give -i KEY"), fix.NoKeyFile)
		}
	}
	return f.config(host, user, keyFile), nil
}

// serverConfig is the Config for --server NAME: host, port, user and key
// from the cloud file, the flags winning.
func (f *sshFlags) serverConfig(sio *stdio) (*sshclient.Config, error) {
	if strings.Contains(f.cloud.servers, ",") {
		return nil, usageErrorf("--server takes one server's name; 'keyconv run' acts on many")
	}
	if err := f.check(); err != nil {
		return nil, err
	}
	_, targets, err := f.cloud.targets(sio, "", &f.loginFlags)
	if err != nil {
		return nil, err
	}
	t := targets[0]
	cfg := f.config(t.Host, t.User, t.KeyFile)
	cfg.Port = t.Port
	if f.os == "" {
		cfg.OS = t.OS
	}
	return cfg, nil
}

// splitTarget reads ssh's [user@]HOST, where the last "@" separates the
// user, and applies -l (flagUser): the user is the one given either way,
// and two different ones are a mistake. ssh and doctor share it so that
// they read a target alike.
func splitTarget(target, flagUser string) (user, host string, err error) {
	user, host = flagUser, target
	if i := strings.LastIndex(target, "@"); i >= 0 {
		given := target[:i]
		host = target[i+1:]
		switch {
		case given == "":
			return "", "", usageErrorf("empty user in %q", target)
		case flagUser != "" && flagUser != given:
			return "", "", usageErrorf("-l %s and %s@ name different users", flagUser, given)
		}
		user = given
	}
	if host == "" {
		return "", "", usageErrorf("no host in %q", target)
	}
	if name, port, ok := hostWithPort(host); ok {
		return "", "", withHints(usageErrorf("%q: the port goes in -p, not after the host", target), fix.PortAfterHost(port, strings.Replace(target, host, name, 1)))
	}
	return user, host, nil
}

// hostWithPort recognises scp's and URLs' habit, HOST:PORT or [HOST]:PORT,
// which ssh does not take: it would look the whole up as a host name. A bare
// IPv6 address has more than one colon and is left alone.
func hostWithPort(host string) (name, port string, ok bool) {
	name, port, err := net.SplitHostPort(host)
	if err != nil || port == "" || strings.Trim(port, "0123456789") != "" {
		return "", "", false
	}
	return name, port, true
}

// defaultKeyFile is the first of OpenSSH's default identities that exists,
// and only that one: offering several would spend the server's
// authentication attempts.
func defaultKeyFile() string {
	home, err := os.UserHomeDir()
	if err != nil {
		return ""
	}
	for _, name := range []string{"id_ed25519", "id_ecdsa", "id_rsa"} {
		path := filepath.Join(home, ".ssh", name)
		if _, err := os.Stat(path); err == nil {
			return path
		}
	}
	return ""
}

// remoteResult turns how the remote side ended into keyconv's exit: the
// command's own status passed through silently, sudo's refusal explained,
// anything else a connection failure.
func remoteResult(err error, cfg *sshclient.Config) error {
	var exit *sshclient.ExitError
	var sudo *sshclient.SudoError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &exit) && exit.Signal == "":
		return &exitError{code: exit.Status}
	case errors.As(err, &sudo):
		return &exitError{code: exitFailure, err: explainSSHError(err, cfg)}
	}
	return &exitError{code: exitConnectFailure, err: explainSSHError(err, cfg)}
}

// explainSSHError adds the fix table's words for err.
func explainSSHError(err error, cfg *sshclient.Config) error {
	return withFixes(err, fix.Context{OS: cfg.OS})
}

func fingerprint(c *sshclient.Client) string {
	if k := c.HostKey(); k != nil {
		return k.Type() + " " + ssh.FingerprintSHA256(k)
	}
	return "unknown key"
}
