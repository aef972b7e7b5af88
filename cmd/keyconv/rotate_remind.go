package main

import (
	"bytes"
	"errors"

	"github.com/cloudkeypair/keypair/cmd/keyconv/internal/fix"
	"github.com/cloudkeypair/keypair/firewall"
	"github.com/cloudkeypair/keypair/keyconv"
	"github.com/cloudkeypair/keypair/sshclient"
	"github.com/cloudkeypair/keypair/sshclient/fleet"
)

// remind says what is left to do: run again while a server is not done;
// otherwise rotate the cloud file's other servers that use the old key;
// otherwise, and only then, retire the old keypair. A server whose key
// cannot be told without a passphrase is named too, so that the console's
// keypair is not retired on a guess.
func (f *rotateFlags) remind(sio *stdio, cfg *firewall.Config, rot *fleet.Rotation, targets []fleet.Target, old *loginKey, oldName, newName string) {
	for i := range targets {
		if rot.Recorded(&targets[i]) != fleet.Done {
			hintf(sio.Err, "%s", fix.RotateResume(f.journal))
			return
		}
	}
	var still, unknown []string
	opts := f.cloud.keyOptions(nil)
	for i := range cfg.Servers {
		s := &cfg.Servers[i]
		if rot.Recorded(&fleet.Target{Name: s.Name}) == fleet.Done {
			continue
		}
		switch usesKey(cfg, s, opts, old, oldName) {
		case keyUsed:
			still = append(still, s.Name)
		case keyUnknown:
			unknown = append(unknown, s.Name)
		}
	}
	if len(still) > 0 {
		hintf(sio.Err, "%s", fix.RotateStillUsed(oldName, still))
	}
	if len(unknown) > 0 {
		hintf(sio.Err, "%s", fix.RotateUnknown(oldName, unknown))
	}
	if len(still) == 0 && len(unknown) == 0 {
		hintf(sio.Err, "%s", fix.RotateDone(oldName, newName))
	}
}

// keyUse is whether a server of the cloud file logs in with a key.
type keyUse int

const (
	keyNotUsed keyUse = iota
	keyUsed
	keyUnknown // its key file is encrypted, with no public key in the clear
)

// usesKey tells whether s logs in with key: by its keypair's name, by its
// key file being key's, or by the public key in its key file, which is
// read without a passphrase (OpenSSH and PPK keep it in the clear, a PEM
// may have a .pub beside it). A file that only its passphrase would
// open is keyUnknown, matched by name and path alone. A server whose key
// file is not found logs in with no key of this machine's, key included.
func usesKey(cfg *firewall.Config, s *firewall.Server, opts fleet.KeyOptions, key *loginKey, keypair string) keyUse {
	if s.Keypair == keypair {
		return keyUsed
	}
	path, err := fleet.ServerKeyFile(cfg, s, opts)
	if err != nil {
		return keyNotUsed
	}
	if samePath(path, key.path) {
		return keyUsed
	}
	pub, err := sshclient.KeyFilePublicKey(path)
	var missing *keyconv.PassphraseMissingError
	switch {
	case errors.As(err, &missing):
		return keyUnknown
	case err == nil && bytes.Equal(pub.Blob, key.pub.Blob):
		return keyUsed
	}
	return keyNotUsed
}
