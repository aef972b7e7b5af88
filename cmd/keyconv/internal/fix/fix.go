// Package fix is the one table of what keyconv tells a user to do about a
// problem: every "keyconv: hint: ..." line and every doctor fix is worded
// here, once. The libraries' errors state facts and carry data (a file and
// its mode, a fingerprint, a stage, a user, an address); this package turns
// that data into the words of the fix, naming the CLI's own flags.
//
// A command that meets an error calls [Context.For] and prints what it
// returns, one hint a line; the doctor joins the same words into its fix
// column. Fixes for conditions that are not errors (a file to rename, a
// user to log in as) are functions of their own, called with the facts.
package fix

import (
	"errors"
	"fmt"
	"net"

	"github.com/cloudkeypair/keypair/keyconv"
	"github.com/cloudkeypair/keypair/sshclient"
	"github.com/cloudkeypair/keypair/sshclient/audit"
	"github.com/cloudkeypair/keypair/sshclient/fleet"
)

// Context is what the words of a fix depend on besides the error: the
// command's flags and what it knows of the server. The zero value suits
// the SSH commands.
type Context struct {
	// PassphraseFlag is the flag that reads a key's passphrase from a
	// file: "--passphrase-file" if empty (ssh, doctor); the key
	// commands use "--old-passphrase".
	PassphraseFlag string

	// OS and Keypair are the server's OS and keypair, when the command
	// knows them, for the fix of a refused login.
	OS, Keypair string

	// Users is the OS user table; nil means sshclient.DefaultUsers.
	Users *sshclient.UserTable
}

// For returns the fixes for err with the zero Context, for a command that
// has no more to say about the server than its errors carry.
func For(err error) []string { return Context{}.For(err) }

// For returns the fixes for err, in the order to print them, or nil when
// the table has none. err may wrap the error the fix is for.
func (c Context) For(err error) []string {
	var (
		perm      *sshclient.KeyPermissionsError
		timeout   *sshclient.TimeoutError
		refused   *sshclient.RefusedError
		unknown   *sshclient.UnknownHostKeyError
		changed   *sshclient.HostKeyChangedError
		auth      *sshclient.AuthError
		sudo      *sshclient.SudoError
		unknownOS *sshclient.UnknownOSError
		missing   *keyconv.PassphraseMissingError
		comment   *keyconv.CommentError
		notSSH    *sshclient.NotSSHServerError
		noCommon  *sshclient.NoCommonAlgorithmError
		problems  *audit.ProblemsError
		rotation  *fleet.RotationError
		exists    *sshclient.LocalExistsError
	)
	switch {
	case errors.As(err, &rotation):
		// Before the login errors it wraps: the login that failed is the
		// rotation's own proof, not the user's.
		return Rotation(rotation)
	case errors.As(err, &perm):
		return []string{KeyMode(perm.Path)}
	case errors.As(err, &timeout):
		return []string{Timeout(timeout.Stage, port(timeout.Addr))}
	case errors.As(err, &refused):
		return []string{Refused(port(refused.Addr))}
	case errors.As(err, &unknown):
		return []string{UnknownHostKey(unknown.Fingerprint)}
	case errors.As(err, &changed):
		return ChangedHostKey(changed)
	case errors.As(err, &auth):
		return []string{c.Login(auth.KeyFingerprint)}
	case errors.As(err, &sudo):
		return []string{Sudo}
	case errors.As(err, &unknownOS):
		return []string{c.LoginUser()}
	case errors.As(err, &missing):
		return []string{c.Passphrase()}
	case errors.Is(err, keyconv.ErrWrongPassphrase):
		return []string{c.WrongPassphrase()}
	case errors.As(err, &comment):
		return []string{NewComment}
	case errors.As(err, &notSSH):
		return []string{NotSSHServer}
	case errors.As(err, &noCommon) && noCommon.Weak:
		return []string{WeakAlgorithms(noCommon.What)}
	case errors.As(err, &exists):
		return []string{DownloadExists}
	case errors.As(err, &problems):
		return []string{ServerProblems(problems)}
	case errors.Is(err, sshclient.ErrKeepaliveTimeout):
		return []string{"the server or the network path to it stopped answering: check that it is running, then connect again"}
	}
	return nil
}

// port is the port of a host:port address, or 22.
func port(addr string) string {
	if _, p, err := net.SplitHostPort(addr); err == nil {
		return p
	}
	return "22"
}

