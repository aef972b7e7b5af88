package keyfile

import "strings"

// Well-known SIDs the Windows rule names. They are the same on every
// language of Windows, unlike the accounts' names ("Administrateurs",
// "Jeder"), which is why keyconv never looks an account up by name.
const (
	SIDAdministrators   = "S-1-5-32-544" // BUILTIN\Administrators
	SIDSystem           = "S-1-5-18"     // NT AUTHORITY\SYSTEM
	SIDTrustedInstaller = "S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464"
	SIDEveryone         = "S-1-1-0"
	SIDUsers            = "S-1-5-32-545" // BUILTIN\Users
	SIDAuthenticated    = "S-1-5-11"     // NT AUTHORITY\Authenticated Users
)

// ACE types, as in an ACE header.
const (
	AccessAllowed uint8 = 0 // ACCESS_ALLOWED_ACE_TYPE
	AccessDenied  uint8 = 1 // ACCESS_DENIED_ACE_TYPE
)

// ACE is one entry of a Windows access list.
type ACE struct {
	Type  uint8  // AccessAllowed, AccessDenied or another ACE type
	Flags uint8  // inheritance flags
	Mask  uint32 // the access rights it grants or denies
	SID   string // the account it is about, in S-1-... form
}

// Descriptor is the part of a Windows file's security descriptor that the
// rule reads.
type Descriptor struct {
	Owner string // the owner's SID
	// NullDACL means the file has no access list, which grants everyone
	// everything; it is not the same as an empty DACL, which grants
	// nothing.
	NullDACL bool
	DACL     []ACE
}

// CheckDescriptor applies Windows OpenSSH's rule for a private key file
// (check_secure_file_permission with read_ok off) to a file's owner and
// access list, for a process running as user (a SID): nil when Windows
// OpenSSH would accept the file, a [*NotPrivateError] naming the first
// account it objects to otherwise.
//
// The rule: the owner must be Administrators, SYSTEM, TrustedInstaller or
// user. Only allow entries count: deny entries and every other ACE type
// are skipped, and so are the inheritance flags, as OpenSSH skips them. An
// allow entry for any account but those four fails the file, whatever it
// grants: for a private key even read-only access is too much. (OpenSSH
// also accepts an entry whose SID is a former SID of user, through its SID
// history; the Windows glue cannot see that here, so such a file fails.)
func CheckDescriptor(sd Descriptor, user string) error {
	if !trusted(sd.Owner, user) {
		return &NotPrivateError{Owner: &Account{ID: sd.Owner}}
	}
	if sd.NullDACL {
		return &NotPrivateError{NoDACL: true}
	}
	for _, ace := range sd.DACL {
		if ace.Type != AccessAllowed || trusted(ace.SID, user) {
			continue
		}
		return &NotPrivateError{Other: &Account{ID: ace.SID}}
	}
	return nil
}

// trusted reports whether sid is one of the accounts the rule lets own or
// open a private key.
func trusted(sid, user string) bool {
	for _, ok := range []string{SIDAdministrators, SIDSystem, SIDTrustedInstaller, user} {
		if strings.EqualFold(sid, ok) {
			return true
		}
	}
	return false
}

// privateSDDL is the security descriptor keyconv gives a private key on
// Windows: one allow entry, full control for user, and the "P" flag that
// stops the folder's entries (BUILTIN\Users in C:\keys) being inherited.
// The owner is left to Windows, which makes it the creator (or, for an
// elevated administrator, Administrators): both pass [CheckDescriptor].
func privateSDDL(user string) string {
	return "D:P(A;;FA;;;" + user + ")"
}
