package doctor

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strconv"
	"sync"

	"github.com/cloudkeypair/keypair/internal/shellquote"
	"github.com/cloudkeypair/keypair/sshclient"
	"golang.org/x/crypto/ssh"
)

// Steps 5 to 8: the network, the host key, the login and sudo, in the order
// a connection meets them. Each needs the one before, so the first failure
// stops them and the rest are skipped.

var networkChecks = []struct {
	step int
	id   string
}{{5, "network"}, {6, "host-key"}, {7, "auth"}, {8, "root"}}

// interrupted is what a network check says when ctx ended it: the user
// pressed Ctrl-C, which says nothing about the server.
const interrupted = "interrupted before it finished"

// skipFrom skips the network checks from id on, saying why.
func (d *doctor) skipFrom(id, why string) {
	skipping := false
	for _, c := range networkChecks {
		skipping = skipping || c.id == id
		if skipping {
			d.add(c.step, c.id, Skip, why, "")
		}
	}
}

func (d *doctor) checkNetwork(ctx context.Context) {
	if d.opts.Host == "" {
		d.skipFrom("network", "no host given (HOST, or the server's public_ip in the firewall file)")
		return
	}
	cfg := &sshclient.Config{
		Host:            d.opts.Host,
		Port:            d.opts.Port,
		User:            d.opts.User,
		Signer:          d.signer,
		KnownHostsFiles: d.opts.KnownHostsFiles,
		ConnectTimeout:  d.opts.ConnectTimeout,
		DialContext:     d.opts.DialContext,
		// The connection lives for one sudo -n true: no keepalives.
		KeepaliveInterval: -1,
	}
	if d.opts.AcceptNew {
		cfg.HostKeyPolicy = sshclient.HostKeyAcceptNew
	}
	addr := net.JoinHostPort(d.opts.Host, strconv.Itoa(d.opts.Port))
	conn, err := sshclient.Connect(ctx, cfg)
	if err != nil && ctx.Err() != nil {
		d.skipFrom("network", interrupted)
		return
	}
	if err != nil {
		d.networkFailed(addr, err)
		d.skipFrom("host-key", "not run: the network check failed")
		return
	}
	d.addf(5, "network", OK, "", "%s accepts TCP connections", addr)

	switch {
	case d.signer == nil:
		conn.Close()
		d.skipFrom("host-key", "not run: no key to log in with (see the key checks)")
		return
	case d.opts.User == "":
		conn.Close()
		d.skipFrom("host-key", "not run: no login user (see login-user)")
		return
	}
	// Dial logs in over the connection just made, so that the network
	// check and the login see the same connection.
	var once sync.Once
	cfg.DialContext = func(context.Context, string, string) (net.Conn, error) {
		var c net.Conn
		once.Do(func() { c = conn })
		if c == nil {
			return nil, errors.New("doctor: connection already used")
		}
		return c, nil
	}
	client, err := sshclient.Dial(ctx, cfg)
	if err != nil && ctx.Err() != nil {
		conn.Close()
		d.skipFrom("host-key", interrupted)
		return
	}
	if err != nil {
		conn.Close()
		d.loginFailed(addr, err)
		return
	}
	defer client.Close()
	d.hostKeyOK(client)
	d.addf(7, "auth", OK, "", "logged in as %s with %s", client.User(), keyName(d.signer.PublicKey()))
	d.checkRoot(ctx, client)
}

// networkFailed reports a failed TCP connect.
func (d *doctor) networkFailed(addr string, err error) {
	var timeout *sshclient.TimeoutError
	var refused *sshclient.RefusedError
	switch {
	case errors.As(err, &timeout):
		d.addf(5, "network", Fail, d.timeoutFix(),
			"no answer from %s within %s: something drops the packets, most often a firewall with no inbound rule for you", addr, timeout.Timeout)
	case errors.As(err, &refused):
		d.addf(5, "network", Fail, fmt.Sprintf("check that %d is the server's SSH port (give another with -p PORT) and that sshd runs on the server (reboot it from the console)", d.opts.Port),
			"%s refused the connection: nothing listens on port %d, or a firewall rejects it", addr, d.opts.Port)
	default:
		d.addf(5, "network", Fail, "check the host name or address (the server's public IP in the console)", "cannot connect to %s: %s", addr, errText(err))
	}
}

// timeoutFix points at the firewall, with what the firewall check found.
func (d *doctor) timeoutFix() string {
	fix := fmt.Sprintf("add an inbound rule for TCP %d from your address to the server's firewall and attach it, then check the server's public IP", d.opts.Port)
	for _, c := range d.report.Checks {
		if c.ID == "firewall-ssh" && c.Status == OK {
			fix = "the firewall file admits you: check that the console's firewall matches it and is attached, that the server is running, and its public IP"
		}
	}
	return fix
}

