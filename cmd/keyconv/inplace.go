package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
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
	key, err := conv.loader.load(path)
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
			return keepBackup(path, backupPath)
		}
		return nil
	}
	replace := func(tmpName string) error {
		if err := os.Rename(tmpName, path); err != nil {
			// The key is still at path: the backup, taken before the
			// rename (a hard link needs the old file to have its name),
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

// keepBackup keeps the file at path as backupPath, never over an existing
// file: a hard link where the file system has them, else a copy created
// private and exclusive.
func keepBackup(path, backupPath string) error {
	err := os.Link(path, backupPath)
	if err == nil {
		// The old file is about to lose its name to the new one, so its
		// mode is the backup's alone: a private key's backup is private.
		if err := os.Chmod(backupPath, 0o600); err != nil && !errors.Is(err, errors.ErrUnsupported) {
			return fmt.Errorf("cannot set the mode of %s: %w", backupPath, unwrapPathError(err))
		}
		return nil
	}
	if errors.Is(err, fs.ErrExist) {
		return withHints(fmt.Errorf("%s already exists", backupPath), fix.BackupExists)
	}
	src, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("cannot read %s: %w", path, unwrapPathError(err))
	}
	defer src.Close()
	dst, err := os.OpenFile(backupPath, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("cannot create %s: %w", backupPath, unwrapPathError(err))
	}
	if _, err := io.Copy(dst, src); err != nil {
		dst.Close()
		os.Remove(backupPath)
		return fmt.Errorf("cannot write %s: %w", backupPath, unwrapPathError(err))
	}
	if err := dst.Close(); err != nil {
		os.Remove(backupPath)
		return fmt.Errorf("cannot write %s: %w", backupPath, unwrapPathError(err))
	}
	return nil
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
