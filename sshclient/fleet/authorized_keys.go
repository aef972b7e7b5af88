package fleet

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strconv"
	"strings"

	"github.com/cloudkeypair/keypair/sshclient"
	"github.com/cloudkeypair/keypair/sshclient/audit"
)

// MaxAuthorizedKeysSize caps the authorized_keys file read from a server:
// a few hundred keys are tens of kilobytes, and a larger file is not one
// to edit blindly.
const MaxAuthorizedKeysSize = 1 << 20

// ErrNoSuchUser is what reading the authorized_keys of a user the server
// does not have wraps.
var ErrNoSuchUser = errors.New("no such user")

// ErrAuthorizedKeysChanged means the file changed on the server between
// [ReadAuthorizedKeys] and [AuthorizedKeys.Write] (another tool, or a
// person, edited it): nothing was written; read it again and redo the
// edit.
var ErrAuthorizedKeysChanged = errors.New("authorized_keys changed on the server since it was read")

// AuthorizedKeys is a user's ~/.ssh/authorized_keys on one server, as
// [ReadAuthorizedKeys] found it.
type AuthorizedKeys struct {
	User string // whose file it is
	Home string // the user's home directory on the server
	Path string // Home/.ssh/authorized_keys

	// RealPath is Path with symbolic links resolved (/home -> /var/home),
	// as sshd and sshclient/audit name the file.
	RealPath string

	// Data is the file's content, and Exists whether there was a file
	// (a missing file reads as empty).
	Data   []byte
	Exists bool

	// Root says the file is read through sudo -n, and written as User
	// through sudo -n and runuser (or sudo -u), because User is not the
	// login user.
	Root bool

	// sshDir is ~/.ssh as the read found it ("MODE UID directory", or
	// "missing"): a write goes ahead only while it is still so.
	sshDir string
}

// ReadAuthorizedKeys reads user's ~/.ssh/authorized_keys on the server c
// is logged in to; user "" is the login user, any other must pass
// [sshclient.ValidateLoginName]. Another user's file is read through
// sudo -n. A user the server does not have gives an error wrapping
// [ErrNoSuchUser]. A ~/.ssh that is a symbolic link, not a directory, or
// not the user's, and a symbolic link in the file's place, are errors:
// keyconv edits only the user's own files, never what a link points to.
func ReadAuthorizedKeys(ctx context.Context, c *sshclient.Client, user string) (*AuthorizedKeys, error) {
	if user == "" {
		user = c.User()
	}
	if err := sshclient.ValidateLoginName(user); err != nil {
		return nil, fmt.Errorf("fleet: %w", err)
	}
	a := &AuthorizedKeys{User: user, Root: user != c.User()}
	// $1 is the user: values travel as arguments, never spliced into the
	// script. stat without -L describes a link as a link.
	script := `h=$(getent passwd "$1" | cut -d: -f6)
if [ -z "$h" ]; then echo nouser; exit 0; fi
d="$h/.ssh" f="$h/.ssh/authorized_keys"
dir=$(stat -c '%a %u %F' -- "$d" 2>/dev/null) || dir=missing
if [ -L "$d" ] || { [ -e "$d" ] && [ ! -d "$d" ]; }; then state=baddir
elif [ -L "$f" ]; then state=symlink; elif [ -e "$f" ]; then state=present; else state=missing; fi
real=$(realpath -- "$f" 2>/dev/null || printf '%s' "$f")
printf '%s\n%s\n%s\n%s\n%s\n' "$state" "$h" "$(id -u "$1")" "$dir" "$real"
if [ "$state" = present ]; then exec cat -- "$f"; fi`
	out, err := c.RunScript(ctx, a.script("reading", script, []string{user}, nil, MaxAuthorizedKeysSize+4096))
	if err != nil {
		return nil, err
	}
	state, rest, _ := bytes.Cut(out, []byte("\n"))
	if string(state) == "nouser" {
		return nil, fmt.Errorf("fleet: reading the authorized_keys of %s: %w", user, ErrNoSuchUser)
	}
	fields := bytes.SplitN(rest, []byte("\n"), 5)
	if len(fields) != 5 || !strings.HasPrefix(string(fields[0]), "/") {
		return nil, fmt.Errorf("fleet: reading the authorized_keys of %s: unexpected answer from the server", user)
	}
	a.Home, a.sshDir = string(fields[0]), string(fields[2])
	uid, data := string(fields[1]), fields[4]
	a.RealPath = string(fields[3])
	dir := strings.TrimSuffix(a.Home, "/") + "/.ssh"
	a.Path = dir + "/authorized_keys"
	switch string(state) {
	case "baddir":
		return nil, fmt.Errorf("fleet: %s is a symbolic link or not a directory (%s); keyconv writes only into the user's own ~/.ssh", dir, a.sshDir)
	case "symlink":
		return nil, fmt.Errorf("fleet: %s is a symbolic link; keyconv does not edit it, since writing would replace the link", a.Path)
	case "present":
		a.Exists, a.Data = true, data
	}
	if owner := strings.Fields(a.sshDir); a.sshDir != "missing" && (len(owner) < 2 || owner[1] != uid) {
		return nil, fmt.Errorf("fleet: %s is not %s's (mode, owner uid, type: %s; %s is uid %s)", dir, user, a.sshDir, user, uid)
	}
	if len(a.Data) > MaxAuthorizedKeysSize {
		return nil, fmt.Errorf("fleet: %s is larger than %d bytes, too large to edit", a.Path, MaxAuthorizedKeysSize)
	}
	return a, nil
}

