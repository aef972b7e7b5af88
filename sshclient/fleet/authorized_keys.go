package fleet

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/cloudkeypair/keypair/sshclient"
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

	// Data is the file's content, and Exists whether there was a file
	// (a missing file reads as empty).
	Data   []byte
	Exists bool

	// Root says the file is read and written through sudo -n, because
	// User is not the login user.
	Root bool
}

// ReadAuthorizedKeys reads user's ~/.ssh/authorized_keys on the server c
// is logged in to; user "" is the login user, any other must pass
// [sshclient.ValidateLoginName]. Another user's file is read through
// sudo -n. A user the server does not have gives an error wrapping
// [ErrNoSuchUser]; a symbolic link in the file's place is an error, since
// writing over it would replace the link.
func ReadAuthorizedKeys(ctx context.Context, c *sshclient.Client, user string) (*AuthorizedKeys, error) {
	if user == "" {
		user = c.User()
	}
	if err := sshclient.ValidateLoginName(user); err != nil {
		return nil, fmt.Errorf("fleet: %w", err)
	}
	a := &AuthorizedKeys{User: user, Root: user != c.User()}
	// $1 is the user: values travel as arguments, never spliced into the script.
	script := `h=$(getent passwd "$1" | cut -d: -f6)
if [ -z "$h" ]; then echo nouser; exit 0; fi
f="$h/.ssh/authorized_keys"
if [ -L "$f" ]; then state=symlink; elif [ -e "$f" ]; then state=present; else state=missing; fi
printf '%s\n%s\n' "$state" "$h"
if [ "$state" = present ]; then exec cat -- "$f"; fi`
	out, err := c.RunScript(ctx, a.script("reading", script, []string{user}, nil, MaxAuthorizedKeysSize+4096))
	if err != nil {
		return nil, err
	}
	state, rest, _ := bytes.Cut(out, []byte("\n"))
	if string(state) == "nouser" {
		return nil, fmt.Errorf("fleet: reading the authorized_keys of %s: %w", user, ErrNoSuchUser)
	}
	home, data, ok := bytes.Cut(rest, []byte("\n"))
	if !ok || !strings.HasPrefix(string(home), "/") {
		return nil, fmt.Errorf("fleet: reading the authorized_keys of %s: unexpected answer from the server", user)
	}
	a.Home = string(home)
	a.Path = strings.TrimSuffix(a.Home, "/") + "/.ssh/authorized_keys"
	switch string(state) {
	case "symlink":
		return nil, fmt.Errorf("fleet: %s is a symbolic link; keyconv does not edit it, since writing would replace the link", a.Path)
	case "present":
		a.Exists, a.Data = true, data
	}
	if len(a.Data) > MaxAuthorizedKeysSize {
		return nil, fmt.Errorf("fleet: %s is larger than %d bytes, too large to edit", a.Path, MaxAuthorizedKeysSize)
	}
	return a, nil
}

// Write replaces the file with data, atomically: a temporary file beside
// it in ~/.ssh, made 0600 and owned by the user, is renamed over it, so
// sshd reads either the old file or the new one, never a part. ~/.ssh is
// made (0700, the user's) when missing; restorecon restores the SELinux
// context where the system has it. Nothing is written, and the error
// wraps [ErrAuthorizedKeysChanged], when the file is no longer what was
// read. Afterwards the file is read back and compared, and its and
// ~/.ssh's modes and owner checked; on success a.Data is data.
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
	// As the login user, what it makes is its own already; as root, it is
	// given to the user.
	chown := "no"
	if a.Root {
		chown = "yes"
	}
	// The checksum is compared just before the rename, so that an edit
	// made by someone else since the read is lost only if it lands in the
	// time of one mv. The arguments: ~/.ssh, the user, whether to chown, the checksum.
	script := `set -e
umask 077
d=$1 user=$2 chown=$3 want=$4
own() { if [ "$chown" = yes ]; then chown -- "$user:$(id -g "$user")" "$@"; fi; }
f="$d/authorized_keys"
if [ ! -d "$d" ]; then mkdir -m 700 "$d"; own "$d"; fi
t=$(mktemp "$d/.authorized_keys.keyconv.XXXXXX")
trap 'rm -f "$t"' EXIT
cat > "$t"
own "$t"
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
if command -v restorecon >/dev/null 2>&1; then restorecon "$d" "$f" || :; fi
echo written
stat -c '%a %U' "$d" "$f"`
	out, err := c.RunScript(ctx, a.script("writing", script, []string{dir, a.User, chown, want}, bytes.NewReader(data), 4096))
	if err != nil {
		return err
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if lines[0] == "changed" {
		return fmt.Errorf("fleet: writing %s: %w", a.Path, ErrAuthorizedKeysChanged)
	}
	wantModes := []string{"written", "700 " + a.User, "600 " + a.User}
	if strings.Join(lines, "\n") != strings.Join(wantModes, "\n") {
		return fmt.Errorf("fleet: wrote %s, but ~/.ssh and the file are %q, not 700 and 600 owned by %s",
			a.Path, strings.Join(lines[min(1, len(lines)):], "; "), a.User)
	}
	back, err := ReadAuthorizedKeys(ctx, c, a.User)
	if err != nil {
		return fmt.Errorf("fleet: reading back %s: %w", a.Path, err)
	}
	if !back.Exists || !bytes.Equal(back.Data, data) {
		return fmt.Errorf("fleet: wrote %s, but reading it back gives other content", a.Path)
	}
	a.Data, a.Exists = back.Data, true
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
