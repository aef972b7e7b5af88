package sshclient

import (
	"errors"
	"fmt"

	"github.com/cloudkeypair/keypair/internal/keyfile"
	"github.com/cloudkeypair/keypair/keyconv"
)

// KeyFilePublicKey returns the public key of the key file at path without
// asking for a passphrase: from the file where its format keeps the public
// key in the clear (OpenSSH, PPK, any unencrypted key, a public key file)
// and otherwise from the ".pub" file beside it, as ssh does. A key whose
// public half is encrypted with the rest and has no .pub (an encrypted
// PEM) is a [*keyconv.PassphraseMissingError]: only its passphrase would
// tell which key it is.
func KeyFilePublicKey(path string) (*keyconv.PublicKey, error) {
	data, err := keyfile.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("sshclient: reading key: %w", err)
	}
	key, err := keyconv.Parse(data, nil)
	var missing *keyconv.PassphraseMissingError
	switch {
	case err == nil:
		pub, err := key.Public()
		if err != nil {
			return nil, fmt.Errorf("sshclient: %s: %w", keyLabel(path), err)
		}
		return pub, nil
	case errors.Is(err, keyconv.ErrPublicKeyOnly):
		pub, _, err := keyconv.ParsePublicKey(data)
		if err != nil {
			return nil, fmt.Errorf("sshclient: %s: %w", path, err)
		}
		return pub, nil
	case errors.As(err, &missing):
		if pub := clearPublicKey(missing, path); pub != nil {
			return pub, nil
		}
	}
	return nil, fmt.Errorf("sshclient: %s: %w", keyLabel(path), err)
}

// clearPublicKey is the public key of an encrypted key file that can be
// read without its passphrase: the one its format keeps in the clear, or
// else the ".pub" beside it; nil if neither.
func clearPublicKey(missing *keyconv.PassphraseMissingError, path string) *keyconv.PublicKey {
	if missing.PublicKey != nil || path == "" {
		return missing.PublicKey
	}
	return publicKeyBeside(path)
}
