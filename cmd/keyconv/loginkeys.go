package main

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/cloudkeypair/keypair/firewall"
	"github.com/cloudkeypair/keypair/keyconv"
	"github.com/cloudkeypair/keypair/sshclient"
	"github.com/cloudkeypair/keypair/sshclient/fleet"
	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/agent"
)

// newLogin proves a key: a new connection to t as user with signer alone
// runs true, and with root, sudo -n true too.
func newLogin(ctx context.Context, r *fleet.Runner, t *fleet.Target, user string, signer ssh.Signer, root bool) error {
	proof := fleet.ProveCommand
	if root {
		proof = fleet.ProveSudo
	}
	if err := r.ProveLogin(ctx, t, user, signer, proof); err != nil {
		return &proofError{user: user, err: err}
	}
	return nil
}

// proofError is a new login, or its sudo, that failed. It does not
// unwrap: the hints for the command's own login (the image's user, its
// keypair) are not the fix for the user being proved.
type proofError struct {
	user string
	err  error
}

func (e *proofError) Error() string { return "a new login as " + e.user + ": " + e.err.Error() }

// loginKey is a key a command checks or adds on servers, and logs in
// with to prove it (fix-server, adduser).
type loginKey struct {
	name   string // the file or keypair, for messages
	path   string // the file
	pub    *keyconv.PublicKey
	signer ssh.Signer // nil for a public key file
}

// loginKeys loads those keys, each file once.
type loginKeys struct {
	pass  func(file string) keyconv.PassphraseFunc
	agent agent.Agent // asked first for a private key, as the runner asks it; may be nil
	all   *loginKey   // --key's, for every server

	mu    sync.Mutex
	files map[string]*loginKey
	errs  map[string]error
}

// serverKeys loads the key a command checks or adds on each server:
// keyArg's (a key file or a keypair name) for every server when given,
// else each server's own; each file once, before any connection, so that
// passphrases are asked in turn. keys.pass remembers them, for the runner.
func (f *fleetFlags) serverKeys(cfg *firewall.Config, keyArg string, targets []fleet.Target) (*loginKeys, error) {
	keys := &loginKeys{pass: memoPassphrase(f.passphrase), agent: f.agentOrNil()}
	if keyArg != "" {
		path, name, err := f.cloud.keyArg(cfg, keyArg)
		if err != nil {
			return nil, err
		}
		if keys.all, err = keys.load(path, name); err != nil {
			return nil, err
		}
	}
	for i := range targets {
		keys.forTarget(&targets[i]) // a failure is the server's, reported with its result
	}
	return keys, nil
}

// forTarget is --key's key, or the one t logs in with.
func (k *loginKeys) forTarget(t *fleet.Target) (*loginKey, error) {
	if k.all != nil {
		return k.all, nil
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	if key, ok := k.files[t.KeyFile]; ok {
		return key, k.errs[t.KeyFile]
	}
	if k.files == nil {
		k.files, k.errs = map[string]*loginKey{}, map[string]error{}
	}
	key, err := k.load(t.KeyFile, filepath.Base(t.KeyFile))
	k.files[t.KeyFile], k.errs[t.KeyFile] = key, err
	return key, err
}

// load reads a key file: a public key file gives the key only, a private
// one the key to log in with as well. The key keeps the comment its file
// shows without the passphrase, as authorize's PUBKEY does, else is given
// name (nameLine), for the line written into authorized_keys.
func (k *loginKeys) load(path, name string) (*loginKey, error) {
	key := &loginKey{name: displayName(path), path: path}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if _, err := keyconv.Parse(data, nil); errors.Is(err, keyconv.ErrPublicKeyOnly) {
		if key.pub, _, err = parsePublicKeyFile(path, data); err != nil {
			return nil, err
		}
	} else {
		if key.signer, err = sshclient.LoadKeyFileWithAgent(path, k.pass(path), k.agent); err != nil {
			return nil, err
		}
		if key.pub, err = keyconv.ParsePublicKeyBlob(key.signer.PublicKey().Marshal()); err != nil {
			return nil, err
		}
		key.pub.Comment = clearComment(data)
	}
	nameLine(key.pub, strings.TrimSuffix(name, filepath.Ext(name)))
	return key, nil
}

// clearComment is a private key file's own comment ("alice@laptop"), as
// authorize's line would carry it, when it can be read without the
// passphrase (an unencrypted key, a PPK file); "" otherwise.
func clearComment(data []byte) string {
	key, err := keyconv.Parse(data, nil)
	var missing *keyconv.PassphraseMissingError
	switch {
	case err == nil:
		return key.Comment
	case errors.As(err, &missing) && missing.PublicKey != nil:
		return missing.PublicKey.Comment
	}
	return ""
}

// memoPassphrase asks pass for each key file's passphrase once, so that a
// key loaded twice (by the runner to log in, by the command to log in
// again as another user) is asked for once.
func memoPassphrase(pass func(file string) keyconv.PassphraseFunc) func(file string) keyconv.PassphraseFunc {
	var mu sync.Mutex
	known := map[string][]byte{}
	return func(file string) keyconv.PassphraseFunc {
		return func() ([]byte, error) {
			mu.Lock()
			defer mu.Unlock()
			if p, ok := known[file]; ok {
				return p, nil
			}
			p, err := pass(file)()
			if err == nil {
				known[file] = p
			}
			return p, err
		}
	}
}
