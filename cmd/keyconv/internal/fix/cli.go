package fix

import "fmt"

// The fixes for the command line itself.

// Help is the fix for an unknown command.
const Help = "run 'keyconv help' for the list of commands"

// Usage is the fix for a mistake in a command's arguments.
func Usage(usageLine, command string) string {
	return fmt.Sprintf("usage: keyconv %s (see 'keyconv help %s')", usageLine, command)
}

// OutputExists is the fix for an output file that exists already.
const OutputExists = "use --force to replace it, or -o to choose another name"

// DownloadExists is the fix for cp downloading over a local file.
const DownloadExists = "use --force to replace it, or download into another folder"

// OutputIsInput is the fix for an output that would replace the input.
const OutputIsInput = "choose another output file with -o"

// KeygenOutputExists is the fix for keygen -o naming a file that exists:
// keygen never replaces a key, which might be the only copy of one in use.
const KeygenOutputExists = "keygen never replaces a key: choose another name with -o"
