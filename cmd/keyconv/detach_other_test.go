//go:build !unix

package main

// detachFromTerminal does nothing where there is no controlling terminal to
// leave behind.
func detachFromTerminal() {}
