package sshclient

import (
	"context"
	"errors"
	"strings"
	"testing"
)

// TestRunScript runs a library's script as the user and as root: its
// arguments arrive as they were, whatever shell syntax they hold, and a
// failure is a ScriptError with stderr's first line, never the ExitError
// that is a caller's command's exit status.
func TestRunScript(t *testing.T) {
	_, c := connect(t, nil)
	args := []string{`it's "quoted"`, `$(touch /nonexistent/pwned)`, ""}
	for _, root := range []bool{false, true} {
		s := &Script{Doing: "test: echoing", Body: `printf '%s|' "$0" "$@"; cat`, Name: "echoer", Args: args, Root: root,
			Stdin: strings.NewReader("in")}
		out, err := c.RunScript(context.Background(), s)
		if want := "echoer|" + strings.Join(args, "|") + "|in"; err != nil || string(out) != want {
			t.Errorf("root %v: %q, %v; want %q", root, out, err, want)
		}
		s = &Script{Doing: "test: failing", Body: `echo "no $1 here" >&2; echo second >&2; exit 3`, Args: []string{"file"}, Root: root}
		_, err = c.RunScript(context.Background(), s)
		var se *ScriptError
		var exit *ExitError
		if !errors.As(err, &se) || errors.As(err, &exit) || se.Status != 3 || se.Message != "no file here" {
			t.Errorf("root %v: %#v, want a ScriptError of status 3", root, err)
		}
	}
}
