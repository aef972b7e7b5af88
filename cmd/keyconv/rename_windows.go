//go:build windows

package main

import "path/filepath"

// renameCommand is the cmd.exe command that renames from to to; ren takes
// the new name without a folder.
func renameCommand(from, to string) string {
	return `ren "` + from + `" "` + filepath.Base(to) + `"`
}
