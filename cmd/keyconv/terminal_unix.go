//go:build !windows

package main

// controllingTerminal is the device that is the process's terminal even
// when standard input is redirected; the prompt is written to it too.
const (
	controllingTerminal       = "/dev/tty"
	controllingTerminalOutput = controllingTerminal
)
