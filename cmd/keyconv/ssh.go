package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/cloudkeypair/keypair/internal/shellquote"
	"github.com/cloudkeypair/keypair/keyconv"
	"github.com/cloudkeypair/keypair/sshclient"
	"golang.org/x/crypto/ssh"
)

func init() {
	register(&command{
		Name:      "ssh",
		UsageLine: "ssh [-i KEY] [--os OS | -l USER] [-p PORT] [--root] [--known-hosts FILE] [--accept-new] [--connect-timeout DURATION] [--passphrase-file FILE] [user@]HOST [COMMAND...]",
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

Flags go before HOST: everything after HOST is the remote command, flags
included. The host key must be in known_hosts (~/.ssh/known_hosts unless
--known-hosts is given); --accept-new records the key of a host seen for
the first time, and a changed key is always refused.

Exit status: the remote command's; 1 when sudo refuses --root; 255 when
connecting or logging in fails, as with ssh; 2 for a mistake in the
command line.
`,
		Setup:        setupSSH,
		Interspersed: false,
	})
}

// exitConnectFailure is ssh's exit status for failures to connect or log in.
const exitConnectFailure = 255

type sshFlags struct {
	keyFile        string
	os             string
	user           string
	port           int
	root           bool
	knownHosts     string
	acceptNew      bool
	connectTimeout time.Duration
	passphraseFile string
}

func setupSSH(fs *flag.FlagSet) func(ctx context.Context, sio *stdio, args []string) error {
	f := &sshFlags{}
	fs.StringVar(&f.keyFile, "i", "", "private key `FILE` (default: the first of ~/.ssh/id_ed25519, id_ecdsa, id_rsa)")
	fs.StringVar(&f.os, "os", "", "the server's `OS`, to pick the login user (see 'keyconv users')")
	fs.StringVar(&f.user, "l", "", "login `USER`; wins over --os")
	fs.IntVar(&f.port, "p", sshclient.DefaultPort, "`PORT` to connect to")
	fs.BoolVar(&f.root, "root", false, "run COMMAND as root through 'sudo -n', or open a root shell")
	fs.StringVar(&f.knownHosts, "known-hosts", "", "known_hosts `FILE` (default ~/.ssh/known_hosts)")
	fs.BoolVar(&f.acceptNew, "accept-new", false, "record the host key of a host not yet in known_hosts (a changed key is still refused)")
	fs.DurationVar(&f.connectTimeout, "connect-timeout", sshclient.DefaultConnectTimeout, "limit for connecting and logging in, such as 10s")
	fs.StringVar(&f.passphraseFile, "passphrase-file", "", "read the key's passphrase from the first line of `FILE`")
	return func(ctx context.Context, sio *stdio, args []string) error {
		return runSSH(ctx, sio, f, args)
	}
}

func runSSH(ctx context.Context, sio *stdio, f *sshFlags, args []string) error {
	if len(args) == 0 {
		return usageErrorf("no host given")
	}
	cfg, err := f.config(args[0])
	if err != nil {
		return err
	}
	cfg.Passphrase = f.passphrase(cfg.KeyFile, sio.Err)
	client, err := sshclient.Dial(ctx, cfg)
	if err != nil {
		return &exitError{code: exitConnectFailure, err: explainSSHError(err, cfg)}
	}
	defer client.Close()
	if file := client.HostKeyRecordedIn(); file != "" {
		warningf(sio.Err, "permanently added the host key of %s (%s) to %s", cfg.Host, fingerprint(client), file)
	}
	if len(args) > 1 {
		err = client.Run(ctx, &sshclient.Command{
			Line:   strings.Join(args[1:], " "),
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

// config turns the flags and the [user@]HOST argument into a Config.
func (f *sshFlags) config(target string) (*sshclient.Config, error) {
	user, host, err := splitTarget(target, f.user)
	if err != nil {
		return nil, err
	}
	// The library reads port 0 as "the default", which would quietly
	// connect to 22 when the user typed something else.
	if f.port < 1 || f.port > 65535 {
		return nil, usageErrorf("-p %d: a port is 1 to 65535", f.port)
	}
	if user == "" && f.os == "" {
		return nil, withHint(usageErrorf("no login user: give --os OS or -l USER"), "run 'keyconv users' for each OS's login user")
	}
	if user == "" {
		// Resolved here, not left to Dial, so that an unknown OS is a
		// mistake in the command line (exit 2), not a failed login.
		var err error
		if user, err = sshclient.DefaultUsers().Lookup(f.os); err != nil {
			return nil, &exitError{code: exitUsage, err: withHint(&sshclientError{err}, "run 'keyconv users' for the table, or give the user with -l USER")}
		}
	}
	keyFile := f.keyFile
	if keyFile != "" {
		if _, err := os.Stat(keyFile); errors.Is(err, os.ErrNotExist) {
			return nil, withHint(fmt.Errorf("-i %s: no such file", keyFile), "give the path of the keypair's private key, such as -i ~/Downloads/cafe24.pem (the file the cloud console gave you)")
		}
	}
	if keyFile == "" {
		keyFile = defaultKeyFile()
		if keyFile == "" {
			return nil, withHint(usageErrorf("no private key: give -i KEY"), "use the keypair file the cloud console gave you, such as -i cafe24.pem")
		}
	}
	cfg := &sshclient.Config{
		Host:           host,
		Port:           f.port,
		User:           user,
		OS:             f.os,
		KeyFile:        keyFile,
		ConnectTimeout: f.connectTimeout,
	}
	if f.connectTimeout <= 0 {
		return nil, usageErrorf("--connect-timeout must be positive, not %v", f.connectTimeout)
	}
	if f.knownHosts != "" {
		cfg.KnownHostsFiles = []string{f.knownHosts}
	}
	if f.acceptNew {
		cfg.HostKeyPolicy = sshclient.HostKeyAcceptNew
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
		return "", "", withHint(usageErrorf("%q: the port goes in -p, not after the host", target), "give -p %s %s", port, strings.Replace(target, host, name, 1))
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

// passphrase returns the callback keyconv calls for an encrypted key, and
// only then: the first line of --passphrase-file, or a prompt on the
// terminal.
func (f *sshFlags) passphrase(keyFile string, warn io.Writer) keyconv.PassphraseFunc {
	return func() ([]byte, error) {
		if f.passphraseFile != "" {
			return readPassphraseFile(f.passphraseFile, warn)
		}
		return promptPassphrase(fmt.Sprintf("Enter passphrase for %s: ", keyFile))
	}
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

// explainSSHError adds what to do about each failure the library names.
func explainSSHError(err error, cfg *sshclient.Config) error {
	err = &sshclientError{err}
	port := strconv.Itoa(cfg.Port)
	var (
		timeout   *sshclient.TimeoutError
		refused   *sshclient.RefusedError
		unknown   *sshclient.UnknownHostKeyError
		changed   *sshclient.HostKeyChangedError
		auth      *sshclient.AuthError
		needsPass *sshclient.PassphraseNeededError
		perm      *sshclient.KeyPermissionsError
		sudo      *sshclient.SudoError
		noCommon  *sshclient.NoCommonAlgorithmError
		notSSH    *sshclient.NotSSHServerError
	)
	switch {
	case errors.As(err, &timeout) && timeout.Stage == sshclient.StageConnect:
		return withHint(err, "add an inbound rule for TCP %s from your IP address to the server's firewall (security group), and check the server's public IP", port)
	case errors.As(err, &timeout):
		return withHint(err, "check that port %s is the server's ssh port, or raise --connect-timeout", port)
	case errors.As(err, &refused):
		return withHint(err, "check the port (-p %s) and that sshd is running on the server", port)
	case errors.As(err, &unknown):
		return withHint(err, "compare %s with the host key fingerprint the cloud console shows, then run again with --accept-new to record it", unknown.Fingerprint)
	case errors.As(err, &changed):
		hints := []string{"do not log in unless you know the server was reinstalled"}
		if len(changed.Known) > 0 {
			hints = append(hints, fmt.Sprintf("if it was, remove the old key: ssh-keygen -R %s -f %s",
				shellquote.IfNeeded(changed.Host), shellquote.IfNeeded(changed.Known[0].File)))
		}
		return &hintError{err: err, hints: hints}
	case errors.As(err, &auth):
		return withHint(err, "the login user depends on the image (see 'keyconv users'; use --os OS or -l USER), and the key must be the keypair the server was created with")
	case errors.As(err, &needsPass), errors.Is(err, errNoTerminal):
		return withHint(fmt.Errorf("private key %s is encrypted and needs a passphrase", cfg.KeyFile),
			"run keyconv in a terminal to be asked for it, or give --passphrase-file FILE")
	case errors.Is(err, keyconv.ErrWrongPassphrase):
		return withHint(err, "check the passphrase; the file's first line is used, without its line ending")
	case errors.As(err, &perm):
		return withHint(err, "chmod 600 %s", shellquote.IfNeeded(perm.Path))
	case errors.As(err, &sudo):
		return withHint(err, "the image's default user has passwordless sudo (see 'keyconv users'); keyconv never types a sudo password")
	case errors.As(err, &notSSH):
		return withHint(err, "check the port: give the server's SSH port with -p PORT (22 unless its sshd was moved)")
	case errors.As(err, &noCommon) && noCommon.Weak:
		return withHint(err, "update the server's OpenSSH, or enable a SHA-2 %s there; keyconv, like ssh, refuses SHA-1 and CBC algorithms", noCommon.What)
	case errors.Is(err, sshclient.ErrKeepaliveTimeout):
		return withHint(err, "the server or the network path to it stopped answering")
	}
	return err
}

// sshclientError drops the library's "sshclient: " prefix, which the
// CLI's "keyconv: error: " already covers.
type sshclientError struct{ err error }

func (e *sshclientError) Error() string { return strings.TrimPrefix(e.err.Error(), "sshclient: ") }
func (e *sshclientError) Unwrap() error { return e.err }

func fingerprint(c *sshclient.Client) string {
	if k := c.HostKey(); k != nil {
		return k.Type() + " " + ssh.FingerprintSHA256(k)
	}
	return "unknown key"
}
