package sshclient

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"golang.org/x/crypto/ssh"
)

// NoCommonAlgorithmError means the server offers none of the algorithms of
// one kind that this package offers (see the package doc's list): most
// often an old sshd whose only key exchange is diffie-hellman-group14-sha1,
// which OpenSSH 9.2's client refuses too. Weak says that everything the
// server offered is an algorithm left out for being weak, so the fix is on
// the server.
type NoCommonAlgorithmError struct {
	Addr          string   // host:port
	What          string   // x/crypto's name for the kind: "key exchange", "host key", "client to server cipher", ...
	ServerOffered []string // what the server offered for it
	Weak          bool
	Err           error // the *ssh.AlgorithmNegotiationError
}

// Error names the address, the kind of algorithm and what the server offered.
func (e *NoCommonAlgorithmError) Error() string {
	why := "none of which this client implements"
	if e.Weak {
		why = "which OpenSSH's client no longer accepts either, as too weak; the server's sshd needs updating"
	}
	return fmt.Sprintf("sshclient: %s offers no %s in common with this client: it offers only %s, %s",
		e.Addr, e.What, strings.Join(e.ServerOffered, ", "), why)
}

// Unwrap returns x/crypto's handshake error.
func (e *NoCommonAlgorithmError) Unwrap() error { return e.Err }

// weakAlgorithms are what OpenSSH's client no longer accepts by default:
// what this package leaves out of x/crypto's list, and the SHA-1 and DSA
// host key types.
// The DSA names are spelled out: x/crypto deprecates its constants for
// them, and they are listed here only to be refused.
var weakAlgorithms = slices.Concat(notOfferedByOpenSSH,
	[]string{ssh.KeyAlgoRSA, ssh.CertAlgoRSAv01, "ssh-dss", "ssh-dss-cert-v01@openssh.com"})

// NotSSHServerError means the port answered with something other than an
// SSH greeting, such as a web server's "HTTP/1.1 400 Bad Request": the port
// is not the server's SSH port, or another service took it.
type NotSSHServerError struct {
	Addr     string // host:port
	Greeting string // the first line it sent, cut short and with control bytes escaped
}

// Error names the address and quotes the first line it sent.
func (e *NotSSHServerError) Error() string {
	return fmt.Sprintf("sshclient: %s is not an SSH server: it sent %s", e.Addr, e.Greeting)
}

// handshakeError recognises the handshake failures that have a type of
// their own, returning nil for the others.
func handshakeError(addr string, g *greetingConn, err error) error {
	var neg *ssh.AlgorithmNegotiationError
	if errors.As(err, &neg) {
		// The key exchange list also carries markers that are not
		// algorithms (kex-strict-s-v00@openssh.com, ext-info-s).
		offered := slices.DeleteFunc(slices.Clone(neg.RequestedAlgorithms), func(a string) bool {
			return strings.HasPrefix(a, "kex-strict-") || strings.HasPrefix(a, "ext-info-")
		})
		weak := len(offered) > 0
		for _, a := range offered {
			weak = weak && slices.Contains(weakAlgorithms, a)
		}
		return &NoCommonAlgorithmError{Addr: addr, What: neg.What, ServerOffered: offered, Weak: weak, Err: err}
	}
	if line, ok := g.notSSH(); ok {
		return &NotSSHServerError{Addr: addr, Greeting: line}
	}
	return nil
}
