package sshclient

import (
	"errors"
	"fmt"

	"github.com/cloudkeypair/keypair/internal/keyfile"
	"github.com/cloudkeypair/keypair/keyconv"
	"golang.org/x/crypto/ssh"
)

// signer returns the key to log in with, from whichever of Signer, Key and
// KeyFile is set. Keys are parsed by keyconv, so every format it reads
// works here.
func (c *Config) signer() (ssh.Signer, error) {
	set := 0
	for _, ok := range []bool{c.Signer != nil, c.Key != nil, c.KeyFile != ""} {
		if ok {
			set++
		}
	}
	switch {
	case set == 0:
		return nil, errors.New("sshclient: no private key given")
	case set > 1:
		return nil, errors.New("sshclient: give only one of Key, KeyFile and Signer")
	case c.Signer != nil:
		return c.Signer, nil
	case c.Key != nil && c.Agent != nil:
		return agentOrKey(c.Key, "", c.Passphrase, c.Agent)
	case c.Key != nil:
		return parseSigner(c.Key, "", c.Passphrase)
	}
	return LoadKeyFileWithAgent(c.KeyFile, c.Passphrase, c.Agent)
}

// LoadKeyFile reads and decodes a private key file as Dial does with
// Config.KeyFile (the same permission check, every format keyconv reads),
// for callers that log in to many servers with one key: set the Signer it
// returns as Config.Signer, and the file is read, and its passphrase asked
// for, once.
func LoadKeyFile(path string, passphrase keyconv.PassphraseFunc) (ssh.Signer, error) {
	data, err := readKeyFile(path)
	if err != nil {
		return nil, err
	}
	return parseSigner(data, path, passphrase)
}

// readKeyFile reads a private key file after checking who may read it, and
// never more than keyconv would parse.
func readKeyFile(path string) ([]byte, error) {
	data, err := keyfile.ReadFile(path)
	switch {
	case errors.Is(err, keyfile.ErrDirectory):
		return nil, fmt.Errorf("sshclient: private key %s is a directory", path)
	case err != nil:
		return nil, fmt.Errorf("sshclient: reading private key: %w", err)
	}
	if err := checkKeyFile(path); err != nil {
		return nil, err
	}
	return data, nil
}

func parseSigner(data []byte, path string, passphrase keyconv.PassphraseFunc) (ssh.Signer, error) {
	key, err := keyconv.Parse(data, passphrase)
	label := keyLabel(path)
	if err != nil {
		return nil, fmt.Errorf("sshclient: %s: %w", label, err)
	}
	s, err := key.Signer()
	if err != nil {
		return nil, fmt.Errorf("sshclient: %s: %w", label, err)
	}
	return s, nil
}

// keyLabel is how errors name a private key: by its file when it has one.
func keyLabel(path string) string {
	if path == "" {
		return "private key"
	}
	return "private key " + path
}

// checkKeyFile refuses a private key file that OpenSSH would refuse for
// who may read it: on Unix group or others having access, on Windows the
// owner and access list Windows OpenSSH's rule rejects (internal/keyfile
// holds the rule for both).
func checkKeyFile(path string) error {
	err := keyfile.Check(path)
	var notPrivate *keyfile.NotPrivateError
	if errors.As(err, &notPrivate) {
		return &KeyPermissionsError{Path: path, Mode: notPrivate.Mode, Err: err}
	}
	if err != nil {
		return fmt.Errorf("sshclient: reading private key: %w", err)
	}
	return nil
}
