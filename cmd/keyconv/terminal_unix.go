//go:build !windows

package main

// controllingTerminal is the device that is the process's terminal even
// when standard input is redirected.
const controllingTerminal = "/dev/tty"
