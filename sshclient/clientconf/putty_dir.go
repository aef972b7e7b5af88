package clientconf

import "path/filepath"

// PuTTYSettingsDir returns the directory PuTTY on Unix reads its settings
// from, as unix/storage.c's make_filename finds it: $PUTTYDIR when set;
// else $XDG_CONFIG_HOME/putty (or home/.config/putty when XDG_CONFIG_HOME
// is empty) if it exists; else home/.putty. Saved sessions are in its
// "sessions" folder, unless $PUTTYSESSIONS names another.
//
// getenv and exists are the caller's (os.Getenv, and a check that a path
// exists), so that the package never reads the system itself.
func PuTTYSettingsDir(getenv func(string) string, home string, exists func(string) bool) string {
	if dir := getenv("PUTTYDIR"); dir != "" {
		return dir
	}
	xdg := filepath.Join(home, ".config", "putty")
	if base := getenv("XDG_CONFIG_HOME"); base != "" {
		xdg = filepath.Join(base, "putty")
	}
	if exists(xdg) {
		return xdg
	}
	return filepath.Join(home, ".putty")
}
