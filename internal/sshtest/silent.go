package sshtest

import (
	"net"
)

// SilentListener accepts TCP connections on 127.0.0.1 and never says a
// word: a port whose service hangs, or a middlebox that swallows the SSH
// handshake. Clients connect at once and then wait for the server's
// version line forever.
type SilentListener struct {
	Port int
	ln   net.Listener
	done chan struct{}
}

// ListenSilent starts a SilentListener. Close stops it and drops the
// connections it holds.
func ListenSilent() (*SilentListener, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	l := &SilentListener{Port: ln.Addr().(*net.TCPAddr).Port, ln: ln, done: make(chan struct{})}
	go func() {
		defer close(l.done)
		var conns []net.Conn
		for {
			c, err := ln.Accept()
			if err != nil {
				for _, c := range conns {
					c.Close()
				}
				return
			}
			conns = append(conns, c)
		}
	}()
	return l, nil
}

// Close stops listening and closes the accepted connections.
func (l *SilentListener) Close() error {
	err := l.ln.Close()
	<-l.done
	return err
}
