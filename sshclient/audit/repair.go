package audit

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/cloudkeypair/keypair/internal/shellquote"
	"github.com/cloudkeypair/keypair/keyconv"
	"github.com/cloudkeypair/keypair/sshclient"
	"github.com/cloudkeypair/keypair/sshclient/authkeys"
)

// RepairPlan is what [Repair] does for a set of findings: owners and
// modes first (a writer may refuse to write under a ~/.ssh others can
// write), then a new authorized_keys, then the SELinux labels, which the
// new file needs too. [PlanRepair] makes it without touching the server,
// so that it can be shown first.
type RepairPlan struct {
	// Commands are the chown and chmod commands for root, in order.
	// [Repair] runs each only once it has seen that its path (in
	// targets, the same order) neither is nor goes through a symbolic
	// link (Gather's paths have theirs resolved): the paths are the
	// user's, who could point one at a file of root's.
	Commands []string
	targets  []string

	// KeysFile and Keys are the authorized_keys file to write and its new
	// content, OldKeys what it held when the facts were gathered; Keys is
	// nil when the file is left as it is.
	KeysFile      string
	OldKeys, Keys []byte

	// Relabel are the restorecon commands for root.
	Relabel []string

	// Repaired are the findings the plan repairs.
	Repaired []Finding
}

// PlanRepair plans the repair of the Repairable findings of f for key
// (which is added when missing or damaged). It is pure. Modes are set to
// the guide's for ~/.ssh (700) and authorized_keys (600); the home and the
// directories above it only lose group and other write permission, since
// what else they allow may be what the system wants.
func PlanRepair(f *Facts, findings []Finding, key *keyconv.PublicKey) (*RepairPlan, error) {
	p := &RepairPlan{}
	if len(f.KeysFiles) == 0 {
		return p, nil
	}
	primary := f.KeysFiles[0]
	owner := fmt.Sprintf("%d:%d", f.UID, f.GID)
	var rewrite, crlf bool
	var drop []Finding
	var chown, chmod, relabel []string
	mode := map[string]string{}
	for _, fd := range findings {
		if !fd.Repairable {
			continue
		}
		p.Repaired = append(p.Repaired, fd)
		switch fd.Kind {
		case KeyMissing:
			rewrite = true
		case KeyDamaged:
			rewrite = true
			drop = append(drop, fd)
		case CRLF:
			rewrite, crlf = true, true
		case WrongOwner, Unreadable:
			chown = appendNew(chown, fd.Path)
		case Writable, GuideMode:
			mode[fd.Path] = fd.Chmod
			chmod = appendNew(chmod, fd.Path)
		case SELinuxLabel:
			relabel = appendNew(relabel, fd.Path)
		}
	}
	if rewrite {
		if key == nil {
			return nil, fmt.Errorf("audit: no key to write into %s", primary.Path)
		}
		data, err := repairKeys(primary.Data, drop, crlf, key)
		if err != nil {
			return nil, err
		}
		p.KeysFile, p.OldKeys, p.Keys = primary.Path, primary.Data, data
	}
	for _, path := range chown {
		// -h: should the path become a link after the check, the link
		// changes owner, not what it points to.
		p.Commands = append(p.Commands, "chown -h "+owner+" -- "+shellquote.Quote(path))
		p.targets = append(p.targets, path)
	}
	for _, path := range chmod {
		p.Commands = append(p.Commands, "chmod "+mode[path]+" -- "+shellquote.Quote(path))
		p.targets = append(p.targets, path)
	}
	for _, path := range relabel {
		p.Relabel = append(p.Relabel, "restorecon -v -- "+shellquote.Quote(path))
	}
	return p, nil
}

func appendNew(list []string, s string) []string {
	if slices.Contains(list, s) {
		return list
	}
	return append(list, s)
}

// repairKeys returns authorized_keys data without the damaged copies of
// the key, with LF line endings when crlf, and with the key's line added
// unless an intact one is there. Every other line is kept byte for byte.
func repairKeys(data []byte, damaged []Finding, crlf bool, key *keyconv.PublicKey) ([]byte, error) {
	var out []byte
	for i, l := range authkeys.Parse(data) {
		n := i + 1
		if slices.ContainsFunc(damaged, func(f Finding) bool { return f.Line <= n && n <= f.LastLine }) {
			continue
		}
		line := data[l.Start:l.End]
		if crlf {
			line = bytes.TrimSuffix(line, []byte("\r\n"))
			if len(line) < l.End-l.Start {
				line = append(line[:len(line):len(line)], '\n')
			}
		}
		out = append(out, line...)
	}
	out, _, err := authkeys.Add(out, key)
	if err != nil {
		return nil, fmt.Errorf("audit: %w", err)
	}
	return out, nil
}

// KeysWriter replaces user's authorized_keys file at path with data over
// c, atomically, owned by the user, the file 0600 and its folder 0700,
// and fails without writing when the file no longer holds old.
type KeysWriter func(ctx context.Context, c *sshclient.Client, user, path string, old, data []byte) error

// Repair carries out plan over c for user: the chown and chmod commands
// in one root shell, stopping at the first that fails or whose path is
// or goes through a symbolic link (root would change what it points to), the new
// authorized_keys through write, then the restorecon commands.
func Repair(ctx context.Context, c *sshclient.Client, user string, plan *RepairPlan, write KeysWriter) error {
	if len(plan.targets) != len(plan.Commands) {
		return fmt.Errorf("audit: a repair plan not made by PlanRepair")
	}
	checked := make([]string, 0, 2*len(plan.Commands))
	for i, cmd := range plan.Commands {
		checked = append(checked, "nolink "+shellquote.Quote(plan.targets[i]), cmd)
	}
	if len(checked) > 0 {
		checked = append([]string{`nolink() { if [ -L "$1" ] || [ "$(realpath -- "$1")" != "$1" ]; then echo "$1 is or goes through a symbolic link; keyconv changes no owner or mode through it" >&2; exit 1; fi; }`}, checked...)
	}
	if err := runRoot(ctx, c, checked); err != nil {
		return err
	}
	if plan.Keys != nil {
		if err := write(ctx, c, user, plan.KeysFile, plan.OldKeys, plan.Keys); err != nil {
			return fmt.Errorf("audit: writing %s: %w", plan.KeysFile, err)
		}
	}
	return runRoot(ctx, c, plan.Relabel)
}

// runRoot runs commands in one root shell, stopping at the first that
// fails.
func runRoot(ctx context.Context, c *sshclient.Client, commands []string) error {
	if len(commands) == 0 {
		return nil
	}
	_, err := c.RunScript(ctx, &sshclient.Script{Doing: "audit: repairing", Body: "set -e\n" + strings.Join(commands, "\n"),
		Name: "audit", Root: true})
	return err
}
