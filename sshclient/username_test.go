package sshclient

import (
	"errors"
	"testing"
)

func TestValidateUserName(t *testing.T) {
	for _, name := range []string{"rocky", "deploy", "_svc", "web-1", "a", "u_2", "abcdefghijklmnopqrstuvwxyz012345"} {
		if err := ValidateUserName(name); err != nil {
			t.Errorf("ValidateUserName(%q) = %v, want nil", name, err)
		}
	}
	for _, name := range []string{"", "Root", "1abc", "-rf", "a b", "a/b", "../x", "a.b", "host$", "ü", "abcdefghijklmnopqrstuvwxyz0123456", "a\n"} {
		err := ValidateUserName(name)
		var ue *UserNameError
		if !errors.As(err, &ue) || ue.Name != name {
			t.Errorf("ValidateUserName(%q) = %v, want a UserNameError", name, err)
		}
	}
}
