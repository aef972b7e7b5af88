package audit

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"fmt"
	"io/fs"
	"strconv"
	"strings"
)

// Facts is what [Gather] found on a server about one user. [ParseFacts]
// reads it from the gathering script's output; tests build it by hand.
type Facts struct {
	User      string
	UserFound bool
	UID, GID  int
	Home      string // as the passwd entry gives it, canonical (realpath)

	// Paths are the stat results, by canonical path, of each
	// authorized_keys file and every directory above it up to /.
	Paths map[string]PathInfo

	// KeysFiles are sshd's AuthorizedKeysFile entries expanded for the
	// user (canonical), in sshd's order.
	KeysFiles []KeysFile

	SSHD SSHD

	// SELinux is what getenforce printed ("Enforcing", ...), "" when the
	// system has no SELinux; Relabel what restorecon -n would change.
	SELinux string
	Relabel []Relabel
}

// PathInfo is one path's stat.
type PathInfo struct {
	Exists   bool
	Mode     fs.FileMode // permission and special bits
	UID, GID int
	Dir      bool
	Regular  bool
}

// KeysFile is one authorized_keys file.
type KeysFile struct {
	Path      string
	Exists    bool
	Readable  bool // the user can read it
	Data      []byte
	Truncated bool // larger than the script reads
}

// SSHD is what `sshd -T` said.
type SSHD struct {
	// Source is how the config file was found: "flag" (given),
	// "listener" (the running sshd's -f), or "default"; Config is the file
	// ("" for sshd's built-in default).
	Source, Config string

	// Err is sshd -T's complaint when it failed; the fields below are then
	// sshd's defaults.
	Err string

	StrictModes bool
	PubkeyAuth  bool
	Algorithms  []string // PubkeyAcceptedAlgorithms; nil when not printed
}

// Relabel is one line of restorecon -n -v: Path would go From -> To.
type Relabel struct{ Path, From, To string }

// maxKeysFile is the most of an authorized_keys file the script reads:
// far beyond any real one, and a bound on what a hostile server sends.
const maxKeysFile = 1 << 20

// ParseFacts reads the gathering script's output. Unknown records are
// skipped, so an older keyconv reads a newer script's output.
func ParseFacts(out []byte) (*Facts, error) {
	f := &Facts{Paths: map[string]PathInfo{}}
	f.SSHD.StrictModes, f.SSHD.PubkeyAuth = true, true
	sawVersion := false
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 4*maxKeysFile)
	var keys *KeysFile
	for sc.Scan() {
		rec := strings.Split(sc.Text(), "\t")
		tag, fields := rec[0], rec[1:]
		need := func(n int) bool { return len(fields) >= n }
		switch tag {
		case "version":
			sawVersion = true
		case "user":
			if !need(4) {
				continue
			}
			f.UserFound = true
			f.User = fields[0]
			f.UID, _ = strconv.Atoi(fields[1])
			f.GID, _ = strconv.Atoi(fields[2])
			f.Home = strings.Join(fields[3:], "\t")
		case "nouser":
			if need(1) {
				f.User = fields[0]
			}
		case "stat":
			if !need(5) {
				continue
			}
			mode, err := strconv.ParseUint(fields[0], 8, 32)
			if err != nil {
				continue
			}
			uid, _ := strconv.Atoi(fields[1])
			gid, _ := strconv.Atoi(fields[2])
			f.Paths[strings.Join(fields[4:], "\t")] = PathInfo{
				Exists: true, Mode: fs.FileMode(mode & 0o777), UID: uid, GID: gid,
				Dir: fields[3] == "directory", Regular: strings.HasPrefix(fields[3], "regular"),
			}
		case "keysfile":
			if !need(1) {
				continue
			}
			f.KeysFiles = append(f.KeysFiles, KeysFile{Path: strings.Join(fields, "\t")})
			keys = &f.KeysFiles[len(f.KeysFiles)-1]
		case "readable":
			if keys != nil && need(1) {
				keys.Readable = fields[0] == "yes"
			}
		case "content":
			if keys == nil || !need(1) {
				continue
			}
			data, err := base64.StdEncoding.DecodeString(fields[0])
			if err != nil {
				return nil, fmt.Errorf("audit: reading %s from the server: %w", keys.Path, err)
			}
			keys.Exists = true
			keys.Truncated = len(data) > maxKeysFile
			keys.Data = data[:min(len(data), maxKeysFile)]
		case "sshd":
			if need(2) {
				f.SSHD.Source, f.SSHD.Config = fields[0], strings.Join(fields[1:], "\t")
			}
		case "sshdT":
			if !need(2) {
				continue
			}
			text, err := base64.StdEncoding.DecodeString(fields[1])
			if err != nil {
				return nil, fmt.Errorf("audit: reading sshd -T's output: %w", err)
			}
			if fields[0] != "ok" {
				f.SSHD.Err = firstLine(string(text))
				continue
			}
			f.SSHD.parse(string(text))
		case "selinux":
			if need(1) {
				f.SELinux = fields[0]
			}
		case "relabel":
			if !need(1) {
				continue
			}
			text, err := base64.StdEncoding.DecodeString(fields[0])
			if err != nil {
				return nil, fmt.Errorf("audit: reading restorecon's output: %w", err)
			}
			f.Relabel = parseRelabel(string(text))
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("audit: reading the server's answer: %w", err)
	}
	if !sawVersion {
		return nil, fmt.Errorf("audit: the server's answer is not the gathering script's: %q", firstLine(string(out)))
	}
	for i := range f.KeysFiles {
		if p, ok := f.Paths[f.KeysFiles[i].Path]; ok && p.Exists {
			f.KeysFiles[i].Exists = true
		}
	}
	return f, nil
}

// parse reads the settings Check needs from sshd -T's lowercase output.
func (s *SSHD) parse(text string) {
	for line := range strings.Lines(text) {
		key, value, _ := strings.Cut(strings.TrimSpace(line), " ")
		switch key {
		case "strictmodes":
			s.StrictModes = value != "no"
		case "pubkeyauthentication":
			s.PubkeyAuth = value != "no"
		case "pubkeyacceptedalgorithms", "pubkeyacceptedkeytypes": // the second before OpenSSH 8.5
			s.Algorithms = strings.Split(value, ",")
		}
	}
}

// parseRelabel reads restorecon -n -v's "Would relabel PATH from A to B"
// lines.
func parseRelabel(text string) []Relabel {
	var out []Relabel
	for line := range strings.Lines(text) {
		rest, ok := strings.CutPrefix(strings.TrimSpace(line), "Would relabel ")
		if !ok {
			continue
		}
		i := strings.LastIndex(rest, " from ")
		if i < 0 {
			continue
		}
		from, to, ok := strings.Cut(rest[i+len(" from "):], " to ")
		if !ok {
			continue
		}
		out = append(out, Relabel{Path: rest[:i], From: from, To: to})
	}
	return out
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(s), "\n")
	return strings.TrimSpace(line)
}
