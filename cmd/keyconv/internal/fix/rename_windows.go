//go:build windows

package fix

import "path/filepath"

// Rename is the cmd.exe command that renames from to to; ren takes
// the new name without a folder.
func Rename(from, to string) string {
	return `ren "` + from + `" "` + filepath.Base(to) + `"`
}
