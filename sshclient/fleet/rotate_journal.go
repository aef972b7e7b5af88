package fleet

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"sync"
)

// RotationStep is how far a server's rotation has come, as its
// [Journal] records it. Each is recorded once the step is complete.
type RotationStep int

// The recorded steps, in order; RolledBack starts the server over.
const (
	NotBegun   RotationStep = iota // nothing recorded
	NewAdded                       // step 2: the new key is in authorized_keys, beside the old
	NewProven                      // step 3: a fresh login with the new key alone worked
	OldRemoved                     // step 4: the old key's lines are gone
	Done                           // steps 5 and 6: a login with the old key is refused
	RolledBack                     // a failure undid the rotation's edits of authorized_keys
)

var stepNames = [...]string{
	NotBegun: "not begun", NewAdded: "new key added", NewProven: "new key proven",
	OldRemoved: "old key removed", Done: "done", RolledBack: "rolled back",
}

// String names the step as the journal and messages write it.
func (s RotationStep) String() string {
	if s >= 0 && int(s) < len(stepNames) {
		return stepNames[s]
	}
	return fmt.Sprintf("RotationStep(%d)", int(s))
}

func parseStep(name string) (RotationStep, bool) {
	for s, n := range stepNames {
		if n == name {
			return RotationStep(s), true
		}
	}
	return 0, false
}

// Journal is the file a rotation records each server's progress in, one
// JSON object a line, appended and synced as each step completes, so that
// a run that was interrupted, even killed, resumes where it stopped: a
// server done is not touched again, and one whose new key was proven is
// logged in to with the new key (its old one may be gone). A Journal is
// safe for the workers of one run to use at once.
type Journal struct {
	path    string
	mu      sync.Mutex
	f       *os.File
	entries map[journalKey]journalEntry
	// cut says the file ends in a line a crash cut short, which the next
	// line must not be appended to; cutAt is where that line starts when
	// it is no record (it is cut off then), or -1.
	cut   bool
	cutAt int64
}

// journalKey is what one rotation of one server is: the same server,
// user and pair of keys.
type journalKey struct{ server, user, old, new string }

// journalEntry is one line of the journal file.
type journalEntry struct {
	Server string `json:"server"`
	User   string `json:"user"` // as the rotation was given it: "" for the login user
	Old    string `json:"old"`  // the keys' SHA256 fingerprints
	New    string `json:"new"`
	Step   string `json:"step"`
	// Before is the authorized_keys content before the new key was added,
	// recorded with NewAdded, for a resumed run's rollback; null on the
	// other steps' lines, while "" is an empty or missing file.
	Before []byte `json:"before"`
}

// OpenJournal reads the journal at path, if there is one. The file is
// opened for appending (created, mode 0600) when the first step is
// recorded, so that a dry run leaves none. Only a last line cut short by
// a crash (no newline at its end) is skipped, and cut off the file before
// the next step is appended; any other line that is not a record is an
// error naming the file and the line. Call Close when the run is over.
func OpenJournal(path string) (*Journal, error) {
	j := &Journal{path: path, entries: map[journalKey]journalEntry{}, cutAt: -1}
	data, err := os.Open(path)
	if os.IsNotExist(err) {
		return j, nil
	}
	if err != nil {
		return nil, fmt.Errorf("fleet: %w", err)
	}
	defer data.Close()
	if info, err := data.Stat(); err == nil && info.Size() > 0 {
		last := make([]byte, 1)
		if _, err := data.ReadAt(last, info.Size()-1); err == nil {
			j.cut = last[0] != '\n'
		}
	}
	sc := bufio.NewScanner(data)
	sc.Buffer(nil, 4*MaxAuthorizedKeysSize)
	// bad is a line that did not parse, an error unless it turns out to
	// be the last, cut one.
	var bad error
	badAt, offset := int64(-1), int64(0)
	for n := 1; sc.Scan(); n++ {
		if bad != nil {
			return nil, bad
		}
		lineAt := offset
		offset += int64(len(sc.Bytes())) + 1
		var e journalEntry
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			bad, badAt = fmt.Errorf("fleet: journal %s, line %d: not a record: %v", path, n, err), lineAt
			continue
		}
		if _, ok := parseStep(e.Step); !ok {
			return nil, fmt.Errorf("fleet: journal %s, line %d: unknown step %q", path, n, e.Step)
		}
		k := journalKey{e.Server, e.User, e.Old, e.New}
		if e.Before == nil {
			e.Before = j.entries[k].Before
		}
		j.entries[k] = e
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("fleet: reading journal %s: %w", path, err)
	}
	if bad != nil {
		if !j.cut {
			return nil, bad
		}
		// Cut short by a crash: its step was not recorded, and the
		// server resumes from the one before.
		j.cutAt = badAt
	}
	return j, nil
}

// Path is the journal file's path.
func (j *Journal) Path() string { return j.path }

// step returns the last step recorded for a server's rotation, and the
// authorized_keys content from before it began, if recorded.
func (j *Journal) step(k journalKey) (RotationStep, []byte) {
	j.mu.Lock()
	defer j.mu.Unlock()
	e, ok := j.entries[k]
	if !ok {
		return NotBegun, nil
	}
	s, _ := parseStep(e.Step)
	return s, e.Before
}

// record appends a step for a server's rotation and syncs the file, so
// that the step survives the process being killed right after.
func (j *Journal) record(k journalKey, s RotationStep, before []byte) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	e := journalEntry{Server: k.server, User: k.user, Old: k.old, New: k.new, Step: s.String(), Before: before}
	line, err := json.Marshal(e)
	if err != nil {
		return fmt.Errorf("fleet: journal: %w", err)
	}
	if j.f == nil {
		if j.cutAt >= 0 {
			// A cut line left in the middle would be damage to the next
			// OpenJournal.
			if err := os.Truncate(j.path, j.cutAt); err != nil {
				return fmt.Errorf("fleet: journal: %w", err)
			}
			j.cut, j.cutAt = false, -1
		}
		if j.f, err = os.OpenFile(j.path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600); err != nil {
			return fmt.Errorf("fleet: %w", err)
		}
	}
	line = append(line, '\n')
	if j.cut {
		line = append([]byte{'\n'}, line...)
	}
	if _, err := j.f.Write(line); err != nil {
		return fmt.Errorf("fleet: writing journal %s: %w", j.path, err)
	}
	j.cut = false
	if err := j.f.Sync(); err != nil {
		return fmt.Errorf("fleet: writing journal %s: %w", j.path, err)
	}
	if before == nil {
		e.Before = j.entries[k].Before
	}
	j.entries[k] = e
	return nil
}

// Close closes the journal file.
func (j *Journal) Close() error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.f == nil {
		return nil
	}
	err := j.f.Close()
	j.f = nil
	return err
}
