package fleet

import (
	"bytes"
	"context"
	"fmt"

	"github.com/cloudkeypair/keypair/sshclient"
)

// ReplaceAuthorizedKeys writes data as user's ~/.ssh/authorized_keys over
// c, as [AuthorizedKeys.Write] does, provided the file is at path (with
// symbolic links resolved, as [AuthorizedKeys.RealPath]) and
// still holds old (nil or empty for a missing file): for a caller that
// read the file another way and planned its edit from what it read (a KeysWriter of
// sshclient/audit). A file that changed since is left,
// and the error wraps [ErrAuthorizedKeysChanged].
func ReplaceAuthorizedKeys(ctx context.Context, c *sshclient.Client, user, path string, old, data []byte) error {
	a, err := ReadAuthorizedKeys(ctx, c, user)
	if err != nil {
		return err
	}
	if a.RealPath != path {
		return fmt.Errorf("fleet: sshd reads %s's keys from %s; keyconv writes only %s", user, path, a.RealPath)
	}
	if !bytes.Equal(a.Data, old) {
		return fmt.Errorf("fleet: writing %s: %w", a.Path, ErrAuthorizedKeysChanged)
	}
	return a.Write(ctx, c, data)
}
