// Command testsshd runs the real-sshd test harness (internal/sshtest) for
// the benchmark script: it starts sshd on 127.0.0.1 with the images' users,
// writes a shell-sourceable file naming the port, client key and
// known_hosts file, and stops sshd when its standard input closes or it is
// signalled.
package main

import (
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/cloudkeypair/keypair/internal/sshtest"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: testsshd ENVFILE")
		os.Exit(2)
	}
	if err := sshtest.EnsureUsers(); err != nil {
		fmt.Fprintf(os.Stderr, "testsshd: %v\n", err)
		os.Exit(1)
	}
	s, err := sshtest.Start("")
	if err != nil {
		fmt.Fprintf(os.Stderr, "testsshd: %v\n", err)
		os.Exit(1)
	}
	defer s.Close()
	env := fmt.Sprintf("SSHD_PORT=%d\nSSHD_KEY=%s\nSSHD_KNOWN_HOSTS=%s\n", s.Port, s.ClientKeyFile, s.KnownHostsFile)
	if err := os.WriteFile(os.Args[1], []byte(env), 0o600); err != nil {
		fmt.Fprintf(os.Stderr, "testsshd: %v\n", err)
		return
	}
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt, syscall.SIGTERM)
	go func() {
		io.Copy(io.Discard, os.Stdin)
		stop <- os.Interrupt
	}()
	<-stop
}
