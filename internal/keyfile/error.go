package keyfile

import (
	"fmt"
	"io/fs"
)

// Account is a user or group as an error names it: a SID on Windows, a uid
// on Unix, with its name where it could be looked up.
type Account struct {
	ID   string
	Name string // empty when unknown
}

func (a Account) String() string {
	if a.Name == "" || a.Name == a.ID {
		return a.ID
	}
	return a.Name + " (" + a.ID + ")"
}

// NotPrivateError reports a key file that OpenSSH refuses because someone
// other than its owner may use it. Exactly one of Mode, Owner, Other and
// NoDACL describes why.
type NotPrivateError struct {
	Path string

	// Mode is, on Unix, the file's permission bits, of which group or
	// others have some.
	Mode fs.FileMode

	// Owner is, on Windows, the file's owner when it is neither the
	// current user, Administrators, SYSTEM nor TrustedInstaller.
	Owner *Account

	// Other is, on Windows, the first account besides those four that an
	// allow entry of the file's access list names, whatever it grants.
	Other *Account

	// NoDACL is set, on Windows, when the file has no access list at all,
	// which lets everyone open it.
	NoDACL bool
}

func (e *NotPrivateError) Error() string {
	switch {
	case e.Owner != nil:
		return fmt.Sprintf("keyfile: %s is owned by %s, and Windows OpenSSH refuses a private key owned by anyone but you, Administrators or SYSTEM", e.Path, e.Owner)
	case e.Other != nil:
		return fmt.Sprintf("keyfile: %s can be opened by %s, and Windows OpenSSH refuses a private key any other account may read", e.Path, e.Other)
	case e.NoDACL:
		return fmt.Sprintf("keyfile: %s has no access list, so everyone can open it, and Windows OpenSSH refuses such a key", e.Path)
	}
	return fmt.Sprintf("keyfile: %s has mode %04o: group or others can access it, and ssh refuses such a key", e.Path, e.Mode.Perm())
}

// NotOwnerError is returned by [MakePrivate] on Unix for a file that
// belongs to another user: a private copy written by the caller would lock
// its owner out, and chmod is theirs to run.
type NotOwnerError struct {
	Path  string
	Owner Account
	User  Account
}

func (e *NotOwnerError) Error() string {
	return fmt.Sprintf("keyfile: %s belongs to %s, not to you (%s)", e.Path, e.Owner, e.User)
}
