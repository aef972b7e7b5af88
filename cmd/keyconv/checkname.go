package main

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"

	"github.com/cloudkeypair/keypair/cmd/keyconv/internal/fix"
	"github.com/cloudkeypair/keypair/keyconv"
)

var cmdCheckName = &command{
	Name:      "check-name",
	UsageLine: "check-name KEYFILE KEYPAIR",
	Short:     "check that a key file is named after its keypair",
	Long: `
Check-name checks that KEYFILE is named KEYPAIR.pem or KEYPAIR.ppk, as the
cloud console's guide has it, and explains the usual ways the two drift apart:
another keypair's file, a case difference, a browser's duplicate download
("cafe24 (1).pem"), a hidden second extension ("cafe24.ppk.txt") and stray
spaces. Only the name is checked; the file need not exist.

The console names keypairs with at most 20 English letters and digits; a
name outside that rule gets a warning, since the console cannot have made
it (the key may come from elsewhere). keyconv refuses a keypair name that is
unsafe as a file name: it takes 1 to 64 ASCII letters, digits, '-' and '_',
starting with a letter or digit.`,
	Interspersed:     true,
	DefaultInterrupt: true,
	Setup:            noFlags(runCheckName),
}

func runCheckName(ctx context.Context, sio *stdio, args []string) error {
	if len(args) != 2 {
		return usageErrorf("check-name takes a key file and a keypair name")
	}
	file, keypair := args[0], args[1]
	if keyconv.ValidateKeypairName(keypair) == nil {
		warnConsoleKeypairName(sio, keypair)
	}
	err := keyconv.CheckKeyFileName(file, keypair)
	var mismatch *keyconv.NameMismatchError
	if errors.As(err, &mismatch) {
		renamed := filepath.Join(filepath.Dir(file), mismatch.Want)
		return withHints(err, fix.RenameKeyFile(file, renamed))
	}
	if err != nil {
		return usageErrorf("%v", err)
	}
	_, err = fmt.Fprintf(sio.Out, "ok: %s is named after keypair %s\n", escape(file), escape(keypair))
	return err
}

// warnConsoleKeypairName warns when keypair is a name the cloud console
// could not have given (check-name and every --keypair say it, in these
// words): a warning, not an error, since the key may come from elsewhere.
func warnConsoleKeypairName(sio *stdio, keypair string) {
	if !keyconv.IsConsoleKeypairName(keypair) {
		warningf(sio.Err, "keypair name %q is not one the cloud console gives: its keypair names are at most 20 English letters and digits (fine if this key was made elsewhere)", keypair)
	}
}
