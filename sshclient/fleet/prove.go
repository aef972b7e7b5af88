package fleet

import (
	"context"

	"github.com/cloudkeypair/keypair/sshclient"
	"golang.org/x/crypto/ssh"
)

// Proof says what a fresh login must do to count as working, for
// [Runner.ProveLogin].
type Proof int

// The proofs, each including the ones before it.
const (
	// ProveLogin: the login is accepted. For a key whose line forces a
	// command, which decides what the session does.
	ProveLogin Proof = iota
	// ProveCommand: it also runs a command (true), so that an account
	// that authenticates but can run nothing (a shell of nologin) does
	// not count.
	ProveCommand
	// ProveSudo: it also runs sudo -n true.
	ProveSudo
)

// ProveLogin logs in to t afresh as user with signer alone, with the
// Runner's host key and timeout settings, and does what proof asks: the
// proof that a key just added, or a server just repaired, lets the user
// in, from a connection of its own. A command that fails is a
// [*sshclient.ScriptError]; sudo refusing, a [*sshclient.SudoError].
func (r *Runner) ProveLogin(ctx context.Context, t *Target, user string, signer ssh.Signer, proof Proof) error {
	c, err := r.Dial(ctx, t, user, signer)
	if err != nil {
		return err
	}
	defer c.Close()
	if proof >= ProveCommand {
		if _, err := c.RunScript(ctx, &sshclient.Script{Doing: "fleet: running true as " + user, Body: "true"}); err != nil {
			return err
		}
	}
	if proof >= ProveSudo {
		if _, err := c.RunScript(ctx, &sshclient.Script{Doing: "fleet: running sudo -n true as " + user, Body: "true", Root: true}); err != nil {
			return err
		}
	}
	return nil
}
