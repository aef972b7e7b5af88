package sshclient

import (
	"errors"
	"testing"
)

func TestScriptFailure(t *testing.T) {
	if ScriptFailure("x", nil, nil, []byte("noise")) != nil {
		t.Error("nil error not kept")
	}
	err := ScriptFailure("fleet: adding the user u", &ExitError{Status: 1}, []byte("out\n"), []byte("u is a system account\nmore\n"))
	var se *ScriptError
	var exit *ExitError
	if !errors.As(err, &se) || errors.As(err, &exit) || se.Status != 1 || se.Message != "u is a system account" {
		t.Errorf("exit status 1: %#v", err)
	}
	if got, want := err.Error(), "fleet: adding the user u: the script on the server exited with status 1: u is a system account"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	// With nothing on stderr the reason is stdout's last line: nologin
	// prints its refusal there.
	err = ScriptFailure("x", &ExitError{Status: 1}, []byte("partial\nThis account is currently not available.\r\n\n"), []byte(" \n"))
	if !errors.As(err, &se) || se.Message != "This account is currently not available." {
		t.Errorf("stdout's reason: %#v", err)
	}
	sudo := &SudoError{User: "u", Status: 1, Message: "a password is required"}
	err = ScriptFailure("audit: gathering", sudo, nil, []byte("sudo: a password is required\n"))
	var se2 *SudoError
	if !errors.As(err, &se2) || errors.As(err, &se) {
		t.Errorf("sudo's refusal lost its type: %#v", err)
	}
	// A killed script is a failure of the work too, not a command's exit
	// status for fleet to count as one.
	killed := ScriptFailure("x", &ExitError{Status: -1, Signal: "KILL"}, nil, nil)
	if !errors.As(killed, &se) || errors.As(killed, &exit) || se.Signal != "KILL" {
		t.Errorf("a killed script: %#v", killed)
	}
	if got, want := killed.Error(), "x: the script on the server was killed by signal KILL"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}
