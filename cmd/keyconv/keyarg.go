package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/cloudkeypair/keypair/firewall"
	"github.com/cloudkeypair/keypair/keyconv"
	"github.com/cloudkeypair/keypair/sshclient/fleet"
)

// keyArg finds the key file a key argument of authorize or rotate names:
// the file itself when there is one, else the file of the keypair of that
// name, looked for as the servers' keys are (--keys, the cloud file's
// keys:, its folder, the current one). name is the keypair's name, or the
// file's without its extension.
func (f *cloudFlags) keyArg(cfg *firewall.Config, arg string) (path, name string, err error) {
	if info, err := os.Stat(arg); err == nil && !info.IsDir() {
		return arg, strings.TrimSuffix(filepath.Base(arg), filepath.Ext(arg)), nil
	}
	if keyconv.ValidateKeypairName(arg) != nil {
		return "", "", fmt.Errorf("%s: no such key file, and not a keypair name", arg)
	}
	path, err = fleet.KeypairFile(cfg, arg, fleet.KeyOptions{Dir: f.keys})
	if err != nil {
		return "", "", err
	}
	return path, arg, nil
}

// publicKeyArg reads a key argument's public key: from a public key file,
// or from a private key file in any format keyconv reads. A key without a
// comment (a PEM file has none) is given the keypair's or the file's
// name (nameLine), so that its authorized_keys line says whose it is.
func (f *cloudFlags) publicKeyArg(cfg *firewall.Config, arg string, loader *keyLoader) (*keyconv.PublicKey, error) {
	path, name, err := f.keyArg(cfg, arg)
	if err != nil {
		return nil, err
	}
	pub, err := loadPublicKey(loader, path, false)
	if err != nil {
		return nil, err
	}
	nameLine(pub, name)
	return pub, nil
}

// nameLine gives pub the comment of its authorized_keys line: its own, or
// name when it has none, or only the "imported-openssh-key" that keyconv,
// as puttygen, gives a key from a file that carries no comment (PEM), which
// says nothing of whose key it is.
func nameLine(pub *keyconv.PublicKey, name string) {
	if c := strings.TrimSpace(pub.Comment); c == "" || c == keyconv.DefaultComment {
		pub.Comment = name
	}
}
