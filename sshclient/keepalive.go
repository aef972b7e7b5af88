package sshclient

import (
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/crypto/ssh"
)

// keepalive asks the server every interval whether it is alive, and closes
// the connection when count asks in a row went unanswered, as OpenSSH's
// ServerAliveInterval and ServerAliveCountMax. Without it a connection to a
// server that vanished (a stopped instance, a NAT that forgot the flow)
// hangs until TCP gives up, which can take hours.
type keepalive struct {
	done     chan struct{}
	stopOnce sync.Once
	expired  atomic.Bool
}

func startKeepalive(conn ssh.Conn, interval time.Duration, count int) *keepalive {
	k := &keepalive{done: make(chan struct{})}
	var unanswered atomic.Int32
	go func() {
		ticker := time.NewTicker(interval)
		defer ticker.Stop()
		for {
			select {
			case <-k.done:
				return
			case <-ticker.C:
			}
			if int(unanswered.Load()) >= count {
				k.expired.Store(true)
				conn.Close()
				return
			}
			unanswered.Add(1)
			go func() {
				// Any reply, even a refusal, shows the server is alive.
				if _, _, err := conn.SendRequest("keepalive@openssh.com", true, nil); err == nil {
					unanswered.Store(0)
				}
			}()
		}
	}()
	return k
}

func (k *keepalive) stop() { k.stopOnce.Do(func() { close(k.done) }) }

func (k *keepalive) timedOut() bool { return k.expired.Load() }
