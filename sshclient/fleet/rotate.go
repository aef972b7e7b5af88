package fleet

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/cloudkeypair/keypair/keyconv"
	"github.com/cloudkeypair/keypair/sshclient"
	"github.com/cloudkeypair/keypair/sshclient/authkeys"
	"golang.org/x/crypto/ssh"
)

// Rotation says what [Runner.Rotate] replaces on each server: the old key
// by the new one, in a user's authorized_keys.
type Rotation struct {
	// User is whose authorized_keys; "" for each server's login user.
	User string

	// Old and New are the two keys' private halves: New logs in to prove
	// that it works before Old is removed, Old to prove that it no longer
	// does.
	Old, New ssh.Signer

	// NewKey is New's public key with the comment its authorized_keys line
	// gets.
	NewKey *keyconv.PublicKey

	// Journal records each server's progress; it must be set.
	Journal *Journal

	// AfterStep, if set, is called on the server's worker each time a step
	// has been recorded in the journal.
	AfterStep func(t *Target, s RotationStep)
}

// RollbackTimeout bounds putting a server's authorized_keys back after a
// failed step.
const RollbackTimeout = 30 * time.Second

// RotationError is a rotation that failed on a server at step 3 or later
// (Step says which), after which the rotation's edits of its
// authorized_keys were undone (the new key's line out, the old key's back,
// every other line as it is now), or (RollbackErr) could not be.
type RotationError struct {
	Step        RotationStep // the step that failed: NewProven, OldRemoved or Done
	Err         error
	RollbackErr error // nil when the rollback worked
}

var failedSteps = map[RotationStep]string{
	NewProven:  "step 3, a fresh login with only the new key",
	OldRemoved: "step 4, removing the old key",
	Done:       "step 5, proving the old key refused",
}

// Error says which step failed, why, and how the rollback went.
func (e *RotationError) Error() string {
	msg := fmt.Sprintf("fleet: rotation failed at %s: %v; ", failedSteps[e.Step], e.Err)
	if e.RollbackErr != nil {
		return msg + fmt.Sprintf("ROLLBACK FAILED, authorized_keys may hold both keys or only the new one: %v", e.RollbackErr)
	}
	return msg + "rolled back: this run's edits undone, other lines as they are"
}

// Unwrap returns the step's error.
func (e *RotationError) Unwrap() error { return e.Err }

// ErrOldKeyStillAccepted is a RotationError's Err when, with the old key's
// lines removed, a login with it still succeeds: another file or line
// (AuthorizedKeysFile, a certificate authority) authorizes it.
var ErrOldKeyStillAccepted = errors.New("a fresh login with the old key still succeeds: something other than its authorized_keys line lets it in")

// Recorded returns the step the journal has for t's rotation.
func (rot *Rotation) Recorded(t *Target) RotationStep {
	s, _ := rot.Journal.step(rot.key(t))
	return s
}

// Resume says where a run of [Runner.Rotate] takes up t's rotation: at
// the step the journal has (Done: t is not dialled), logging in with the
// new key (withNew) when it was proven and the login user is the rotated
// user, since the old key may be gone; users is the Runner's user table.
func (rot *Rotation) Resume(t *Target, users *sshclient.UserTable) (step RotationStep, withNew bool) {
	step = rot.Recorded(t)
	if step == NewProven || step == OldRemoved {
		login, err := t.LoginUser(users)
		withNew = err == nil && (rot.User == "" || rot.User == login)
	}
	return step, withNew
}

func (rot *Rotation) key(t *Target) journalKey {
	return journalKey{t.Name, rot.User, fingerprint(rot.Old), fingerprint(rot.New)}
}

func fingerprint(s ssh.Signer) string { return authkeys.Fingerprint(s.PublicKey().Marshal()) }