// Write replaces the file with data, atomically: a temporary file beside
// it in ~/.ssh, made 0600, is renamed over it, so sshd reads either the
// old file or the new one, never a part. The file is written as the
// user, never as root, even when the login user is another: what the
// user controls (~/.ssh could be swapped for a link to /root/.ssh at any
// moment) then gives no more than the user's own rights. ~/.ssh is made
// (0700) when missing; restorecon restores the SELinux context where the
// system has it. Nothing is written, and the error wraps
// [ErrAuthorizedKeysChanged], when the file or ~/.ssh is no longer what
// was read, and nothing either, with an error, when sshd's StrictModes
// would refuse ~/.ssh (writable by group or others); a mode sshd accepts
// (755, 750) is kept. Afterwards the file is read back and compared; on success
// a.Data is data.
func (a *AuthorizedKeys) Write(ctx context.Context, c *sshclient.Client, data []byte) error {
	if len(data) > MaxAuthorizedKeysSize {
		return fmt.Errorf("fleet: writing %s: %d bytes, more than %d", a.Path, len(data), MaxAuthorizedKeysSize)
	}
	want := "missing"
	if a.Exists {
		sum := sha256.Sum256(a.Data)
		want = hex.EncodeToString(sum[:])
	}
	dir := strings.TrimSuffix(a.Home, "/") + "/.ssh"
	if err := a.checkSSHDir(dir); err != nil {
		return err
	}
	// The checksum is compared just before the rename, so that an edit
	// made by someone else since the read is lost only if it lands in the
	// time of one mv. The arguments: ~/.ssh, the checksum, ~/.ssh's state.
	script := `set -e
umask 077
d=$1 want=$2 wantdir=$3
f="$d/authorized_keys"
dir=$(stat -c '%a %u %F' -- "$d" 2>/dev/null) || dir=missing
if [ "$dir" != "$wantdir" ]; then echo changed; exit 0; fi
if [ "$dir" = missing ]; then mkdir -m 700 -- "$d"; fi
if [ -L "$d" ] || [ ! -d "$d" ]; then echo "$d is not a directory" >&2; exit 1; fi
t=$(mktemp "$d/.authorized_keys.keyconv.XXXXXX")
trap 'rm -f "$t"' EXIT
cat > "$t"
chmod 600 "$t"
current=missing
if [ -L "$f" ]; then echo "$f is a symbolic link" >&2; exit 1; fi
if [ -e "$f" ]; then
	command -v sha256sum >/dev/null || { echo "sha256sum is missing" >&2; exit 1; }
	current=$(sha256sum < "$f" | cut -d' ' -f1)
fi
if [ "$current" != "$want" ]; then echo changed; exit 0; fi
mv -f "$t" "$f"
trap - EXIT
if command -v restorecon >/dev/null 2>&1; then restorecon "$d" "$f" 2>/dev/null || :; fi
echo written`
	args := []string{dir, want, a.sshDir}
	if a.Root {
		// Root only changes to the user; runuser where util-linux has it,
		// since root's sudo -u needs a sudoers rule for root.
		args = append([]string{a.User, script}, args...)
		script = `user=$1 body=$2
shift 2
if command -v runuser >/dev/null 2>&1; then exec runuser -u "$user" -- sh -c "$body" keyconv "$@"; fi
exec sudo -n -u "$user" -- sh -c "$body" keyconv "$@"`
	}
	out, err := c.RunScript(ctx, a.script("writing", script, args, bytes.NewReader(data), 4096))
	if err != nil {
		return err
	}
	switch strings.TrimSpace(string(out)) {
	case "changed":
		return fmt.Errorf("fleet: writing %s: %w", a.Path, ErrAuthorizedKeysChanged)
	case "written":
	default:
		return fmt.Errorf("fleet: writing %s: unexpected answer from the server: %q", a.Path, out)
	}
	back, err := ReadAuthorizedKeys(ctx, c, a.User)
	if err != nil {
		return fmt.Errorf("fleet: reading back %s: %w", a.Path, err)
	}
	if !back.Exists || !bytes.Equal(back.Data, data) {
		return fmt.Errorf("fleet: wrote %s, but reading it back gives other content", a.Path)
	}
	a.Data, a.Exists, a.sshDir = back.Data, true, back.sshDir
	return nil
}

// checkSSHDir refuses, before anything is written, a ~/.ssh that sshd's
// StrictModes refuses (its owner is checked by the read): a key written
// there would not log in. Other modes (755, 750) are left as they are,
// since sshd accepts them.
func (a *AuthorizedKeys) checkSSHDir(dir string) error {
	if a.sshDir == "missing" {
		return nil
	}
	modeText, _, _ := strings.Cut(a.sshDir, " ")
	mode, err := strconv.ParseUint(modeText, 8, 32)
	if err != nil {
		return fmt.Errorf("fleet: %s: unexpected mode %q from the server", dir, modeText)
	}
	if !audit.StrictModesMode(fs.FileMode(mode)) {
		return fmt.Errorf("fleet: %s is mode %o, writable by group or others: sshd's StrictModes refuses the keys under it; nothing written", dir, mode)
	}
	return nil
}

// script is one of the file's scripts, run as root through sudo -n when
// the file is another user's; doing ("reading") names it in its error.
func (a *AuthorizedKeys) script(doing, body string, args []string, stdin io.Reader, limit int) *sshclient.Script {
	what := "the authorized_keys of " + a.User
	if a.Path != "" {
		what = a.Path
	}
	return &sshclient.Script{Doing: "fleet: " + doing + " " + what, Body: body, Name: "keyconv", Args: args,
		Root: a.Root, Stdin: stdin, Limit: limit}
}
