package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/cloudkeypair/keypair/cmd/keyconv/internal/clients"
	"github.com/cloudkeypair/keypair/cmd/keyconv/internal/fix"
	"github.com/cloudkeypair/keypair/keyconv"
)

// keyPair splits a server's key file into its OpenSSH-readable key and
// its .ppk: a .ppk key has no OpenSSH key (""); any other key has the
// KEYPAIR.ppk beside it, which may not exist yet.
func keyPair(keyFile string) (pem, ppk string) {
	if strings.EqualFold(filepath.Ext(keyFile), ".ppk") {
		return "", keyFile
	}
	return keyFile, strings.TrimSuffix(keyFile, filepath.Ext(keyFile)) + ".ppk"
}

// ppkFor returns the .ppk for a server: the one there is, or with
// --convert the one written from pem, as pem2ppk writes it, in the newest
// PPK version target (--for, nil when not given) reads. With a target, an
// existing .ppk must be a version it reads, as its header says (no
// passphrase asked); one it cannot read is written again from pem only
// with --convert --force, since it is a private key file.
func (f *exportFlags) ppkFor(sio *stdio, server, pem, ppk string, target *clients.Target) (string, error) {
	_, err := os.Stat(ppk)
	exists := err == nil
	switch {
	case exists:
		if target == nil {
			return ppk, nil
		}
		version, err := ppkVersionOf(ppk)
		if err != nil {
			return "", fmt.Errorf("server %q: %w", server, err)
		}
		if target.Reads(version) {
			return ppk, nil
		}
		if !f.convert || !f.force || pem == "" {
			return "", withHints(fmt.Errorf("server %q: %s is PPK version %d, and %s reads version %d only (version 3 from %s %s on)",
				server, ppk, version, target, target.PPKVersion(), target.Client.Display, target.Client.V3From),
				fix.ExportPPKTooNew(f.forClient, ppk, pem != ""))
		}
	case !errors.Is(err, fs.ErrNotExist):
		return "", fmt.Errorf("server %q: %w", server, err)
	case !f.convert:
		return "", withHints(fmt.Errorf("server %q: no %s beside its key %s", server, filepath.Base(ppk), pem), fix.ExportConvert)
	}
	version := 0
	if target != nil {
		version = target.PPKVersion()
	}
	conv := &conversion{loader: f.loader}
	out := conv.outputFor(pem, ".ppk")
	out.Path, out.Force = ppk, exists
	err = conv.run(sio, pem, out, func(key *keyconv.Key, passphrase []byte) ([]byte, error) {
		return keyconv.MarshalPPK(key, keyconv.PPKOptions{Version: version, Passphrase: passphrase})
	})
	if err != nil {
		return "", fmt.Errorf("server %q: %w", server, err)
	}
	return ppk, nil
}

// ppkVersionOf is the PPK version of the file at path, from its header.
func ppkVersionOf(path string) (int, error) {
	data, err := readKeyFile(path, nil)
	if err != nil {
		return 0, err
	}
	header, err := keyconv.ReadPPKHeader(data)
	if err != nil {
		return 0, explainKeyError(path, err, "")
	}
	return header.Version, nil
}
