package sshclient

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"time"

	"golang.org/x/crypto/ssh"
)

// Errors callers tell apart with [errors.Is].
var (
	// ErrKeepaliveTimeout means the server stopped answering keepalives and
	// the connection was closed, as OpenSSH's ServerAliveCountMax does.
	ErrKeepaliveTimeout = errors.New("sshclient: server stopped answering keepalives; connection closed")

	// ErrOutputTooLarge means a buffered command ([Client.Output]) wrote
	// more than its limit; the command was stopped.
	ErrOutputTooLarge = errors.New("sshclient: command output exceeds the limit")
)

// Stage names the part of connecting that did not finish in time.
type Stage string

// The stages a [TimeoutError] reports.
const (
	StageConnect   Stage = "tcp connect"
	StageHandshake Stage = "ssh handshake"
	StageAuth      Stage = "authentication"
)

// TimeoutError means connecting did not finish within the connect timeout.
// A TCP connect that never answers is the usual sign of a firewall that
// drops packets: the server's security group has no inbound rule for TCP on
// this port from the caller's address.
type TimeoutError struct {
	Addr    string        // host:port
	Stage   Stage         // what was still unfinished
	Timeout time.Duration // the connect timeout that ran out
}

// Error states what failed, with the data the fields carry.
func (e *TimeoutError) Error() string {
	switch e.Stage {
	case StageConnect:
		return fmt.Sprintf("sshclient: %s did not answer within %v: something drops the packets, most often a firewall", e.Addr, e.Timeout)
	case StageHandshake:
		return fmt.Sprintf("sshclient: %s accepted the connection but the ssh handshake did not finish within %v: the service on that port may not be an ssh server, or it is overloaded", e.Addr, e.Timeout)
	default:
		return fmt.Sprintf("sshclient: %s did not finish %s within %v", e.Addr, e.Stage, e.Timeout)
	}
}

// RefusedError means the host answered but refused the TCP connection:
// nothing listens on that port, or a firewall rejects rather than drops.
type RefusedError struct {
	Addr string // host:port
	Err  error  // what the dialer reported
}

// Error states what failed, with the data the fields carry.
func (e *RefusedError) Error() string {
	return fmt.Sprintf("sshclient: connection to %s refused: the host answers but nothing listens on port %s", e.Addr, portOf(e.Addr))
}

// Unwrap returns the underlying error.
func (e *RefusedError) Unwrap() error { return e.Err }

// UnknownHostKeyError means the server's host key is not in known_hosts and
// the policy is [HostKeyStrict]. Compare Fingerprint with the one the cloud
// console shows for the server before trusting it.
type UnknownHostKeyError struct {
	Host        string        // as written in known_hosts: "host" or "[host]:port"
	Key         ssh.PublicKey // the key the server presented
	Fingerprint string        // SHA256 of Key
	Files       []string      // the known_hosts files searched
}

// Error states what failed, with the data the fields carry.
func (e *UnknownHostKeyError) Error() string {
	return fmt.Sprintf("sshclient: host key for %s is not known (%s key %s) in %s", e.Host, keyType(e.Key), e.Fingerprint, describeFiles(e.Files))
}

// HostKeyChangedError means known_hosts holds a different key for the host
// than the one it presented: the server was reinstalled, or someone is
// intercepting the connection (a man-in-the-middle). It is never accepted
// automatically.
type HostKeyChangedError struct {
	Host        string        // as written in known_hosts
	Key         ssh.PublicKey // the key the server presented
	Fingerprint string        // SHA256 of Key
	Known       []KnownKey    // what known_hosts holds for Host
}

// KnownKey is one known_hosts entry.
type KnownKey struct {
	Fingerprint string // SHA256:...
	Type        string // the key's algorithm, such as "ssh-ed25519"
	File        string // the known_hosts file
	Line        int    // its line, from 1
}

