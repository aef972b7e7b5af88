package fleet

import (
	"context"
	"errors"

	"github.com/cloudkeypair/keypair/keyconv"
	"github.com/cloudkeypair/keypair/sshclient"
	"github.com/cloudkeypair/keypair/sshclient/authkeys"
)

// editAttempts is how often an edit is redone when the file changed on
// the server between reading and writing it.
const editAttempts = 3

// Authorize adds pub to user's authorized_keys on the server c is logged
// in to (user "" is the login user), unless the key is there already,
// with any comment or options: other lines are kept byte for byte, and
// the file is written as [AuthorizedKeys.Write] writes it. It returns
// the file, as it is now, and whether the key was added.
func Authorize(ctx context.Context, c *sshclient.Client, user string, pub *keyconv.PublicKey) (*AuthorizedKeys, bool, error) {
	return EditAuthorizedKeys(ctx, c, user, func(data []byte) ([]byte, bool, error) {
		return authkeys.Add(data, pub)
	})
}

// EditAuthorizedKeys reads user's authorized_keys, passes its content to
// edit, and writes what edit returns when it says the content changed. An
// edit that lost a race with another writer is redone on a fresh read, a
// few times. It returns the file as it is now and whether it was written.
func EditAuthorizedKeys(ctx context.Context, c *sshclient.Client, user string, edit func(data []byte) ([]byte, bool, error)) (*AuthorizedKeys, bool, error) {
	for attempt := 1; ; attempt++ {
		ak, err := ReadAuthorizedKeys(ctx, c, user)
		if err != nil {
			return nil, false, err
		}
		data, changed, err := edit(ak.Data)
		if err != nil || !changed {
			return ak, false, err
		}
		err = ak.Write(ctx, c, data)
		if errors.Is(err, ErrAuthorizedKeysChanged) && attempt < editAttempts {
			continue
		}
		if err != nil {
			return ak, false, err
		}
		return ak, true, nil
	}
}
