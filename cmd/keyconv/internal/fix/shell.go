package fix

import (
	"strings"

	"github.com/cloudkeypair/keypair/internal/shellquote"
)

// Shell is the command line a fix's command is written for: a POSIX shell
// on Unix, cmd.exe (whose quoting PowerShell also reads) on Windows. The
// fixes print [Native]'s form; both forms are values so that the tests
// check each on any OS.
type Shell int

const (
	// POSIX is sh, bash or zsh: single quotes, mv, chmod.
	POSIX Shell = iota
	// Cmd is Windows' cmd.exe and PowerShell: double quotes, ren, and
	// keyconv fix-key where Unix would chmod.
	Cmd
)

// Quote returns arg as the shell reads it as one word: as it is when
// nothing in it is special, quoted otherwise.
func (s Shell) Quote(arg string) string {
	if s == Cmd {
		// Windows file names cannot hold a double quote, so wrapping
		// in double quotes is enough for cmd.exe and PowerShell.
		if arg == "" || strings.ContainsAny(arg, " \t&()[]{}^=;!'+,`~$@#%|<>") {
			return `"` + arg + `"`
		}
		return arg
	}
	return shellquote.IfNeeded(arg)
}

// Rename is the command that renames from to to. cmd.exe's ren takes the
// new name without a folder.
func (s Shell) Rename(from, to string) string {
	if s == Cmd {
		// Cut at either separator, so that the form is the same
		// whichever OS computes it.
		base := to[strings.LastIndexAny(to, `\/`)+1:]
		return "ren " + s.Quote(from) + " " + s.Quote(base)
	}
	return "mv -- " + s.Quote(from) + " " + s.Quote(to)
}

// KeyMode is the command that makes a private key file private enough for
// OpenSSH: chmod 600 on Unix, and on Windows keyconv fix-key, which sets
// an owner-only access list by SID (an icacls recipe names groups in one
// language and breaks on the others). This is the one place that decides
// which of the two a user is told.
func (s Shell) KeyMode(path string) string {
	if s == Cmd {
		return "keyconv fix-key " + s.Quote(path)
	}
	return "chmod 600 " + s.Quote(path)
}

// Rename is [Native]'s [Shell.Rename].
func Rename(from, to string) string { return Native.Rename(from, to) }

// Quote is [Native]'s [Shell.Quote]: how a fix spells a file or host in a
// command to type.
func Quote(arg string) string { return Native.Quote(arg) }