// loginFailed reports what stopped sshclient.Dial: the handshake and
// host key (step 6) or the login (step 7).
func (d *doctor) loginFailed(addr string, err error) {
	var (
		unknown *sshclient.UnknownHostKeyError
		changed *sshclient.HostKeyChangedError
		timeout *sshclient.TimeoutError
		auth    *sshclient.AuthError
	)
	switch {
	case errors.As(err, &unknown):
		d.addf(6, "host-key", Fail,
			fmt.Sprintf("compare %s with the host key fingerprint the cloud console shows for the server, then run again with --accept-new to record it", unknown.Fingerprint),
			"%s is not in known_hosts: the server presented %s", unknown.Host, keyName(unknown.Key))
		d.skipFrom("auth", "not run: the host key is not trusted")
	case errors.As(err, &changed):
		fix := "do not log in unless you know the server was reinstalled"
		if len(changed.Known) > 0 {
			k := changed.Known[0]
			fix += fmt.Sprintf("; if it was, remove the old key: ssh-keygen -R %s -f %s", shellquote.IfNeeded(changed.Host), shellquote.IfNeeded(k.File))
		}
		known := ""
		if len(changed.Known) > 0 {
			k := changed.Known[0]
			known = fmt.Sprintf(" (known_hosts has %s at %s:%d)", k.Fingerprint, k.File, k.Line)
		}
		d.addf(6, "host-key", Fail, fix,
			"the host key of %s has CHANGED: the server presented %s%s; it was reinstalled, or someone is intercepting the connection (a man-in-the-middle)",
			changed.Host, changed.Fingerprint, known)
		d.skipFrom("auth", "not run: the host key has changed")
	case errors.As(err, &timeout) && timeout.Stage == sshclient.StageHandshake:
		d.addf(6, "host-key", Fail, fmt.Sprintf("check that port %d is the server's SSH port; a service other than sshd, or a middlebox, holds it", d.opts.Port),
			"%s accepted the connection but no SSH server answered within %s", addr, timeout.Timeout)
		d.skipFrom("auth", "not run: the SSH handshake failed")
	case errors.As(err, &auth):
		d.add(6, "host-key", OK, "the server's host key is trusted", "")
		d.addf(7, "auth", Fail, d.authFix(auth),
			"%s refused %s for user %s", addr, keyName(d.signer.PublicKey()), auth.User)
		d.skipFrom("root", "not run: the login failed")
	case errors.As(err, &timeout):
		d.add(6, "host-key", OK, "the server's host key is trusted", "")
		d.addf(7, "auth", Fail, "the server is slow or overloaded: try again, or reboot it from the console",
			"logging in as %s did not finish within %s", d.opts.User, timeout.Timeout)
		d.skipFrom("root", "not run: the login failed")
	default:
		d.addf(6, "host-key", Fail, "check that the port is the server's SSH port", "SSH handshake with %s failed: %s", addr, errText(err))
		d.skipFrom("auth", "not run: the SSH handshake failed")
	}
}

func (d *doctor) authFix(auth *sshclient.AuthError) string {
	user := "the user of the server's OS (run 'keyconv users'; give --os OS)"
	if osUser, err := d.opts.Users.Lookup(d.opts.OS); d.opts.OS != "" && err == nil {
		user = fmt.Sprintf("%s, the user of %s images", osUser, d.opts.OS)
	}
	keypair := "the keypair the server was created with"
	if d.opts.Keypair != "" {
		keypair = fmt.Sprintf("keypair %q, which the server was created with", d.opts.Keypair)
	}
	return fmt.Sprintf("log in as %s, with the private key of %s; this key is %s, compare it with the console's", user, keypair, auth.KeyFingerprint)
}

// hostKeyOK reports a trusted host key: known, or recorded by --accept-new.
func (d *doctor) hostKeyOK(client *sshclient.Client) {
	key := keyName(client.HostKey())
	if file := client.HostKeyRecordedIn(); file != "" {
		d.addf(6, "host-key", OK, "", "%s seen for the first time and recorded in %s", key, file)
		return
	}
	d.addf(6, "host-key", OK, "", "%s matches known_hosts", key)
}

// checkRoot runs sudo -n true, as the guide's sudo -i needs.
func (d *doctor) checkRoot(ctx context.Context, client *sshclient.Client) {
	err := client.Run(ctx, &sshclient.Command{Line: "true", Root: true})
	var sudo *sshclient.SudoError
	switch {
	case err != nil && ctx.Err() != nil:
		d.add(8, "root", Skip, interrupted, "")
	case err == nil:
		d.addf(8, "root", OK, "", "sudo -n true works: %s can become root with sudo -i", client.User())
	case errors.As(err, &sudo):
		found := fmt.Sprintf("%s has no passwordless sudo (sudo exited %d)", sudo.User, sudo.Status)
		if sudo.Message != "" {
			found = fmt.Sprintf("%s has no passwordless sudo: %s", sudo.User, sudo.Message)
		}
		d.add(8, "root", Fail, found, "log in as the image's default user, which has passwordless sudo (run 'keyconv users'), or give this user a NOPASSWD rule in /etc/sudoers.d")
	default:
		d.addf(8, "root", Fail, "try again; if it persists, log in and run sudo -i by hand to see what fails", "sudo -n true failed: %s", errText(err))
	}
}

func keyName(k ssh.PublicKey) string {
	if k == nil {
		return "an unknown key"
	}
	return k.Type() + " " + ssh.FingerprintSHA256(k)
}
