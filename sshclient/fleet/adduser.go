package fleet

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"strings"

	"github.com/cloudkeypair/keypair/keyconv"
	"github.com/cloudkeypair/keypair/sshclient"
)

// AddUserOptions say which account [AddUser] makes, as the cloud's
// "adding a user" guide has users make it by hand.
type AddUserOptions struct {
	// Name is the account's name; it must pass [sshclient.ValidateNewUserName].
	Name string

	// Sudo gives the account passwordless sudo, with the guide's rule
	// "NAME ALL=(ALL) NOPASSWD: ALL" in /etc/sudoers.d/NAME.
	Sudo bool

	// Key, if set, is added to the account's authorized_keys, as
	// [Authorize] adds it.
	Key *keyconv.PublicKey
}

// AddUserResult says what [AddUser] found and changed on one server.
type AddUserResult struct {
	Created bool   // useradd ran; false: the account was there
	Home    string // the account's home directory

	// SudoersFile is /etc/sudoers.d/NAME when Sudo was asked for;
	// SudoersWritten says it was written now, SudoersOther that a file of
	// that name with other rules was there and was left as it is.
	SudoersFile    string
	SudoersWritten bool
	SudoersOther   bool

	// KeysFile is the account's authorized_keys when Key was given, and
	// KeyAdded whether the key was added now (false: it was there).
	KeysFile string
	KeyAdded bool
}

// Changed reports whether AddUser changed anything on the server.
func (r *AddUserResult) Changed() bool { return r.Created || r.SudoersWritten || r.KeyAdded }

// addUserScript makes the account and its sudoers rule as root, each only
// when missing: sh -c SCRIPT adduser NAME SUDO. The rule is written to a
// file whose name has a dot (sudo skips such files in sudoers.d, so a half
// written one is never read), checked with visudo -cf, moved into place,
// and the whole configuration checked again with visudo -c, the file
// removed if that fails: a broken sudoers file locks root out.
const addUserScript = `set -e
name=$1 sudo=$2
if ent=$(getent passwd "$name"); then
	# A system account (root, daemon, ...) is not one to give a login key
	# and sudo to.
	uid=$(printf '%s\n' "$ent" | cut -d: -f3)
	uid_min=$(awk '$1 == "UID_MIN" { print $2 }' /etc/login.defs 2>/dev/null)
	if [ "$uid" -lt "${uid_min:-1000}" ]; then
		echo "$name is a system account (uid $uid, below UID_MIN ${uid_min:-1000}): adduser adds login users" >&2
		exit 1
	fi
	echo "user there"
else
	# "*": no password, yet not locked (sshd without PAM refuses a locked
	# account even for a key); the guide's useradd otherwise.
	useradd -m -s /bin/bash -p '*' "$name"
	echo "user created"
	created=yes
fi
home=$(getent passwd "$name" | cut -d: -f6)
[ -n "$home" ] || { echo "no home directory for $name" >&2; exit 1; }
# The guide's mode for a home, on the home useradd just made.
if [ "$created" = yes ]; then chmod 700 "$home"; fi
printf 'home %s\n' "$home"
[ "$sudo" = yes ] || exit 0
f=/etc/sudoers.d/$name
rule="$name ALL=(ALL) NOPASSWD: ALL"
if [ -e "$f" ]; then
	if [ "$(cat "$f")" = "$rule" ]; then echo "sudoers there"; else echo "sudoers other"; fi
	exit 0
fi
command -v visudo >/dev/null || { echo "visudo is missing: no sudoers rule written" >&2; exit 1; }
t=$(mktemp /etc/sudoers.d/.keyconv.XXXXXX)
trap 'rm -f "$t"' EXIT
printf '%s\n' "$rule" >"$t"
chmod 0440 "$t"
if ! out=$(visudo -cf "$t" 2>&1); then echo "visudo -cf rejects the rule: $out" >&2; exit 1; fi
mv -f "$t" "$f"
trap - EXIT
if ! out=$(visudo -c 2>&1); then
	rm -f "$f"
	echo "visudo -c fails with $f in place, so it was removed: $out" >&2
	exit 1
fi
echo "sudoers written"
`

// AddUser makes opts.Name's account on the server c is logged in to,
// through sudo -n, each part only when it is missing: useradd -m -s
// /bin/bash (home 0700), the sudoers rule when opts.Sudo, and opts.Key in
// its authorized_keys. Run again, it finds everything there and changes
// nothing. An existing system account (uid below login.defs' UID_MIN:
// root, daemon, ...) is refused. It does not prove the login; log in as
// the user to do that.
func AddUser(ctx context.Context, c *sshclient.Client, opts AddUserOptions) (*AddUserResult, error) {
	if err := sshclient.ValidateNewUserName(opts.Name); err != nil {
		return nil, fmt.Errorf("fleet: %w", err)
	}
	sudo := "no"
	if opts.Sudo {
		sudo = "yes"
	}
	out, err := c.RunScript(ctx, &sshclient.Script{Doing: "fleet: adding the user " + opts.Name,
		Body: addUserScript, Name: "adduser", Args: []string{opts.Name, sudo}, Root: true, Limit: 64 << 10})
	if err != nil {
		return nil, err
	}
	r := &AddUserResult{}
	if opts.Sudo {
		r.SudoersFile = "/etc/sudoers.d/" + opts.Name
	}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		switch line := sc.Text(); {
		case line == "user created":
			r.Created = true
		case strings.HasPrefix(line, "home "):
			r.Home = strings.TrimPrefix(line, "home ")
		case line == "sudoers written":
			r.SudoersWritten = true
		case line == "sudoers other":
			r.SudoersOther = true
		}
	}
	if r.Home == "" {
		return nil, fmt.Errorf("fleet: adding the user %s: unexpected answer from the server", opts.Name)
	}
	if opts.Key != nil {
		ak, added, err := Authorize(ctx, c, opts.Name, opts.Key)
		if err != nil {
			return r, err
		}
		r.KeysFile, r.KeyAdded = ak.Path, added
	}
	return r, nil
}
