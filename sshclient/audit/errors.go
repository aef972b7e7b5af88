package audit

import "fmt"

// ProblemsError means findings that keep the key from logging in remain
// (after [Repair], when it ran), or a new login with the key still
// failed.
type ProblemsError struct {
	User string

	// Refused counts the findings sshd refuses the key for, and
	// Repairable those of them [Repair] would fix.
	Refused, Repairable int

	// Login is why a new login as User with the key failed (its message
	// says so), or nil when it worked or was not tried.
	Login error
}

// Error says how many problems remain and what the login said.
func (e *ProblemsError) Error() string {
	msg := fmt.Sprintf("audit: %d problems keep %s's key from logging in", e.Refused, e.User)
	if e.Refused == 1 {
		msg = fmt.Sprintf("audit: 1 problem keeps %s's key from logging in", e.User)
	}
	if e.Refused == 0 {
		msg = fmt.Sprintf("audit: nothing found, yet %s cannot log in with the key", e.User)
	}
	if e.Login != nil {
		msg += fmt.Sprintf(": %v", e.Login)
	}
	return msg
}
