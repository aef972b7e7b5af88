//go:build !unix

package main

import (
	"time"

	"github.com/cloudkeypair/keypair/sshclient"
	"golang.org/x/term"
)

// watchTerminalSize polls the console's size: Windows has no SIGWINCH.
func watchTerminalSize(fd int) (<-chan sshclient.WindowSize, func()) {
	sizes := make(chan sshclient.WindowSize, 1)
	done := make(chan struct{})
	go func() {
		ticker := time.NewTicker(250 * time.Millisecond)
		defer ticker.Stop()
		lastW, lastH, _ := term.GetSize(fd)
		for {
			select {
			case <-done:
				return
			case <-ticker.C:
			}
			w, h, err := term.GetSize(fd)
			if err != nil || (w == lastW && h == lastH) {
				continue
			}
			lastW, lastH = w, h
			select {
			case sizes <- sshclient.WindowSize{Width: w, Height: h}:
			case <-done:
				return
			}
		}
	}()
	return sizes, func() { close(done) }
}
