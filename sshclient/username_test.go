package sshclient

import (
	"errors"
	"testing"
)

func TestUserNameRules(t *testing.T) {
	for _, tc := range []struct {
		name       string
		new, login bool // whether each rule admits it
	}{
		{"rocky", true, true}, {"deploy", true, true}, {"_svc", true, true}, {"web-1", true, true},
		{"a", true, true}, {"u_2", true, true}, {"abcdefghijklmnopqrstuvwxyz012345", true, true},
		// An existing account may have capitals and dots; a new one may not.
		{"Root", false, true}, {"a.b", false, true}, {"John.Smith", false, true},
		{"", false, false}, {"1abc", false, false}, {"-rf", false, false}, {"a b", false, false},
		{"a/b", false, false}, {"../x", false, false}, {".x", false, false}, {"host$", false, false},
		{"ü", false, false}, {"abcdefghijklmnopqrstuvwxyz0123456", false, false}, {"a\n", false, false},
		{"a;rm", false, false}, {"$(id)", false, false}, {"a'b", false, false},
	} {
		for _, rule := range []struct {
			name  string
			check func(string) error
			want  bool
		}{{"ValidateNewUserName", ValidateNewUserName, tc.new}, {"ValidateLoginName", ValidateLoginName, tc.login}} {
			err := rule.check(tc.name)
			var ue *UserNameError
			switch {
			case rule.want && err != nil:
				t.Errorf("%s(%q) = %v, want nil", rule.name, tc.name, err)
			case !rule.want && (!errors.As(err, &ue) || ue.Name != tc.name):
				t.Errorf("%s(%q) = %v, want a UserNameError", rule.name, tc.name, err)
			}
		}
	}
}
