package fleet

import (
	"context"
	"fmt"
	"testing"

	"github.com/cloudkeypair/keypair/sshclient"
)

// A library script's failure is the work's, never a command's exit status:
// fleet says "failed" for it (run prints its error and exits 1), and
// "non-zero exit" only for the caller's own command.
func TestClassifyScriptFailures(t *testing.T) {
	run := context.Background()
	for _, tc := range []struct {
		err  error
		want Class
	}{
		{&sshclient.ExitError{Status: 3}, ExitStatus},
		{fmt.Errorf("fleet: s1: %w", &sshclient.ExitError{Signal: "KILL"}), ExitStatus},
		{sshclient.ScriptFailure("fleet: reading", &sshclient.ExitError{Status: 1}, nil, []byte("cat: x: Is a directory")), Failed},
		{fmt.Errorf("fleet: s1: %w", sshclient.ScriptFailure("fleet: adding", &sshclient.ExitError{Signal: "KILL"}, nil, nil)), Failed},
		{&RotationError{Step: NewProven, Err: &sshclient.ScriptError{Doing: "fleet: running true", Status: 1}}, Failed},
	} {
		if got := classify(run, tc.err); got != tc.want {
			t.Errorf("classify(%v) = %v, want %v", tc.err, got, tc.want)
		}
	}
}
