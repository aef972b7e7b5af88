package sshclient

import (
	"bytes"
	"net"
	"strconv"
	"sync"
)

// greetingConn keeps the first bytes the server sends, so that a failed
// handshake can say what answered when it was not an SSH server. Only the
// first maxGreeting bytes are kept; later reads pass straight through.
type greetingConn struct {
	net.Conn
	mu   sync.Mutex
	seen []byte
}

// maxGreeting covers an SSH greeting line (255 bytes at most) and a web
// server's status line.
const maxGreeting = 256

func (c *greetingConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	c.mu.Lock()
	if room := maxGreeting - len(c.seen); room > 0 {
		c.seen = append(c.seen, p[:min(n, room)]...)
	}
	c.mu.Unlock()
	return n, err
}

// notSSH reports whether the server sent something and none of it is an
// SSH version line, returning its first line for a message: cut at 80
// bytes and quoted, so that control bytes are escaped.
func (c *greetingConn) notSSH() (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.seen) == 0 {
		return "", false
	}
	// RFC 4253 lets a server send other lines before its version; any
	// line, even one cut short, that starts like a version makes it SSH.
	lines := bytes.Split(c.seen, []byte("\n"))
	for i, line := range lines {
		cutShort := i == len(lines)-1 && len(line) > 0 && bytes.HasPrefix([]byte("SSH-"), line)
		if bytes.HasPrefix(line, []byte("SSH-")) || cutShort {
			return "", false
		}
	}
	first, _, _ := bytes.Cut(c.seen, []byte("\n"))
	first = bytes.TrimSuffix(first, []byte("\r"))
	const maxShown = 80
	suffix := ""
	if len(first) > maxShown {
		first, suffix = first[:maxShown], "..."
	}
	return strconv.Quote(string(first)) + suffix, true
}
