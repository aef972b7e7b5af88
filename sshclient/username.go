package sshclient

import "fmt"

// MaxUserNameLen is the longest user name useradd takes (shadow-utils'
// default, the utmp field's size).
const MaxUserNameLen = 32

// UserNameError is a user name [ValidateUserName] refuses.
type UserNameError struct {
	Name string
	Why  string
}

// Error names the user and the rule it breaks.
func (e *UserNameError) Error() string {
	return fmt.Sprintf("sshclient: %q is not a user name useradd takes: %s", e.Name, e.Why)
}

// ValidateUserName checks name against useradd's rule for portable names
// (shadow-utils' default, which Rocky, AlmaLinux, CentOS and Ubuntu share):
// a lowercase letter or underscore, then lowercase letters, digits,
// underscores and hyphens, at most 32 in all. The trailing "$" useradd
// allows for Samba machine accounts is refused: such an account is no
// login. A name that passes is safe in a command line and a file name
// (/etc/sudoers.d/NAME) as it is.
func ValidateUserName(name string) error {
	switch {
	case name == "":
		return &UserNameError{Name: name, Why: "it is empty"}
	case len(name) > MaxUserNameLen:
		return &UserNameError{Name: name, Why: fmt.Sprintf("it is longer than %d characters", MaxUserNameLen)}
	case !(name[0] == '_' || 'a' <= name[0] && name[0] <= 'z'):
		return &UserNameError{Name: name, Why: "it must start with a lowercase letter or _"}
	}
	for _, c := range []byte(name[1:]) {
		if !(c == '_' || c == '-' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9') {
			return &UserNameError{Name: name, Why: fmt.Sprintf("%q is not a lowercase letter, digit, _ or -", c)}
		}
	}
	return nil
}
