package main

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/cloudkeypair/keypair/keyconv"
	"github.com/cloudkeypair/keypair/sshclient"
	"github.com/cloudkeypair/keypair/sshclient/fleet"
	"golang.org/x/crypto/ssh"
)

// newLogin proves a key: a new connection to t as user with signer alone,
// with r's host key and timeout settings, running true, and with root,
// sudo -n true too.
func newLogin(ctx context.Context, r *fleet.Runner, t *fleet.Target, user string, signer ssh.Signer, root bool) error {
	c, err := r.Dial(ctx, t, user, signer)
	if err != nil {
		return &proofError{user: user, err: err}
	}
	defer c.Close()
	if err := c.Run(ctx, &sshclient.Command{Line: "true"}); err != nil {
		return &proofError{user: user, err: err}
	}
	if root {
		if err := c.Run(ctx, &sshclient.Command{Line: "true", Root: true}); err != nil {
			return &proofError{user: user, err: err}
		}
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
	pub    *keyconv.PublicKey
	signer ssh.Signer // nil for a public key file
}

// loginKeys loads those keys, each file once.
type loginKeys struct {
	pass func(file string) keyconv.PassphraseFunc
	all  *loginKey // --key's, for every server

	mu    sync.Mutex
	files map[string]*loginKey
	errs  map[string]error
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
// one the key to log in with as well. A key without a comment is given
// name, for the line written into authorized_keys.
func (k *loginKeys) load(path, name string) (*loginKey, error) {
	key := &loginKey{name: displayName(path)}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if _, err := keyconv.Parse(data, nil); errors.Is(err, keyconv.ErrPublicKeyOnly) {
		if key.pub, _, err = parsePublicKeyFile(path, data); err != nil {
			return nil, err
		}
	} else {
		if key.signer, err = sshclient.LoadKeyFile(path, k.pass(path)); err != nil {
			return nil, err
		}
		if key.pub, err = keyconv.ParsePublicKeyBlob(key.signer.PublicKey().Marshal()); err != nil {
			return nil, err
		}
	}
	if strings.TrimSpace(key.pub.Comment) == "" {
		key.pub.Comment = strings.TrimSuffix(name, filepath.Ext(name))
	}
	return key, nil
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
