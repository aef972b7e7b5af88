// Command baseline is the fleet benchmark's floor: the least a Go program
// over x/crypto/ssh does to run a command on many servers at once (dial,
// run, wait), with no output handling, no known_hosts and no error
// classes. keyconv run is measured against it to show what its own work
// costs on top of what the machine allows.
//
// usage: baseline -f N -p PORT -i KEY -l USER -hosts FILE COMMAND
package main

import (
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/crypto/ssh"
)

func main() {
	parallel := flag.Int("f", 32, "at most `N` servers at once")
	port := flag.Int("p", 22, "the servers' `PORT`")
	keyFile := flag.String("i", "", "private key `FILE` (OpenSSH or PEM, unencrypted)")
	user := flag.String("l", "rocky", "login `USER`")
	hostsFile := flag.String("hosts", "", "`FILE` of addresses, one a line")
	flag.Parse()
	if flag.NArg() == 0 || *keyFile == "" || *hostsFile == "" {
		flag.Usage()
		os.Exit(2)
	}
	command := strings.Join(flag.Args(), " ")
	keyData, err := os.ReadFile(*keyFile)
	check(err)
	signer, err := ssh.ParsePrivateKey(keyData)
	check(err)
	hostsData, err := os.ReadFile(*hostsFile)
	check(err)
	hosts := strings.Fields(string(hostsData))

	config := &ssh.ClientConfig{
		User: *user,
		Auth: []ssh.AuthMethod{ssh.PublicKeys(signer)},
		// The floor checks no host keys: the benchmark's servers are the
		// harness's own, on loopback.
		HostKeyCallback: ssh.InsecureIgnoreHostKey(),
		Timeout:         15 * time.Second,
	}
	sem := make(chan struct{}, *parallel)
	var wg sync.WaitGroup
	var mu sync.Mutex
	failed := 0
	for _, h := range hosts {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			if err := runOne(config, net.JoinHostPort(h, strconv.Itoa(*port)), command); err != nil {
				mu.Lock()
				failed++
				mu.Unlock()
				fmt.Fprintf(os.Stderr, "%s: %v\n", h, err)
			}
		}()
	}
	wg.Wait()
	if failed > 0 {
		fmt.Fprintf(os.Stderr, "baseline: %d of %d failed\n", failed, len(hosts))
		os.Exit(1)
	}
}

func runOne(config *ssh.ClientConfig, addr, command string) error {
	client, err := ssh.Dial("tcp", addr, config)
	if err != nil {
		return err
	}
	defer client.Close()
	sess, err := client.NewSession()
	if err != nil {
		return err
	}
	defer sess.Close()
	sess.Stdout, sess.Stderr = io.Discard, io.Discard
	return sess.Run(command)
}

func check(err error) {
	if err != nil {
		fmt.Fprintf(os.Stderr, "baseline: %v\n", err)
		os.Exit(1)
	}
}
