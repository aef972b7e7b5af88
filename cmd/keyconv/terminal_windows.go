//go:build windows

package main

// controllingTerminal is the console's input, even when standard input is
// redirected.
const controllingTerminal = "CONIN$"
