// Command testfleet runs the real-sshd fleet harness (internal/sshtest)
// for the fleet benchmark: N servers on 127.0.0.2 onwards, one port, with
// the images' users. It writes to DIR: cloud.yaml (servers s1..sN),
// cafe24.pem (the client key), known_hosts (every server's keys), hosts
// (one address a line) and env (shell-sourceable: FLEET_PORT, FLEET_N,
// FLEET_KEY, FLEET_DIR, and FLEET_SSHD_CONFIG, the sshds' config, which
// their command lines name), then waits; it stops the servers when its
// standard input closes or it is signalled.
package main

import (
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"

	"github.com/cloudkeypair/keypair/internal/sshtest"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: testfleet N DIR")
		os.Exit(2)
	}
	n, err := strconv.Atoi(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, "testfleet: N must be a number")
		os.Exit(2)
	}
	if err := run(n, os.Args[2]); err != nil {
		fmt.Fprintf(os.Stderr, "testfleet: %v\n", err)
		os.Exit(1)
	}
}

func run(n int, dir string) error {
	if err := sshtest.EnsureUsers(); err != nil {
		return err
	}
	f, err := sshtest.StartFleet("", n)
	if err != nil {
		return err
	}
	defer f.Close()
	key, err := os.ReadFile(f.ClientKeyFile)
	if err != nil {
		return err
	}
	files := map[string][]byte{
		"cloud.yaml":  f.CloudFile(nil),
		"cafe24.pem":  key,
		"known_hosts": f.KnownHosts(),
		"hosts":       []byte(strings.Join(f.Addrs, "\n") + "\n"),
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o600); err != nil {
			return err
		}
	}
	env := fmt.Sprintf("FLEET_PORT=%d\nFLEET_N=%d\nFLEET_KEY=%s\nFLEET_DIR=%s\nFLEET_SSHD_CONFIG=%s\n",
		f.Port, n, filepath.Join(dir, "cafe24.pem"), dir, filepath.Join(f.Dir, "sshd_config"))
	// env is written last: the script waits for it.
	if err := os.WriteFile(filepath.Join(dir, "env"), []byte(env), 0o600); err != nil {
		return err
	}
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt, syscall.SIGTERM)
	go func() {
		io.Copy(io.Discard, os.Stdin)
		stop <- os.Interrupt
	}()
	<-stop
	return nil
}
