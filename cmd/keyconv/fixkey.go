package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/cloudkeypair/keypair/cmd/keyconv/internal/fix"
	"github.com/cloudkeypair/keypair/internal/keyfile"
	"github.com/cloudkeypair/keypair/keyconv"
)

var cmdFixKey = &command{
	Name:      "fix-key",
	UsageLine: "fix-key KEYFILE...",
	Short:     "make key files private and undo what Windows editors did to them",
	Long: `
Fix-key makes each key file private, so that ssh (Windows OpenSSH included)
accepts it: on Unix chmod 600; on Windows an access list with one entry,
full control for you, with the folder's entries no longer inherited (what
icacls /inheritance:r /grant:r does, set by SID so that it works on every
language of Windows).

It also repairs what Notepad and PowerShell do to key files: UTF-16 text
(PowerShell 5's > writes it), a UTF-8 byte-order mark, CRLF line endings and
a missing final newline. A repaired file keeps its original, byte for byte,
in KEYFILE.bak, private too; fix-key never writes over an existing .bak.
A file that is not a private key is left alone.

Each file is fixed on its own: one that fails never stops the others. The
exit status is 1 if any failed.`,
	DefaultInterrupt: true,
	Interspersed:     true,
	Setup:            noFlags(runFixKey),
}

func runFixKey(ctx context.Context, sio *stdio, args []string) error {
	if err := checkFileArgs("fix-key", args, ""); err != nil {
		return err
	}
	if slices.Contains(args, "-") {
		return usageErrorf("fix-key repairs files in place; it cannot read standard input")
	}
	return eachFile(sio, args, func(path string) error {
		msg, err := fixKey(path)
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(sio.Out, "%s: %s\n", escape(path), msg)
		return err
	})
}

// fixKey fixes one key file and says what it did, or why it did nothing.
// It checks everything it can before it writes: the file is a private key
// once repaired, it is the user's, and its backup's name is free.
func fixKey(path string) (done string, err error) {
	info, err := checkRewritable(path, "fix-key")
	if err != nil {
		return "", err
	}
	data, err := readKeyFile(path, nil)
	if err != nil {
		return "", err
	}
	text, repairs, err := keyconv.RepairText(data)
	if err != nil {
		return "", fmt.Errorf("%s: %w; left it unchanged", path, err)
	}
	if _, err := keyconv.Parse(text, nil); errors.Is(err, keyconv.ErrMalformed) {
		return "", fmt.Errorf("%s: %w; left it unchanged", path, err)
	}
	var notPrivate *keyfile.NotPrivateError
	if err := keyfile.Check(path); err != nil && !errors.As(err, &notPrivate) {
		return "", err
	}

	var did []string
	if notPrivate != nil {
		did = append(did, "made it private ("+whyNotPrivate(notPrivate)+")")
	}
	for _, r := range repairs {
		did = append(did, r.String())
	}
	if len(did) == 0 {
		return "already private and intact, nothing to do", nil
	}
	if len(repairs) == 0 {
		if err := keyfile.MakePrivate(path); err != nil {
			return "", explainPrivateError(path, err)
		}
		return strings.Join(did, "; "), nil
	}

	// The repaired text replaces the file, private from its creation;
	// the original goes first to a backup, private too.
	if err := keyfile.CheckOwner(path); err != nil {
		return "", explainPrivateError(path, err)
	}
	if err := checkOneLink(path, info); err != nil {
		return "", err
	}
	backup := path + ".bak"
	if _, err := os.Lstat(backup); err == nil {
		return "", withHints(fmt.Errorf("%s: its backup %s already exists", path, backup), fix.MoveBackup(fileArg(backup)))
	}
	if err := (outputFile{Path: backup, Perm: 0o600}).write(nil, data); err != nil {
		return "", err
	}
	if err := (outputFile{Path: path, Force: true, Perm: 0o600}).write(nil, text); err != nil {
		return "", err
	}
	return strings.Join(did, "; ") + "; the original is in " + backup, nil
}

// whyNotPrivate says in a few words what keyfile.Check objected to.
func whyNotPrivate(e *keyfile.NotPrivateError) string {
	switch {
	case e.Owner != nil:
		return "it was owned by " + e.Owner.String()
	case e.Other != nil:
		return e.Other.String() + " could open it"
	case e.NoDACL:
		return "it had no access list"
	}
	return fmt.Sprintf("it had mode %04o", e.Mode.Perm())
}

// explainPrivateError words a failure to make a key private, with what
// the user can do instead.
func explainPrivateError(path string, err error) error {
	var notOwner *keyfile.NotOwnerError
	if errors.As(err, &notOwner) {
		return withHints(err, fix.NotKeyOwner(notOwner.Owner.String()))
	}
	return withHints(err, fix.CopyKey)
}
