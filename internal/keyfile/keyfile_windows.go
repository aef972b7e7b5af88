//go:build windows

package keyfile

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unsafe"

	"golang.org/x/sys/windows"
)

// The Windows side is glue only: read or set a file's owner and DACL
// through golang.org/x/sys/windows, and leave every decision to
// CheckDescriptor and privateSDDL, which the tests run on every OS.

// Check reports whether Windows OpenSSH would accept path as a private key
// file for the current user: nil, or a [*NotPrivateError] naming the owner
// or account it objects to (see [CheckDescriptor]).
func Check(path string) error {
	user, err := currentUser()
	if err != nil {
		return err
	}
	sd, err := readDescriptor(path)
	if err != nil {
		return err
	}
	return named(path, CheckDescriptor(sd, user))
}

// MakePrivate gives path an access list with one entry, full control for
// the current user, with inheritance from the folder removed, as
// "icacls PATH /inheritance:r /grant:r USER:F" would, but by SID, so that it
// works on every language of Windows. A file owned by an account the rule
// refuses is taken over by the current user, which needs the right to
// change its owner (a file's full control includes it).
func MakePrivate(path string) error {
	user, err := currentUser()
	if err != nil {
		return err
	}
	sid, err := windows.StringToSid(user)
	if err != nil {
		return fmt.Errorf("keyfile: %w", err)
	}
	dacl, err := privateDACL(user)
	if err != nil {
		return err
	}
	info := windows.SECURITY_INFORMATION(windows.DACL_SECURITY_INFORMATION | windows.PROTECTED_DACL_SECURITY_INFORMATION)
	var owner *windows.SID
	if sd, err := readDescriptor(path); err == nil && !trusted(sd.Owner, user) {
		info |= windows.OWNER_SECURITY_INFORMATION
		owner = sid
	}
	if err := windows.SetNamedSecurityInfo(path, windows.SE_FILE_OBJECT, info, owner, nil, dacl, nil); err != nil {
		return fmt.Errorf("keyfile: cannot make %s private: %w", path, err)
	}
	return nil
}

// CheckOwner is nil on Windows: [MakePrivate] takes a file over, and a
// replacement written by the current user is theirs.
func CheckOwner(path string) error { return nil }

// CreateTemp creates a new file in dir, as [os.CreateTemp] does (pattern's
// last "*" becomes a random string), with the access list [MakePrivate]
// sets already in place when the file comes into existence, so that no
// other account can open it even for a moment.
func CreateTemp(dir, pattern string) (*os.File, error) {
	user, err := currentUser()
	if err != nil {
		return nil, err
	}
	sd, err := windows.SecurityDescriptorFromString(privateSDDL(user))
	if err != nil {
		return nil, fmt.Errorf("keyfile: %w", err)
	}
	sa := &windows.SecurityAttributes{SecurityDescriptor: sd}
	sa.Length = uint32(unsafe.Sizeof(*sa))
	prefix, suffix := pattern, ""
	if i := strings.LastIndex(pattern, "*"); i >= 0 {
		prefix, suffix = pattern[:i], pattern[i+1:]
	}
	for range 10000 {
		name := filepath.Join(dir, prefix+strconv.FormatUint(uint64(rand.Uint32()), 10)+suffix)
		p, err := windows.UTF16PtrFromString(name)
		if err != nil {
			return nil, &os.PathError{Op: "createtemp", Path: name, Err: err}
		}
		h, err := windows.CreateFile(p, windows.GENERIC_READ|windows.GENERIC_WRITE,
			windows.FILE_SHARE_READ|windows.FILE_SHARE_WRITE, sa, windows.CREATE_NEW, windows.FILE_ATTRIBUTE_NORMAL, 0)
		if errors.Is(err, windows.ERROR_FILE_EXISTS) {
			continue
		}
		if err != nil {
			return nil, &os.PathError{Op: "createtemp", Path: name, Err: err}
		}
		return os.NewFile(uintptr(h), name), nil
	}
	return nil, &os.PathError{Op: "createtemp", Path: filepath.Join(dir, pattern), Err: os.ErrExist}
}

func privateDACL(user string) (*windows.ACL, error) {
	sd, err := windows.SecurityDescriptorFromString(privateSDDL(user))
	if err != nil {
		return nil, fmt.Errorf("keyfile: %w", err)
	}
	dacl, _, err := sd.DACL()
	if err != nil {
		return nil, fmt.Errorf("keyfile: %w", err)
	}
	return dacl, nil
}

// currentUser is the SID of the user the process runs as.
func currentUser() (string, error) {
	tu, err := windows.GetCurrentProcessToken().GetTokenUser()
	if err != nil {
		return "", fmt.Errorf("keyfile: cannot tell who you are: %w", err)
	}
	return tu.User.Sid.String(), nil
}

// readDescriptor reads path's owner and DACL into the rule's terms.
func readDescriptor(path string) (Descriptor, error) {
	sd, err := windows.GetNamedSecurityInfo(path, windows.SE_FILE_OBJECT,
		windows.OWNER_SECURITY_INFORMATION|windows.DACL_SECURITY_INFORMATION)
	if err != nil {
		return Descriptor{}, fmt.Errorf("keyfile: cannot read the permissions of %s: %w", path, err)
	}
	owner, _, err := sd.Owner()
	if err != nil || owner == nil {
		return Descriptor{}, fmt.Errorf("keyfile: cannot read the owner of %s: %v", path, err)
	}
	d := Descriptor{Owner: owner.String()}
	dacl, _, err := sd.DACL()
	switch {
	case errors.Is(err, windows.ERROR_OBJECT_NOT_FOUND):
		d.NullDACL = true
		return d, nil
	case err != nil:
		return Descriptor{}, fmt.Errorf("keyfile: cannot read the permissions of %s: %w", path, err)
	case dacl == nil:
		d.NullDACL = true
		return d, nil
	}
	for i := range uint32(dacl.AceCount) {
		var ace *windows.ACCESS_ALLOWED_ACE
		if err := windows.GetAce(dacl, i, &ace); err != nil {
			return Descriptor{}, fmt.Errorf("keyfile: cannot read the permissions of %s: %w", path, err)
		}
		entry := ACE{Type: ace.Header.AceType, Flags: ace.Header.AceFlags, Mask: uint32(ace.Mask)}
		// Only the allow and deny layouts put the SID right after the
		// mask; the rule reads no other type's SID.
		if entry.Type == AccessAllowed || entry.Type == AccessDenied {
			entry.SID = (*windows.SID)(unsafe.Pointer(&ace.SidStart)).String()
		}
		d.DACL = append(d.DACL, entry)
	}
	return d, nil
}

// named fills in the path and the accounts' names, in the language of
// this Windows, of an error from CheckDescriptor.
func named(path string, err error) error {
	var np *NotPrivateError
	if !errors.As(err, &np) {
		return err
	}
	np.Path = path
	for _, a := range []*Account{np.Owner, np.Other} {
		if a == nil {
			continue
		}
		if sid, err := windows.StringToSid(a.ID); err == nil {
			if account, domain, _, err := sid.LookupAccount(""); err == nil {
				a.Name = account
				if domain != "" {
					a.Name = domain + `\` + account
				}
			}
		}
	}
	return np
}