// Error states what failed, with the data the fields carry.
func (e *HostKeyChangedError) Error() string {
	var old []string
	for _, k := range e.Known {
		where := k.File
		if k.Line > 0 { // a KnownHostsWriter's record of this run has no line yet
			where = fmt.Sprintf("%s:%d", k.File, k.Line)
		}
		old = append(old, fmt.Sprintf("%s (%s)", k.Fingerprint, where))
	}
	return fmt.Sprintf("sshclient: host key for %s has changed: known_hosts has %s, the server presented %s; the server was reinstalled or someone is intercepting the connection (possible man-in-the-middle)",
		e.Host, strings.Join(old, ", "), e.Fingerprint)
}

// AuthError means the server refused the login: the user does not exist on
// that image, or the key is not the server's keypair.
type AuthError struct {
	User           string // the login user refused
	KeyFingerprint string // SHA256 of the public key offered
	KeyType        string // the key's type in capitals, such as "ED25519"
	Err            error  // what x/crypto reported
}

// Error states what failed, with the data the fields carry.
func (e *AuthError) Error() string {
	return fmt.Sprintf("sshclient: server refused login as %q with %s key %s", e.User, e.KeyType, e.KeyFingerprint)
}

// Unwrap returns the underlying error.
func (e *AuthError) Unwrap() error { return e.Err }

// KeyPermissionsError means a private key file is readable by others than
// its owner, so that OpenSSH refuses it, and so does this package: on
// Unix group or others have access to it; on Windows its owner or access
// list fails Windows OpenSSH's rule. Err, a *keyfile.NotPrivateError of
// keyconv's internal/keyfile, says which.
type KeyPermissionsError struct {
	Path string      // the key file
	Mode fs.FileMode // its permission bits, on Unix; 0 on Windows
	Err  error       // what the rule objected to
}

// Error states what failed, with the data the fields carry.
func (e *KeyPermissionsError) Error() string {
	return fmt.Sprintf("sshclient: refusing private key: %v", e.Err)
}

// Unwrap returns the rule's own error.
func (e *KeyPermissionsError) Unwrap() error { return e.Err }

// SudoError means sudo did not run the command: the user has no
// passwordless sudo (the images' default users all have it), or sudo wants
// a tty ("Defaults requiretty"), or is missing. Message is what sudo said.
type SudoError struct {
	User    string // the user sudo ran as
	Status  int    // sudo's exit status
	Message string // sudo's first line on stderr, if any
}

// Error states what failed, with the data the fields carry.
func (e *SudoError) Error() string {
	msg := e.Message
	if msg == "" {
		msg = fmt.Sprintf("exit status %d", e.Status)
	}
	return fmt.Sprintf("sshclient: sudo -n as %q failed before running the command (%s): sudo needs a password or a tty for this user", e.User, msg)
}

// ExitError is a remote command's failure: a non-zero exit status, or death
// by a signal.
type ExitError struct {
	Status int    // the exit status; 128+N for death by signal N, as shells report it
	Signal string // the signal's name without "SIG", such as "KILL", or ""
}

// Error states what failed, with the data the fields carry.
func (e *ExitError) Error() string {
	if e.Signal != "" {
		return fmt.Sprintf("sshclient: remote command killed by signal %s", e.Signal)
	}
	return fmt.Sprintf("sshclient: remote command exited with status %d", e.Status)
}

// UnknownOSError means an OS name is not in the user table.
type UnknownOSError struct {
	OS    string   // the name asked for
	Known []string // the table's OS names
}

// Error states what failed, with the data the fields carry.
func (e *UnknownOSError) Error() string {
	return fmt.Sprintf("sshclient: unknown OS %q; known: %s", e.OS, strings.Join(e.Known, ", "))
}

func portOf(addr string) string {
	if i := strings.LastIndexByte(addr, ':'); i >= 0 {
		return addr[i+1:]
	}
	return "22"
}

func keyType(k ssh.PublicKey) string {
	if k == nil {
		return "unknown"
	}
	t := strings.TrimPrefix(k.Type(), "ssh-")
	if strings.HasPrefix(t, "ecdsa-") {
		t = "ecdsa"
	}
	return strings.ToUpper(t)
}

func describeFiles(files []string) string {
	if len(files) == 0 {
		return "no known_hosts file"
	}
	return strings.Join(files, ", ")
}
