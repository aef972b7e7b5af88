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
// name, so that its authorized_keys line says whose it is.
func (f *cloudFlags) publicKeyArg(cfg *firewall.Config, arg string, loader *keyLoader) (*keyconv.PublicKey, error) {
	path, name, err := f.keyArg(cfg, arg)
	if err != nil {
		return nil, err
	}
	pub, err := loadPublicKey(loader, path, false)
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(pub.Comment) == "" {
		pub.Comment = name
	}
	return pub, nil
}
