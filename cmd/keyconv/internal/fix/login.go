package fix

import (
	"fmt"
	"strings"
)

// The fixes for the login user: cloud images let in one user each.

// LoginUser is the fix for a login user that is not known: the server's
// OS, with the table inline, or the user itself.
func (c Context) LoginUser() string {
	var rows []string
	for _, e := range c.users().Entries() {
		rows = append(rows, e.OS+": "+e.User)
	}
	return "give the server's OS with --os OS (" + strings.Join(rows, ", ") + "), or the user with -l USER"
}

// RootLogin is the fix for logging in as root, which cloud images refuse;
// osUser is the image's user, or "" when the OS is not known.
func RootLogin(osUser string) string {
	if osUser == "" {
		return "log in as the image's user and become root with sudo -i (run 'keyconv users' for each OS's user)"
	}
	return fmt.Sprintf("log in as %s with -l %s and become root with sudo -i", osUser, osUser)
}

// UserForOS is the fix for -l naming another user than the OS's.
func UserForOS(osUser string) string { return fmt.Sprintf("use -l %s, or leave -l out", osUser) }

// PortAfterHost is the fix for a target typed as scp or a URL has it,
// [user@]HOST:PORT: the port goes in -p.
func PortAfterHost(port, target string) string {
	return fmt.Sprintf("give -p %s %s", port, target)
}
