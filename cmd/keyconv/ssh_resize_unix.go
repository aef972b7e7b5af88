//go:build unix

package main

import (
	"os"
	"os/signal"
	"syscall"

	"github.com/cloudkeypair/keypair/sshclient"
	"golang.org/x/term"
)

// watchTerminalSize sends the terminal's new size on each SIGWINCH.
func watchTerminalSize(fd int) (<-chan sshclient.WindowSize, func()) {
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGWINCH)
	sizes := make(chan sshclient.WindowSize, 1)
	done := make(chan struct{})
	go func() {
		for {
			select {
			case <-done:
				return
			case <-sigs:
			}
			w, h, err := term.GetSize(fd)
			if err != nil {
				continue
			}
			select {
			case sizes <- sshclient.WindowSize{Width: w, Height: h}:
			case <-done:
				return
			}
		}
	}()
	return sizes, func() {
		signal.Stop(sigs)
		close(done)
	}
}
