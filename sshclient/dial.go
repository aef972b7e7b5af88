package sshclient

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"sync/atomic"
	"syscall"
	"time"

	"golang.org/x/crypto/ssh"
)

// Client is a logged-in SSH connection. It is safe for concurrent use; run
// as many commands on it as needed, then Close it.
type Client struct {
	ssh     *ssh.Client
	user    string
	hostKey ssh.PublicKey
	// recordedIn is the known_hosts file accept-new wrote the host key to.
	recordedIn string
	keepalive  *keepalive
}

// Dial connects to the server, checks its host key, and logs in. The whole
// of it, from the TCP connect to the end of authentication, is bounded by
// Config.ConnectTimeout and by ctx; ctx does not outlive Dial (use
// [Client.Close] to end the connection).
//
// The key is loaded, and the login user resolved, before any network
// traffic, so a bad key or an unknown OS costs no connection attempt.
//
// Errors are typed: [*TimeoutError], [*RefusedError],
// [*UnknownHostKeyError], [*HostKeyChangedError], [*AuthError],
// [*keyconv.PassphraseMissingError], [*KeyPermissionsError], [*UnknownOSError].
func Dial(ctx context.Context, cfg *Config) (*Client, error) {
	s, err := cfg.settings()
	if err != nil {
		return nil, err
	}
	signer, err := cfg.signer()
	if err != nil {
		return nil, err
	}
	hostKeys, err := newHostKeyChecker(s)
	if err != nil {
		return nil, err
	}

	dialCtx, cancel := s.deadline(ctx)
	defer cancel()
	conn, err := s.connect(ctx, dialCtx)
	if err != nil {
		return nil, err
	}

	// x/crypto's handshake reads and writes the connection without a
	// context; a deadline on the connection bounds it, and cancelling ctx
	// moves the deadline to now.
	if deadline, ok := dialCtx.Deadline(); ok {
		conn.SetDeadline(deadline)
	}
	stopWatch := context.AfterFunc(dialCtx, func() { conn.SetDeadline(time.Unix(1, 0)) })

	var authStarted atomic.Bool
	clientConfig := &ssh.ClientConfig{
		User: s.user,
		Auth: []ssh.AuthMethod{ssh.PublicKeysCallback(func() ([]ssh.Signer, error) {
			authStarted.Store(true)
			return []ssh.Signer{signer}, nil
		})},
		HostKeyCallback:   hostKeys.check,
		HostKeyAlgorithms: hostKeys.algorithms(),
	}
	sshConn, chans, reqs, err := ssh.NewClientConn(conn, s.addr, clientConfig)
	watchStopped := stopWatch()
	if err != nil {
		conn.Close()
		if hostKeyErr := hostKeys.failure(); hostKeyErr != nil {
			return nil, hostKeyErr
		}
		if dialCtx.Err() != nil || isTimeout(err) {
			stage := StageHandshake
			if authStarted.Load() {
				stage = StageAuth
			}
			return nil, s.connectError(ctx, dialCtx, stage, err)
		}
		if authStarted.Load() {
			pub := signer.PublicKey()
			return nil, &AuthError{User: s.user, KeyFingerprint: ssh.FingerprintSHA256(pub), KeyType: keyType(pub), Err: err}
		}
		return nil, fmt.Errorf("sshclient: ssh handshake with %s: %w", s.addr, err)
	}
	if !watchStopped {
		// ctx ended just as the handshake finished: honour it.
		sshConn.Close()
		return nil, s.connectError(ctx, dialCtx, StageAuth, context.Cause(dialCtx))
	}
	conn.SetDeadline(time.Time{})

	key, recordedIn := hostKeys.presented()
	c := &Client{
		ssh:        ssh.NewClient(sshConn, chans, reqs),
		user:       s.user,
		hostKey:    key,
		recordedIn: recordedIn,
	}
	if s.keepaliveInterval > 0 {
		c.keepalive = startKeepalive(c.ssh, s.keepaliveInterval, s.keepaliveCount)
	}
	return c, nil
}

// deadline returns the context that bounds connecting, the handshake and
// authentication together: ctx with ConnectTimeout, when one is set.
func (s *settings) deadline(ctx context.Context) (context.Context, context.CancelFunc) {
	if s.connectTimeout > 0 {
		return context.WithTimeout(ctx, s.connectTimeout)
	}
	return ctx, func() {}
}

// connect opens the TCP connection within dialCtx, failing with the
// connect stage's typed errors.
func (s *settings) connect(ctx, dialCtx context.Context) (net.Conn, error) {
	dial := s.DialContext
	if dial == nil {
		dial = (&net.Dialer{}).DialContext
	}
	conn, err := dial(dialCtx, "tcp", s.addr)
	if err != nil {
		return nil, s.connectError(ctx, dialCtx, StageConnect, err)
	}
	return conn, nil
}

// connectError turns a failure while connecting into the error that says
// what happened: the caller's ctx ending, the connect timeout running out
// at a stage, a refused connection, or something else.
func (s *settings) connectError(ctx, dialCtx context.Context, stage Stage, err error) error {
	if ctx.Err() != nil {
		return fmt.Errorf("sshclient: connecting to %s: %w", s.addr, context.Cause(ctx))
	}
	if dialCtx.Err() != nil || isTimeout(err) {
		return &TimeoutError{Addr: s.addr, Stage: stage, Timeout: s.connectTimeout}
	}
	if isRefused(err) {
		return &RefusedError{Addr: s.addr, Err: err}
	}
	return fmt.Errorf("sshclient: connecting to %s: %w", s.addr, err)
}

// isRefused recognises a refused TCP connection: ECONNREFUSED, or on
// Windows its Winsock twin WSAECONNREFUSED (10061).
func isRefused(err error) bool {
	var errno syscall.Errno
	return errors.As(err, &errno) && (errno == syscall.ECONNREFUSED || errno == 10061)
}

func isTimeout(err error) bool {
	if errors.Is(err, os.ErrDeadlineExceeded) || errors.Is(err, context.DeadlineExceeded) {
		return true
	}
	var netErr net.Error
	return errors.As(err, &netErr) && netErr.Timeout()
}

// User returns the user the client logged in as.
func (c *Client) User() string { return c.user }

// HostKey returns the host key the server presented.
func (c *Client) HostKey() ssh.PublicKey { return c.hostKey }

// HostKeyRecordedIn returns the known_hosts file that [HostKeyAcceptNew]
// recorded the server's key in during Dial, or "" if the key was already
// known (or the policy recorded nothing).
func (c *Client) HostKeyRecordedIn() string { return c.recordedIn }

// SSH returns the underlying x/crypto client, for what this package does
// not wrap (port forwarding, SFTP).
func (c *Client) SSH() *ssh.Client { return c.ssh }

// Close closes the connection.
func (c *Client) Close() error {
	if c.keepalive != nil {
		c.keepalive.stop()
	}
	return c.ssh.Close()
}

// Wait blocks until the connection ends and says why: nil after Close,
// [ErrKeepaliveTimeout] when the server stopped answering, or the error that
// broke it.
func (c *Client) Wait() error {
	err := c.ssh.Wait()
	if c.keepalive != nil && c.keepalive.timedOut() {
		return ErrKeepaliveTimeout
	}
	if errors.Is(err, net.ErrClosed) {
		return nil
	}
	return err
}
