//go:build windows

package main

// controllingTerminal is the console's input, even when standard input is
// redirected. A console's input and output are separate devices, and
// writing to CONIN$ fails, so the prompt goes to CONOUT$: written to
// CONIN$ it would never appear and keyconv would seem to hang.
const (
	controllingTerminal       = "CONIN$"
	controllingTerminalOutput = "CONOUT$"
)
