package sshclient

import "fmt"

// The two rules for user names: [ValidateNewUserName] for an account
// keyconv is to create, [ValidateLoginName] for one that is already there
// (a login user, the owner of an authorized_keys). Both admit only names
// that are safe in a command line and a file name as they are.

// MaxUserNameLen is the longest user name useradd takes (shadow-utils'
// default, the utmp field's size).
const MaxUserNameLen = 32

// UserNameError is a user name [ValidateNewUserName] or
// [ValidateLoginName] refuses.
type UserNameError struct {
	Name string
	Rule string // whose rule: "useradd takes" for a new account
	Why  string
}

// Error names the user and the rule it breaks.
func (e *UserNameError) Error() string {
	return fmt.Sprintf("sshclient: %q is not a user name %s: %s", e.Name, e.Rule, e.Why)
}

// ValidateNewUserName checks the name of an account to create against
// useradd's rule for portable names (shadow-utils' default, which Rocky,
// AlmaLinux, CentOS and Ubuntu share): a lowercase letter or underscore,
// then lowercase letters, digits, underscores and hyphens, at most 32 in
// all. The trailing "$" useradd allows for Samba machine accounts is
// refused: such an account is no login. A name that passes is safe in a
// command line and a file name (/etc/sudoers.d/NAME) as it is.
func ValidateNewUserName(name string) error {
	return checkUserName(name, "useradd takes", false)
}

// ValidateLoginName checks the name of an account that exists: wider
// than [ValidateNewUserName], since an administrator may have made it with
// useradd --badname or on a system whose rule differs, it also admits
// capitals and dots (a letter or underscore, then letters, digits, "_",
// "." and "-", at most 32). It is still safe in a command line.
func ValidateLoginName(name string) error {
	return checkUserName(name, "of an account", true)
}

func checkUserName(name, rule string, wide bool) error {
	letter := func(c byte) bool { return 'a' <= c && c <= 'z' || wide && 'A' <= c && c <= 'Z' }
	what, rest := "a lowercase letter, digit, _ or -", "it must start with a lowercase letter or _"
	if wide {
		what, rest = "a letter, digit, _, . or -", "it must start with a letter or _"
	}
	switch {
	case name == "":
		return &UserNameError{Name: name, Rule: rule, Why: "it is empty"}
	case len(name) > MaxUserNameLen:
		return &UserNameError{Name: name, Rule: rule, Why: fmt.Sprintf("it is longer than %d characters", MaxUserNameLen)}
	case !(name[0] == '_' || letter(name[0])):
		return &UserNameError{Name: name, Rule: rule, Why: rest}
	}
	for _, c := range []byte(name[1:]) {
		if !(c == '_' || c == '-' || wide && c == '.' || letter(c) || '0' <= c && c <= '9') {
			return &UserNameError{Name: name, Rule: rule, Why: fmt.Sprintf("%q is not %s", c, what)}
		}
	}
	return nil
}
