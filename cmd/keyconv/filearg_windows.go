//go:build windows

package main

import "strings"

// fileArg is path as a hint spells it in a command to type: in double
// quotes when cmd.exe or PowerShell would split or expand it.
func fileArg(path string) string {
	if strings.ContainsAny(path, " \t&()[]{}^=;!'+,`~$@#%") {
		return `"` + path + `"`
	}
	return path
}
