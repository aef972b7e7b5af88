package audit

import "io/fs"

// The rule of sshd's StrictModes (auth_secure_path), in one place for
// [Check] and for the writers of authorized_keys that must not leave a
// file sshd refuses.

// StrictModesOwner reports whether sshd with StrictModes yes accepts a
// path owned by uid on the way to the authorized_keys of the user whose
// uid is userUID: root's or the user's.
func StrictModesOwner(uid, userUID int) bool { return uid == 0 || uid == userUID }

// StrictModesMode reports whether sshd with StrictModes yes accepts a
// path of mode on the way to a user's authorized_keys: writable by
// neither group nor others.
func StrictModesMode(mode fs.FileMode) bool { return mode&0o022 == 0 }
