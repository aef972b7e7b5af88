// Package clients is the one table of which SSH clients read which PPK
// version: PPK version 3 (PuTTY 0.75, 2021) is what puttygen writes by
// default, and clients built on an older PuTTY refuse it with "PuTTY key
// format too new". pem2ppk --for picks the version from here, info says
// from here which clients read a file, and export --for checks each
// existing .ppk against it and writes missing ones in the version it
// gives.
//
// Every entry names its source. A client is listed only when its first
// version that reads PPK v3 could be found in a source: FileZilla is not
// (its fzputtygen follows PuTTY, but no release note or issue giving the
// version it took PPK v3 in was found), so --for filezilla is refused
// rather than guessed.
package clients

import (
	"fmt"
	"strconv"
	"strings"
)

// Client is one SSH client that reads PPK files.
type Client struct {
	Name    string // as --for takes it, lowercase
	Display string // as messages print it

	// V3From is the first version that reads PPK version 3; versions
	// before it read version 2 only.
	V3From Version

	// Source is where V3From comes from.
	Source string
}

// table is every client keyconv knows, in the order info lists them.
var table = []Client{
	{
		Name: "putty", Display: "PuTTY", V3From: Version{0, 75},
		// PuTTY's wishlist entry "ppk3", fixed-in 0.75: "Old versions of
		// PuTTY tools can't use the new format".
		Source: "https://www.chiark.greenend.org.uk/~sgtatham/putty/wishlist/ppk3.html",
	},
	{
		Name: "winscp", Display: "WinSCP", V3From: Version{5, 18, 5},
		// WinSCP's version history for 5.18.5 lists PPK version 3 support;
		// cited as such in FarGroup/Far-NetBox's issue on PPK v3
		// (michaellukashov/Far-NetBox#381).
		Source: "https://winscp.net/eng/docs/history_old#5.18.5",
	},
	{
		Name: "mremoteng", Display: "mRemoteNG", V3From: Version{1, 77, 3},
		// mRemoteNG 1.76.x bundles PuTTYNG 0.71 ("PuTTYNG.exe 0.71.0.1
		// show me error message about key which format was too new",
		// mRemoteNG#2055); 1.77.1 still fails (mRemoteNG#2354); the
		// maintainers say 1.77.3 ships PuTTYNG 0.78 (mRemoteNG#2353).
		Source: "https://github.com/mRemoteNG/mRemoteNG/issues/2354",
	},
}

// All returns the table, in the order info lists it.
func All() []Client { return append([]Client(nil), table...) }

// Names lists the names --for takes.
func Names() []string {
	names := make([]string, len(table))
	for i, c := range table {
		names[i] = c.Name
	}
	return names
}

// Version is a dotted version number, such as 0.75 or 5.18.5.
type Version []int

// ParseVersion reads a dotted decimal version.
func ParseVersion(s string) (Version, error) {
	parts := strings.Split(s, ".")
	v := make(Version, len(parts))
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 || p == "" || p[0] == '+' {
			return nil, fmt.Errorf("clients: version %q is not a dotted number such as 0.75", s)
		}
		v[i] = n
	}
	return v, nil
}

// Less reports whether v is an earlier version than w; missing parts
// count as zero, so 5.18 is 5.18.0.
func (v Version) Less(w Version) bool {
	for i := 0; i < len(v) || i < len(w); i++ {
		a, b := part(v, i), part(w, i)
		if a != b {
			return a < b
		}
	}
	return false
}

func part(v Version, i int) int {
	if i < len(v) {
		return v[i]
	}
	return 0
}

func (v Version) String() string {
	s := make([]string, len(v))
	for i, n := range v {
		s[i] = strconv.Itoa(n)
	}
	return strings.Join(s, ".")
}

// Target is a client, and maybe its version, as --for names it:
// CLIENT or CLIENT@VERSION.
type Target struct {
	Client  Client
	Version Version // nil: the client's current version
}

// ParseTarget reads CLIENT[@VERSION].
func ParseTarget(s string) (Target, error) {
	name, version, hasVersion := strings.Cut(s, "@")
	for _, c := range table {
		if !strings.EqualFold(c.Name, name) {
			continue
		}
		t := Target{Client: c}
		if hasVersion {
			v, err := ParseVersion(version)
			if err != nil {
				return Target{}, err
			}
			t.Version = v
		}
		return t, nil
	}
	return Target{}, fmt.Errorf("clients: unknown client %q (want %s)", name, strings.Join(Names(), ", "))
}

// PPKVersion is the newest PPK version the target reads: 3, or 2 for a
// version before the client's V3From.
func (t Target) PPKVersion() int {
	if t.Version != nil && t.Version.Less(t.Client.V3From) {
		return 2
	}
	return 3
}

// Reads reports whether the target reads a PPK file of the given version.
func (t Target) Reads(ppkVersion int) bool { return ppkVersion <= t.PPKVersion() }

// String is the target as messages name it: "PuTTY 0.74", or "PuTTY" for
// the current version.
func (t Target) String() string {
	if t.Version == nil {
		return t.Client.Display
	}
	return t.Client.Display + " " + t.Version.String()
}

// Readers says which clients read a PPK file of the given version: every
// version of each for version 2, and from V3From on for version 3.
func Readers(ppkVersion int) []string {
	var out []string
	for _, c := range table {
		if ppkVersion >= 3 {
			out = append(out, fmt.Sprintf("%s %s and later", c.Display, c.V3From))
		} else {
			out = append(out, c.Display)
		}
	}
	return out
}
