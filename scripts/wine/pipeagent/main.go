//go:build windows

// Command pipeagent stands in for Windows OpenSSH's agent service under
// Wine, for scripts/wine-smoke.sh: "pipeagent serve" serves an in-memory
// agent on the service's pipe, \\.\pipe\openssh-ssh-agent, until killed;
// "pipeagent list" prints the SHA256 fingerprint of each key it holds.
package main

import (
	"fmt"
	"os"
	"time"

	"github.com/Microsoft/go-winio"
	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/agent"
)

const pipe = `\\.\pipe\openssh-ssh-agent`

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "pipeagent:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	if len(args) != 1 {
		return fmt.Errorf("usage: pipeagent serve|list")
	}
	switch args[0] {
	case "serve":
		l, err := winio.ListenPipe(pipe, nil)
		if err != nil {
			return err
		}
		keyring := agent.NewKeyring()
		for {
			conn, err := l.Accept()
			if err != nil {
				return err
			}
			go func() {
				defer conn.Close()
				agent.ServeAgent(keyring, conn)
			}()
		}
	case "list":
		timeout := 10 * time.Second
		conn, err := winio.DialPipe(pipe, &timeout)
		if err != nil {
			return err
		}
		defer conn.Close()
		keys, err := agent.NewClient(conn).List()
		if err != nil {
			return err
		}
		for _, k := range keys {
			fmt.Println(ssh.FingerprintSHA256(k))
		}
		return nil
	}
	return fmt.Errorf("usage: pipeagent serve|list")
}