// InboundRule is the fix for a TCP connect that no one answers: what the
// cloud guide's first step does.
func InboundRule(port string) string {
	return fmt.Sprintf("add an inbound rule for TCP %s from your address to the server's firewall and attach it, then check the server's public IP", port)
}

// Timeout is the fix for connecting that did not finish at stage.
func Timeout(stage sshclient.Stage, port string) string {
	switch stage {
	case sshclient.StageConnect:
		return InboundRule(port)
	case sshclient.StageHandshake:
		return fmt.Sprintf("check that port %s is the server's SSH port (-p PORT); a service other than sshd, or a middlebox, holds it", port)
	}
	return "the server is slow or overloaded: try again (a longer --connect-timeout), or reboot it from the console"
}

// Refused is the fix for a refused TCP connection.
func Refused(port string) string {
	return fmt.Sprintf("check that %s is the server's SSH port (give another with -p PORT) and that sshd runs on the server (reboot it from the console)", port)
}

// UnknownHostKey is the fix for a host key known_hosts does not have.
func UnknownHostKey(fingerprint string) string {
	return fmt.Sprintf("compare %s with the host key fingerprint the cloud console shows for the server, then run again with --accept-new to record it", fingerprint)
}

// ChangedHostKey is the fix for a host key that differs from known_hosts.
// In a cloud the usual innocent cause is a public IP released by one
// server and given to another, or a server re-created at its address.
func ChangedHostKey(e *sshclient.HostKeyChangedError) []string {
	fixes := []string{"do not log in unless you know why the key changed: the server was re-created, or the cloud gave its public IP to another server (a released IP is handed out again)"}
	if len(e.Known) > 0 {
		fixes = append(fixes, fmt.Sprintf("if so, remove the old key: keyconv known-hosts forget --known-hosts %s %s",
			Quote(e.Known[0].File), Quote(e.Host)))
	}
	return fixes
}

// users is the OS user table the fixes name.
func (c Context) users() *sshclient.UserTable {
	if c.Users == nil {
		return sshclient.DefaultUsers()
	}
	return c.Users
}

// Login is the fix for a refused login with the key of the given
// fingerprint: the image's user, and the keypair the server was made with.
func (c Context) Login(keyFingerprint string) string {
	user := "the user of the server's OS (run 'keyconv users'; give --os OS)"
	if osUser, err := c.users().Lookup(c.OS); c.OS != "" && err == nil {
		user = fmt.Sprintf("%s, the user of %s images", osUser, c.OS)
	}
	keypair := "the keypair the server was created with"
	if c.Keypair != "" {
		keypair = fmt.Sprintf("keypair %q, which the server was created with", c.Keypair)
	}
	return fmt.Sprintf("log in as %s, with the private key of %s; this key is %s, compare it with the console's", user, keypair, keyFingerprint)
}

// Sudo is the fix for a user without passwordless sudo.
const Sudo = "log in as the image's default user, which has passwordless sudo (run 'keyconv users'), or give this user a NOPASSWD rule in /etc/sudoers.d"

// SudoByHand is the fix for sudo failing in a way it did not explain.
const SudoByHand = "try again; if it persists, log in and run sudo -i by hand to see what fails"

// HostAddress is the fix for a connect that failed for another reason
// than a timeout or a refusal (a name that does not resolve, no route).
const HostAddress = "check the host name or address (the server's public IP in the console)"

// SSHPort is the fix for an SSH handshake that failed.
const SSHPort = "check that the port is the server's SSH port"

// NewComment is the fix for a key whose comment holds a control character,
// which no output may carry (a line break would add a line to
// authorized_keys).
const NewComment = "give the key a new comment with -C COMMENT"

// NotSSHServer is the fix for a port that answers with something other
// than SSH.
const NotSSHServer = "check the port: give the server's SSH port with -p PORT (22 unless its sshd was moved)"

// WeakAlgorithms is the fix for a server that offers only algorithms of
// the kind (key exchange, cipher, MAC) that OpenSSH's client has dropped.
func WeakAlgorithms(what string) string {
	return fmt.Sprintf("update the server's OpenSSH, or enable a SHA-2 %s there; keyconv, like ssh, refuses SHA-1 and CBC algorithms", what)
}

// PublicKeyOnly is the fix for a conversion given a public key file.
const PublicKeyOnly = "give the private key file it came from; pub, fingerprint and info read public keys too"
