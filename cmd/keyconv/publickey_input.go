package main

import (
	"errors"
	"fmt"

	"github.com/cloudkeypair/keypair/keyconv"
)

// pub, fingerprint and info also take public key files, as puttygen and
// ssh-keygen do: an OpenSSH .pub line, an RFC 4716 block, or a PPK file
// holding only its public half. keyconv.Parse says which files those are.

// parsePublicKeyFile reads data, which keyconv.Parse found to be a public
// key file, as one.
func parsePublicKeyFile(path string, data []byte) (*keyconv.PublicKey, keyconv.Format, error) {
	pub, format, err := keyconv.ParsePublicKey(data)
	if err != nil {
		return nil, keyconv.FormatUnknown, fmt.Errorf("%s: %w", displayName(path), err)
	}
	return pub, format, nil
}

// loadKeyDescription returns what info shows of a key file: where the key
// came from and its public half, from the private key when the file holds
// one (asking for its passphrase if need be), or from the public key file.
func loadKeyDescription(loader *keyLoader, path string) (keyconv.Source, *keyconv.PublicKey, error) {
	data, err := readKeyFile(path, loader.stdin)
	if err != nil {
		return keyconv.Source{}, nil, err
	}
	if _, err := keyconv.Parse(data, nil); errors.Is(err, keyconv.ErrPublicKeyOnly) {
		pub, format, err := parsePublicKeyFile(path, data)
		return keyconv.Source{Format: format}, pub, err
	}
	key, err := loader.parse(path, data)
	if err != nil {
		return keyconv.Source{}, nil, err
	}
	pub, err := key.Public()
	if err != nil {
		return keyconv.Source{}, nil, fmt.Errorf("%s: %w", displayName(path), err)
	}
	return key.Source, pub, nil
}
