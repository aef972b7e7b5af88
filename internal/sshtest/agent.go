package sshtest

import (
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// Agent is a running OpenSSH ssh-agent on a socket of its own.
type Agent struct {
	// Sock is the agent's socket, for SSH_AUTH_SOCK.
	Sock string

	cmd *exec.Cmd
	dir string
}

// agentStartWait is how long StartAgent waits for the socket: a limit on
// a hung start, never the measure of a test.
const agentStartWait = 30 * time.Second

// StartAgent starts "ssh-agent -D -a SOCK" in a new temporary directory,
// with env added to its environment (such as SSH_ASKPASS for keys added
// with confirmation), and returns once the socket answers. Close stops it.
func StartAgent(env ...string) (*Agent, error) {
	path, err := exec.LookPath("ssh-agent")
	if err != nil {
		return nil, fmt.Errorf("sshtest: ssh-agent is not installed (scripts/install-tools.sh installs it): %w", err)
	}
	// A short directory: a Unix socket's path is limited to 108 bytes.
	dir, err := os.MkdirTemp("", "agent-")
	if err != nil {
		return nil, fmt.Errorf("sshtest: %w", err)
	}
	a := &Agent{Sock: filepath.Join(dir, "agent.sock"), dir: dir}
	a.cmd = exec.Command(path, "-D", "-a", a.Sock)
	a.cmd.Env = append(os.Environ(), env...)
	if err := a.cmd.Start(); err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("sshtest: starting ssh-agent: %w", err)
	}
	exited := make(chan error, 1)
	go func() { exited <- a.cmd.Wait() }()
	deadline := time.Now().Add(agentStartWait)
	for {
		conn, err := net.Dial("unix", a.Sock)
		if err == nil {
			conn.Close()
			return a, nil
		}
		select {
		case err := <-exited:
			os.RemoveAll(dir)
			return nil, fmt.Errorf("sshtest: ssh-agent exited at start: %v", err)
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			a.Close()
			return nil, errors.New("sshtest: ssh-agent did not open its socket")
		}
	}
}

// StartAgentT starts an ssh-agent for a test, skipping it (failing it
// under CI) when ssh-agent is not installed, and stops it when the test
// ends.
func StartAgentT(t testing.TB, env ...string) *Agent {
	t.Helper()
	RequireTool(t, "ssh-agent")
	a, err := StartAgent(env...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	return a
}

// Close stops the agent and removes its socket.
func (a *Agent) Close() error {
	a.cmd.Process.Kill()
	return os.RemoveAll(a.dir)
}
