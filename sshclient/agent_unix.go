//go:build !windows

package sshclient

import (
	"fmt"
	"net"
)

// dialAgent connects to the agent's Unix socket, named by SSH_AUTH_SOCK.
func dialAgent(sock string) (net.Conn, error) {
	if sock == "" {
		return nil, ErrNoAgent
	}
	conn, err := net.Dial("unix", sock)
	if err != nil {
		return nil, fmt.Errorf("sshclient: connecting to the SSH agent at SSH_AUTH_SOCK: %w", err)
	}
	return conn, nil
}
