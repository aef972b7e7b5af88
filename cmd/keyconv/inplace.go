package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/cloudkeypair/keypair/cmd/keyconv/internal/fix"
	"github.com/cloudkeypair/keypair/keyconv"
)

// rewriteInPlace is pem2ppk -P (and --reencrypt) without -o: the key file
// is rewritten in its own format under a new passphrase (conv.newPass; nil
// keeps the one it has). This is the one place keyconv writes over its
// input, since puttygen -P KEYFILE does, and so the most careful one: the
// new file is written beside the key (private from creation, as every key
// keyconv writes), read back and opened with the new passphrase, and only
// then renamed over the key. Any failure leaves the key as it was and no
// other file. The old file survives only as KEYFILE.bak, with
// --backup.
func rewriteInPlace(sio *stdio, conv *conversion, path string, opts keyconv.PPKOptions, backup bool) error {
	if path == "-" {
		return usageErrorf("-P without -o rewrites a key file in place, and standard input is none: give -o")
	}
	info, err := checkRewritable(path, "pem2ppk")
	if err != nil {
		return err
	}
	if err := checkOneLink(path, info); err != nil {
		return err
	}
	backupPath := path + ".bak"
	if backup {
		if _, err := os.Lstat(backupPath); err == nil {
			return withHints(fmt.Errorf("%s already exists", backupPath), fix.BackupExists)
		}
	}
	conv.loader.stdin, conv.loader.stderr = sio.In, sio.Err
	original, err := readKeyFile(path, nil)
	if err != nil {
		return err
	}
	key, err := conv.loader.parse(path, original)
	if err != nil {
		return err
	}
	if conv.commentSet {
		key.Comment = conv.comment
	}
	passphrase := key.Passphrase
	if conv.newPass != nil {
		passphrase = *conv.newPass
	}
	data, err := marshalInOwnFormat(path, key, passphrase, opts)
	if err != nil {
		return err
	}

	readBack := func(tmpName string) error {
		if err := checkReadBack(tmpName, key.Key, passphrase); err != nil {
			return fmt.Errorf("%s: the rewritten key did not read back, so the key was left as it was: %w", path, err)
		}
		if backup {
			return keepBackup(original, backupPath)
		}
		return nil
	}
	replace := func(tmpName string) error {
		if err := os.Rename(tmpName, path); err != nil {
			// The key is still at path: the backup, taken before the
			// rename so that a failed backup leaves the key as it was,
			// would be a second copy nobody asked for.
			if backup {
				os.Remove(backupPath)
			}
			return fmt.Errorf("cannot write %s: %w", path, unwrapPathError(err))
		}
		return nil
	}
	if err := writeAtomically(path, 0o600, data, readBack, replace); err != nil {
		return err
	}
	state := "unencrypted"
	if len(passphrase) > 0 {
		state = "encrypted"
	}
	fmt.Fprintf(sio.Err, "keyconv: rewrote %s (%s, %s)\n", path, key.Source.Format, state)
	return nil
}

// marshalInOwnFormat writes key in the format it was read from. A PPK file
// keeps its version unless --ppk-param or --for says otherwise: changing a
// passphrase must not make the file unreadable to the client that reads it
// today (puttygen -P would write version 3).
func marshalInOwnFormat(path string, key *loadedKey, passphrase []byte, opts keyconv.PPKOptions) ([]byte, error) {
	switch key.Source.Format {
	case keyconv.FormatPPK:
		if opts.Version == 0 && key.Source.PPK != nil {
			opts.Version = key.Source.PPK.Version
		}
		opts.Passphrase = passphrase
		return keyconv.MarshalPPK(key.Key, opts)
	case keyconv.FormatPKCS1, keyconv.FormatDSA, keyconv.FormatSEC1:
		return keyconv.MarshalPrivateKey(key.Key, keyconv.PEMOptions{Format: keyconv.PEMTraditional, Passphrase: passphrase})
	case keyconv.FormatOpenSSH:
		return keyconv.MarshalPrivateKey(key.Key, keyconv.PEMOptions{Format: keyconv.PEMOpenSSH, Passphrase: passphrase})
	}
	return nil, withHints(fmt.Errorf("%s: keyconv reads %s keys but does not write them, so it cannot change this one in place", path, key.Source.Format), fix.InPlaceFormat)
}

// checkReadBack opens the file just written with its new passphrase and
// checks it holds the same key.
func checkReadBack(path string, want *keyconv.Key, passphrase []byte) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return unwrapPathError(err)
	}
	got, err := keyconv.Parse(data, func() ([]byte, error) { return passphrase, nil })
	if err != nil {
		return err
	}
	gotPub, err := got.Public()
	if err != nil {
		return err
	}
	wantPub, err := want.Public()
	if err != nil {
		return err
	}
	if !bytes.Equal(gotPub.Blob, wantPub.Blob) {
		return errors.New("it holds another key")
	}
	return nil
}

// keepBackup writes the key file's original bytes, as read and parsed,
// to backupPath, never over an existing file. It is written as every key
// keyconv writes, private from creation (an owner-only access list on
// Windows): a hard link to the old file would keep its mode and access
// list, which need not be private.
func keepBackup(original []byte, backupPath string) error {
	if _, err := os.Lstat(backupPath); err == nil {
		return withHints(fmt.Errorf("%s already exists", backupPath), fix.BackupExists)
	}
	return outputFile{Path: backupPath, Perm: 0o600}.write(nil, original)
}

// errNoTerminalForNew is -P with neither --new-passphrase nor a terminal.
var errNoTerminalForNew = errors.New("-P needs the new passphrase: there is no terminal to ask for it on")

// newPassphrase is -P's new passphrase: the first line of file when one is
// given, else asked for twice on the terminal, as puttygen asks.
func newPassphrase(file string, warn io.Writer) ([]byte, error) {
	if file != "" {
		return readPassphraseFile(file, warn)
	}
	first, err := promptPassphrase("Enter passphrase to save key: ")
	if errors.Is(err, errNoTerminal) {
		return nil, withHints(errNoTerminalForNew, fix.NewPassphrase)
	}
	if err != nil {
		return nil, err
	}
	again, err := promptPassphrase("Re-enter passphrase to verify: ")
	if err != nil {
		return nil, err
	}
	if !bytes.Equal(first, again) {
		return nil, errors.New("the two passphrases differ: nothing was changed")
	}
	return first, nil
}
