//go:build windows

package sshclient

import (
	"errors"
	"fmt"
	"net"
	"os"
	"time"

	"github.com/Microsoft/go-winio"
)

// openSSHAgentPipe is the named pipe Windows OpenSSH's ssh-agent service
// listens on.
const openSSHAgentPipe = `\\.\pipe\openssh-ssh-agent`

// dialAgent connects to the agent's named pipe: the one SSH_AUTH_SOCK
// names, as Windows OpenSSH reads it, else the OpenSSH agent service's.
// A pipe that does not exist means the service is not running.
func dialAgent(pipe string) (net.Conn, error) {
	if pipe == "" {
		pipe = openSSHAgentPipe
	}
	timeout := 5 * time.Second
	conn, err := winio.DialPipe(pipe, &timeout)
	if errors.Is(err, os.ErrNotExist) {
		return nil, ErrNoAgent
	}
	if err != nil {
		return nil, fmt.Errorf("sshclient: connecting to the SSH agent at %s: %w", pipe, err)
	}
	return conn, nil
}
