package main

import (
	"errors"
	"fmt"
	"strings"
)

// eachFile runs do on every file in turn, for the commands that take
// several key files in one call as puttygen users expect from a shell
// glob ("keyconv pem2ppk *.pem"). One file's failure is reported at once
// and never stops or spoils the others: each file is read, converted and
// written on its own. With several files one summary line follows, and
// the command fails (exit status 1) if any file did. With one file the
// error is returned as it is, so a single-file call reads exactly as
// before.
//
// Ctrl-C at a passphrase prompt stops the whole call: the user asked for
// it to end, not for the next file.
func eachFile(sio *stdio, files []string, do func(file string) error) error {
	if len(files) == 1 {
		return do(files[0])
	}
	var failed []string
	for _, file := range files {
		err := do(file)
		if errors.Is(err, errInterrupted) {
			return err
		}
		if err != nil {
			printError(sio.Err, err)
			failed = append(failed, displayName(file))
		}
	}
	if len(failed) == 0 {
		fmt.Fprintf(sio.Err, "keyconv: %d files, all done\n", len(files))
		return nil
	}
	fmt.Fprintf(sio.Err, "keyconv: %d files, %d done, %d failed: %s\n",
		len(files), len(files)-len(failed), len(failed), escape(strings.Join(failed, ", ")))
	return &exitError{code: exitFailure}
}

// checkFileArgs is the usage check every several-files command makes
// before it reads anything: at least one file; standard input only alone,
// since it can be read once; and no -o with several files, whose outputs
// go beside each input.
func checkFileArgs(command string, files []string, out string) error {
	switch {
	case len(files) == 0:
		return usageErrorf("%s needs a key file", command)
	case len(files) == 1:
		return nil
	case out != "":
		return usageErrorf("-o names one output, and %s was given %d key files: leave -o out to write each beside its key", command, len(files))
	}
	for _, f := range files {
		if f == "-" {
			return usageErrorf("standard input (-) can only be the one key file")
		}
	}
	return nil
}
