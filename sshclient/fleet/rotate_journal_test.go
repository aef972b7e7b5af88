package fleet

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Only a last line cut short by a crash may be skipped: a bad line
// anywhere else, or a complete last line that is not a record, is damage
// the journal cannot be trusted past, and an error naming the file and
// the line.
func TestJournalRefusesABadLine(t *testing.T) {
	good := `{"server":"s1","user":"","old":"SHA256:old","new":"SHA256:new","step":"new key added","before":""}` + "\n"
	for _, tc := range []struct {
		name, data string
		line       string // "" when the journal opens
	}{
		{"cut last line", good + `{"server":"s1","us`, ""},
		{"bad middle line", good + "not json\n" + good, "line 2"},
		{"bad first line", "{\n" + good, "line 1"},
		{"bad complete last line", good + "garbage\n", "line 2"},
	} {
		path := filepath.Join(t.TempDir(), "journal")
		if err := os.WriteFile(path, []byte(tc.data), 0o600); err != nil {
			t.Fatal(err)
		}
		j, err := OpenJournal(path)
		if tc.line == "" {
			if err != nil {
				t.Errorf("%s: %v", tc.name, err)
			} else {
				j.Close()
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), tc.line+":") {
			t.Errorf("%s: %v, want an error naming %s, %s", tc.name, err, path, tc.line)
		}
	}
}
