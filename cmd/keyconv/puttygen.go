package main

import (
	"flag"
	"os"
	"strings"

	"github.com/cloudkeypair/keypair/cmd/keyconv/internal/fix"
)

// puttygenStyle reports whether a call that names no command is typed as
// puttygen is ("keyconv cafe24.pem -o cafe24.ppk", "keyconv -l key.ppk"):
// its first word is a key file that exists, "-" for standard input, or a
// flag puttygen has. keyconv then runs it as pem2ppk, which takes
// puttygen's flags. Anything else stays an unknown command, so a mistyped
// command name is not read as a missing key file.
func puttygenStyle(first string) bool {
	if first == "-" {
		return true
	}
	if name, isFlag := strings.CutPrefix(first, "-"); isFlag {
		name = strings.TrimPrefix(name, "-")
		name, _, _ = strings.Cut(name, "=")
		if _, unsupported := fix.PuttygenFlag(name); unsupported {
			return true
		}
		fs := flag.NewFlagSet("", flag.ContinueOnError)
		setupPem2ppk(fs)
		return fs.Lookup(name) != nil
	}
	info, err := os.Stat(first)
	return err == nil && !info.IsDir()
}

// flagError words a flag parsing error. A puttygen flag keyconv does not
// take gets a hint naming what does the job, rather than the flag
// package's bare "flag provided but not defined".
func flagError(err error, cmd *command) error {
	if given, ok := strings.CutPrefix(err.Error(), "flag provided but not defined: "); ok {
		name := strings.TrimLeft(given, "-")
		if hint, ok := fix.PuttygenFlag(name); ok {
			// The flag package says -dump whatever was typed; puttygen's
			// long flags are written --dump.
			if len(name) > 1 {
				given = "--" + name
			}
			return withHints(usageErrorf("keyconv %s does not take puttygen's %s", cmd.Name, given), hint)
		}
	}
	return usageErrorf("%v", err)
}
