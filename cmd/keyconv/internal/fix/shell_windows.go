//go:build windows

package fix

// Native is the shell the fixes are written for on this OS.
const Native = Cmd
