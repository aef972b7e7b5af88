package sshclient

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// maxKnownHostsSize bounds what ForgetHost reads: far above any real
// known_hosts file (a line is about 100 bytes).
const maxKnownHostsSize = 64 << 20

// ForgetHost removes host's entries from the known_hosts file, as
// `ssh-keygen -R host -f file` does, and returns how many it removed:
// after a server was re-created, or when the cloud gave its public IP to
// another server, the old key makes every login fail as "changed".
//
// host is a name or address, or "[host]:port" for a port other than 22;
// it matches plain names (case aside) and hashed names (|1|...), in
// OpenSSH's spelling, where a port other than 22 is written [host]:port.
// From a line naming several hosts only host is removed; wildcard and
// negated patterns, comments, and @cert-authority and @revoked lines are
// never touched. The file is replaced atomically (a temporary file renamed
// over it, keeping its mode), after its old contents are saved as
// file.old, as ssh-keygen does; a file that is a symbolic link stays one,
// and the file it points to is rewritten. Lines keyconv appends meanwhile
// are kept (see appendLine). A file without the host is left as it is,
// with no backup made; a file that does not exist holds no entries.
func ForgetHost(file, host string) (int, error) {
	name, err := knownHostsName(host)
	if err != nil {
		return 0, err
	}
	target, err := filepath.EvalSymlinks(file)
	if errors.Is(err, os.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("sshclient: %w", err)
	}
	f, err := openLocked(target, os.O_RDONLY, true)
	if errors.Is(err, os.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("sshclient: %w", err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return 0, fmt.Errorf("sshclient: %w", err)
	}
	data, err := io.ReadAll(io.LimitReader(f, maxKnownHostsSize+1))
	if err != nil {
		return 0, fmt.Errorf("sshclient: %w", err)
	}
	if len(data) > maxKnownHostsSize {
		return 0, fmt.Errorf("sshclient: %s is larger than %d bytes; not a known_hosts file?", file, maxKnownHostsSize)
	}
	kept, removed := forgetHost(data, name)
	if removed == 0 {
		return 0, nil
	}
	mode := info.Mode().Perm()
	if err := replaceFile(file+".old", data, mode); err != nil {
		return 0, fmt.Errorf("sshclient: keeping a backup of %s: %w", file, err)
	}
	if testHookForgetRead != nil {
		testHookForgetRead()
	}
	if err := replaceFile(target, kept, mode); err != nil {
		return 0, fmt.Errorf("sshclient: rewriting %s: %w", file, err)
	}
	return removed, nil
}

// testHookForgetRead, set only by the tests, runs in ForgetHost between
// its read and its rename.
var testHookForgetRead func()

// knownHostsName spells host as known_hosts does: lowercase, and
// "[host]:port" only for a port other than 22.
func knownHostsName(host string) (string, error) {
	h, port := host, ""
	if strings.HasPrefix(host, "[") {
		var err error
		if h, port, err = net.SplitHostPort(host); err != nil {
			return "", fmt.Errorf("sshclient: %q is not HOST or [HOST]:PORT", host)
		}
		if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
			return "", fmt.Errorf("sshclient: %q: port %q is out of range 1-65535", host, port)
		}
	}
	if h == "" || strings.ContainsAny(h, " \t,*?!|[]\n\r") {
		return "", fmt.Errorf("sshclient: %q is not a host name or address", host)
	}
	h = strings.ToLower(h)
	if port == "" || port == "22" {
		return h, nil
	}
	return "[" + h + "]:" + port, nil
}

// forgetHost returns data without name's entries, and how many it removed.
// Lines are kept byte for byte, line endings included, except for the
// host list of a line from which name is removed.
func forgetHost(data []byte, name string) ([]byte, int) {
	var out bytes.Buffer
	removed := 0
	for len(data) > 0 {
		line := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line = data[:i+1]
		}
		data = data[len(line):]
		kept, n := forgetInLine(line, name)
		removed += n
		out.Write(kept)
	}
	return out.Bytes(), removed
}

// forgetInLine returns the line without name (nil when nothing is left of
// it), and 1 if name was on it.
func forgetInLine(line []byte, name string) ([]byte, int) {
	trimmed := bytes.TrimLeft(line, " \t")
	if len(trimmed) == 0 || trimmed[0] == '#' || trimmed[0] == '@' || len(bytes.TrimSpace(trimmed)) == 0 {
		return line, 0
	}
	end := bytes.IndexAny(trimmed, " \t")
	if end < 0 {
		return line, 0 // not an entry: no key after the hosts
	}
	indent, hosts, rest := line[:len(line)-len(trimmed)], string(trimmed[:end]), trimmed[end:]
	if strings.HasPrefix(hosts, "|1|") {
		if hashedNameMatches(hosts, name) {
			return nil, 1
		}
		return line, 0
	}
	var left []string
	found := false
	for _, h := range strings.Split(hosts, ",") {
		if strings.EqualFold(h, name) {
			found = true
			continue
		}
		left = append(left, h)
	}
	switch {
	case !found:
		return line, 0
	case len(left) == 0:
		return nil, 1
	}
	out := append([]byte{}, indent...)
	out = append(out, strings.Join(left, ",")...)
	return append(out, rest...), 1
}

// hashedNameMatches checks a HashKnownHosts entry, |1|SALT|HASH with
// HASH = HMAC-SHA1(SALT, name), both base64.
func hashedNameMatches(entry, name string) bool {
	parts := strings.Split(entry, "|")
	if len(parts) != 4 {
		return false
	}
	salt, err := base64.StdEncoding.DecodeString(parts[2])
	if err != nil {
		return false
	}
	want, err := base64.StdEncoding.DecodeString(parts[3])
	if err != nil {
		return false
	}
	mac := hmac.New(sha1.New, salt)
	mac.Write([]byte(name))
	return hmac.Equal(mac.Sum(nil), want)
}

// replaceFile writes data to path atomically: a temporary file beside it,
// synced, then renamed over it.
func replaceFile(path string, data []byte, mode os.FileMode) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(mode); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
