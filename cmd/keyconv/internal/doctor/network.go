package doctor

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"

	"github.com/cloudkeypair/keypair/cmd/keyconv/internal/fix"
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
	// Whether the port answers is worth knowing even when the login
	// cannot be tried. Dial wants a key and a user before it connects,
	// so a throwaway key and user stand in; the dial hook then ends Dial
	// right after the TCP connect, before a byte of SSH is sent.
	signer, user, probeOnly := d.signer, d.opts.User, d.signer == nil || d.opts.User == ""
	if probeOnly {
		signer, user = throwawaySigner(), "nobody"
	}
	// One Dial makes the connection and logs in over it; whether the
	// TCP connect returned a connection tells a network failure from a
	// handshake or login failure, which Dial's typed errors then name.
	dial := d.opts.DialContext
	if dial == nil {
		dial = (&net.Dialer{}).DialContext
	}
	dialed, connected := false, false
	cfg := &sshclient.Config{
		Host:            d.opts.Host,
		Port:            d.opts.Port,
		User:            user,
		Signer:          signer,
		KnownHostsFiles: d.opts.KnownHostsFiles,
		ConnectTimeout:  d.opts.ConnectTimeout,
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			dialed = true
			conn, err := dial(ctx, network, addr)
			if err != nil {
				return nil, err
			}
			connected = true
			if probeOnly {
				conn.Close()
				return nil, errProbed
			}
			return conn, nil
		},
		// The connection lives for one sudo -n true: no keepalives.
		KeepaliveInterval: -1,
	}
	if d.opts.AcceptNew {
		cfg.HostKeyPolicy = sshclient.HostKeyAcceptNew
	}
	addr := net.JoinHostPort(d.opts.Host, strconv.Itoa(d.opts.Port))
	client, err := sshclient.Dial(ctx, cfg)
	switch {
	case err != nil && ctx.Err() != nil && !connected:
		d.skipFrom("network", interrupted)
		return
	case !dialed:
		// Dial stopped before the network: known_hosts could not be read.
		d.add(5, "network", Fail, err.Error(), d.fixes(err))
		d.skipFrom("host-key", "not run: the network check failed")
		return
	case !connected:
		d.networkFailed(addr, err)
		d.skipFrom("host-key", "not run: the network check failed")
		return
	}
	d.addf(5, "network", OK, "", "%s accepts TCP connections", addr)
	switch {
	case d.signer == nil:
		d.skipFrom("host-key", "not run: no key to log in with (see the key checks)")
	case d.opts.User == "":
		d.skipFrom("host-key", "not run: no login user (see login-user)")
	case err != nil && ctx.Err() != nil:
		d.skipFrom("host-key", interrupted)
	case err != nil:
		d.loginFailed(addr, err)
	default:
		defer client.Close()
		d.hostKeyOK(client)
		d.addf(7, "auth", OK, "", "logged in as %s with %s", client.User(), keyName(d.signer.PublicKey()))
		d.checkRoot(ctx, client)
	}
}

// errProbed ends a Dial that only asked whether the TCP connect succeeds.
var errProbed = errors.New("connected; not logging in")

// throwawaySigner is a key that is never offered: see checkNetwork.
func throwawaySigner() ssh.Signer {
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		panic(err) // crypto/rand does not fail
	}
	signer, err := ssh.NewSignerFromKey(priv)
	if err != nil {
		panic(err)
	}
	return signer
}

// fixes is the fix table's words for err, in one line.
func (d *doctor) fixes(err error) string {
	return strings.Join(d.fixContext().For(err), "; ")
}

func (d *doctor) fixContext() fix.Context {
	return fix.Context{OS: d.opts.OS, Keypair: d.opts.Keypair, Users: d.opts.Users}
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
		d.addf(5, "network", Fail, d.fixes(err),
			"%s refused the connection: nothing listens on port %d, or a firewall rejects it", addr, d.opts.Port)
	default:
		d.addf(5, "network", Fail, fix.HostAddress, "cannot connect to %s: %v", addr, err)
	}
}

// timeoutFix points at the firewall, with what the firewall check found.
func (d *doctor) timeoutFix() string {
	for _, c := range d.report.Checks {
		if c.ID == "firewall-ssh" && c.Status == OK {
			return fix.FirewallFileAdmits
		}
	}
	return fix.InboundRule(strconv.Itoa(d.opts.Port))
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
		d.addf(6, "host-key", Fail, d.fixes(err),
			"%s is not in known_hosts: the server presented %s", unknown.Host, keyName(unknown.Key))
		d.skipFrom("auth", "not run: the host key is not trusted")
	case errors.As(err, &changed):
		known := ""
		if len(changed.Known) > 0 {
			k := changed.Known[0]
			known = fmt.Sprintf(" (known_hosts has %s at %s:%d)", k.Fingerprint, k.File, k.Line)
		}
		d.addf(6, "host-key", Fail, d.fixes(err),
			"the host key of %s has CHANGED: the server presented %s%s; it was reinstalled, or someone is intercepting the connection (a man-in-the-middle)",
			changed.Host, changed.Fingerprint, known)
		d.skipFrom("auth", "not run: the host key has changed")
	case errors.As(err, &timeout) && timeout.Stage == sshclient.StageHandshake:
		d.addf(6, "host-key", Fail, d.fixes(err),
			"%s accepted the connection but no SSH server answered within %s", addr, timeout.Timeout)
		d.skipFrom("auth", "not run: the SSH handshake failed")
	case errors.As(err, &auth):
		d.add(6, "host-key", OK, "the server's host key is trusted", "")
		d.addf(7, "auth", Fail, d.fixes(err),
			"%s refused %s for user %s", addr, keyName(d.signer.PublicKey()), auth.User)
		d.skipFrom("root", "not run: the login failed")
	case errors.As(err, &timeout):
		d.add(6, "host-key", OK, "the server's host key is trusted", "")
		d.addf(7, "auth", Fail, d.fixes(err),
			"logging in as %s did not finish within %s", d.opts.User, timeout.Timeout)
		d.skipFrom("root", "not run: the login failed")
	default:
		d.addf(6, "host-key", Fail, fix.SSHPort, "SSH handshake with %s failed: %v", addr, err)
		d.skipFrom("auth", "not run: the SSH handshake failed")
	}
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
		d.add(8, "root", Fail, found, d.fixes(err))
	default:
		d.addf(8, "root", Fail, fix.SudoByHand, "sudo -n true failed: %v", err)
	}
}

func keyName(k ssh.PublicKey) string {
	if k == nil {
		return "an unknown key"
	}
	return k.Type() + " " + ssh.FingerprintSHA256(k)
}