// Rotate replaces rot.Old by rot.New on every target, as [Runner.Do] works,
// in the one order that never locks the user out, per server: (1) keep the
// connection logged in; (2) add the new key, atomically, with the options
// of the old key's line (its restrictions stay); (3) log in afresh
// as the user with only the new key; (4) remove the old key's lines,
// matched by key; (5) prove a fresh login with the old key refused; (6)
// record the server done. Each step is recorded in rot.Journal as it
// completes. A server the journal has done is not dialled (its Result is
// OK); one whose new key was proven is logged in to with the new key when
// its login user is the rotated user; the others resume from step 2,
// whose add finds the key there. A failure at step 3 or later undoes
// that server's edits (the new key's line removed unless it was there
// before, the old key's lines restored if gone, every other line left as
// it is now, so that what another admin changed meanwhile stays), and is
// a [*RotationError]; other servers go on. When ctx ends the servers are left as their
// journal says, for a later run to resume.
func (r *Runner) Rotate(ctx context.Context, targets []Target, rot *Rotation) <-chan Result {
	results := make(chan Result, len(targets))
	var todo []Target
	for i := range targets {
		t := targets[i]
		step, withNew := rot.Resume(&t, r.Users)
		if step == Done {
			results <- Result{Target: &targets[i], Class: OK, ExitStatus: 0}
			continue
		}
		if withNew {
			t.Signer = rot.New
		}
		todo = append(todo, t)
	}
	go func() {
		defer close(results)
		for res := range r.do(ctx, todo, func(ctx context.Context, c *sshclient.Client, t *Target, res *Result) error {
			res.Started = true
			return r.rotateOne(ctx, c, t, rot)
		}) {
			results <- res
		}
	}()
	return results
}

func (r *Runner) rotateOne(ctx context.Context, c *sshclient.Client, t *Target, rot *Rotation) error {
	k := rot.key(t)
	recorded, before := rot.Journal.step(k)
	if recorded == RolledBack {
		recorded, before = NotBegun, nil
	}
	user := rot.User
	if user == "" {
		user = c.User()
	}
	record := func(s RotationStep, before []byte) error {
		if err := rot.Journal.record(k, s, before); err != nil {
			return err
		}
		if rot.AfterStep != nil {
			rot.AfterStep(t, s)
		}
		return nil
	}

	// Step 2. A resumed run finds the key there already; before stays
	// what the first run read. The new key takes the old key's options
	// (from=, command=, no-pty...), or the rotation would lift the
	// restrictions the old key had.
	oldFP := fingerprint(rot.Old)
	fromJournal := before != nil
	forced := false
	_, _, err := EditAuthorizedKeys(ctx, c, rot.User, func(data []byte) ([]byte, bool, error) {
		if !fromJournal {
			before = append([]byte{}, data...)
		}
		options := ""
		if old := authkeys.FindFingerprint(data, oldFP); len(old) > 0 {
			options = old[0].Options
		}
		if now := authkeys.Find(data, rot.NewKey.Blob); len(now) > 0 {
			options = now[0].Options
		}
		forced = authkeys.Line{Options: options}.HasOption("command")
		return authkeys.AddWithOptions(data, rot.NewKey, options)
	})
	if err != nil {
		return err
	}
	if recorded < NewAdded {
		if err := record(NewAdded, before); err != nil {
			return err
		}
	}
	fail := func(step RotationStep, err error) error {
		if ctx.Err() != nil {
			// Interrupted, not failed: every recorded state lets the user
			// in, and the next run resumes from it.
			return err
		}
		rbCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), RollbackTimeout)
		defer cancel()
		_, _, rbErr := EditAuthorizedKeys(rbCtx, c, rot.User, func(data []byte) ([]byte, bool, error) {
			out, changed := rollback(data, before, oldFP, rot.NewKey.Blob)
			return out, changed, nil
		})
		if rbErr == nil {
			rbErr = record(RolledBack, nil)
		}
		return &RotationError{Step: step, Err: err, RollbackErr: rbErr}
	}

	// Step 3, on a resumed run too: the old key goes only once the new
	// one has just been seen to work.
	// A key whose line forces a command (command=) is proven by the login
	// alone: what that command does is not the rotation's to judge.
	proof := ProveCommand
	if forced {
		proof = ProveLogin
	}
	if err := r.ProveLogin(ctx, t, user, rot.New, proof); err != nil {
		return fail(NewProven, err)
	}
	if recorded < NewProven {
		if err := record(NewProven, nil); err != nil {
			return fail(NewProven, err)
		}
	}

	// Step 4.
	_, _, err = EditAuthorizedKeys(ctx, c, rot.User, func(data []byte) ([]byte, bool, error) {
		out, n := authkeys.Remove(data, oldFP)
		return out, n > 0, nil
	})
	if err != nil {
		return fail(OldRemoved, err)
	}
	if recorded < OldRemoved {
		if err := record(OldRemoved, nil); err != nil {
			return fail(OldRemoved, err)
		}
	}

	// Step 5.
	old, err := r.Dial(ctx, t, user, rot.Old)
	if err == nil {
		old.Close()
		return fail(Done, ErrOldKeyStillAccepted)
	}
	var auth *sshclient.AuthError
	if !errors.As(err, &auth) {
		return fail(Done, fmt.Errorf("could not tell whether the old key is refused: %w", err))
	}

	// Step 6.
	return record(Done, nil)
}
