package audit

import (
	"fmt"
	"io/fs"
	"path"
	"strings"

	"github.com/cloudkeypair/keypair/keyconv"
)

// The guide's modes (the troubleshooting page's list).
const (
	guideHomeParent fs.FileMode = 0o755 // /home
	guideHome       fs.FileMode = 0o700
	guideSSHDir     fs.FileMode = 0o700
	guideKeysFile   fs.FileMode = 0o600
)

// Check judges facts for a login with key (nil when only the files are to
// be judged) and returns the findings, the ones sshd refuses first. It is
// pure: facts in, findings out.
func Check(f *Facts, key *keyconv.PublicKey) []Finding {
	if !f.UserFound {
		return []Finding{{Kind: UserMissing, Severity: Refused, User: f.User}}
	}
	c := &checker{f: f, strict: f.SSHD.StrictModes}
	c.userKeys = path.Join(f.Home, ".ssh", "authorized_keys")
	// Repair writes the key into the first file sshd reads, through a
	// writer of ~/.ssh/authorized_keys: when sshd reads another first,
	// the key's lines are reported, not repaired.
	c.rewritable = len(f.KeysFiles) > 0 && f.KeysFiles[0].Path == c.userKeys
	c.sshd(key)
	if home, ok := f.Paths[f.Home]; !ok || !home.Exists {
		c.add(Finding{Kind: HomeMissing, Severity: Refused, Path: f.Home})
		return c.sorted()
	}
	if len(f.KeysFiles) > 0 {
		c.paths(f.KeysFiles[0])
		for _, k := range f.KeysFiles[1:] {
			if k.Exists {
				c.paths(k)
			}
		}
	}
	c.keys(key)
	c.selinux()
	return c.sorted()
}

type checker struct {
	f          *Facts
	strict     bool
	userKeys   string // ~/.ssh/authorized_keys, the guide's file
	rewritable bool   // sshd reads userKeys first, so Repair can write the key there
	findings   []Finding
	seen       map[string]bool // paths judged already
}

func (c *checker) add(fd Finding) {
	ownFile := fd.Path == c.userKeys || fd.Path == path.Dir(c.userKeys)
	switch {
	case fd.Kind == GuideMode || fd.Kind == Writable && ownFile:
		fd.Chmod = fmt.Sprintf("%o", fd.WantMode)
	case fd.Kind == Writable:
		fd.Chmod = "go-w"
	}
	fd.User = c.f.User
	fd.OwnerUID, fd.OwnerGID = c.f.UID, c.f.GID
	c.findings = append(c.findings, fd)
}

// sorted puts the findings sshd refuses first, keeping their order
// otherwise.
func (c *checker) sorted() []Finding {
	var out []Finding
	for _, sev := range []Severity{Refused, Advice} {
		for _, fd := range c.findings {
			if fd.Severity == sev {
				out = append(out, fd)
			}
		}
	}
	return out
}

// strictSeverity is Refused when sshd checks modes, Advice when not.
func (c *checker) strictSeverity() Severity {
	if c.strict {
		return Refused
	}
	return Advice
}

// paths judges an authorized_keys file and the directories above it, as
// sshd's auth_secure_path walks them: the file and each directory up to
// the home directory (all the way to / when the file is outside it) must
// be owned by root or the user and writable by neither group nor others.
// Directories above the home are the guide's business only.
func (c *checker) paths(k KeysFile) {
	if c.seen == nil {
		c.seen = map[string]bool{}
	}
	underHome := k.Path == c.f.Home || strings.HasPrefix(k.Path, strings.TrimSuffix(c.f.Home, "/")+"/")
	sshDir := path.Join(c.f.Home, ".ssh")
	pastHome := false
	for p := k.Path; ; p = path.Dir(p) {
		if !c.seen[p] {
			c.seen[p] = true
			c.judge(p, k, underHome && pastHome, sshDir)
		}
		if p == c.f.Home {
			pastHome = true
		}
		if p == "/" || p == "." {
			return
		}
	}
}

// judge judges one path of k's walk; aboveHome says it is above the home
// directory that holds k, where sshd no longer looks.
func (c *checker) judge(p string, k KeysFile, aboveHome bool, sshDir string) {
	info, ok := c.f.Paths[p]
	switch {
	case !ok || !info.Exists:
		// A missing authorized_keys is KeyMissing; a missing directory
		// is created with it.
	case p == k.Path:
		c.file(p, info, k)
	case aboveHome:
		if !StrictModesMode(info.Mode) {
			c.add(Finding{Kind: Writable, Severity: Advice, Path: p, Mode: info.Mode, WantMode: guideHomeParent, UID: info.UID, GID: info.GID, Repairable: true})
		}
	default:
		want := fs.FileMode(0)
		switch p {
		case c.f.Home:
			want = guideHome
		case sshDir:
			want = guideSSHDir
		}
		c.dir(p, info, want)
	}
}

// dir judges a directory sshd walks through; want is the guide's mode for
// it, or 0.
func (c *checker) dir(p string, info PathInfo, want fs.FileMode) {
	repairable := want != 0 // the home and ~/.ssh, not a system directory
	if !StrictModesOwner(info.UID, c.f.UID) {
		c.add(Finding{Kind: WrongOwner, Severity: c.strictSeverity(), Path: p, UID: info.UID, GID: info.GID, Repairable: repairable})
	}
	switch {
	case !StrictModesMode(info.Mode):
		c.add(Finding{Kind: Writable, Severity: c.strictSeverity(), Path: p, Mode: info.Mode, WantMode: want, UID: info.UID, GID: info.GID, Repairable: repairable})
	case want != 0 && info.Mode != want:
		// The home's own mode is only advice, and is left as it is by
		// Repair: 750 (Ubuntu) or 755 (Debian) may be what the system
		// wants, and sshd accepts it. ~/.ssh at 700 takes nothing away.
		c.add(Finding{Kind: GuideMode, Severity: Advice, Path: p, Mode: info.Mode, WantMode: want, UID: info.UID, GID: info.GID, Repairable: p != c.f.Home})
	}
}

// file judges authorized_keys itself.
func (c *checker) file(p string, info PathInfo, k KeysFile) {
	if !info.Regular {
		c.add(Finding{Kind: NotRegular, Severity: Refused, Path: p})
		return
	}
	// The guide's owner and mode are for ~/.ssh/authorized_keys. A file
	// elsewhere (AuthorizedKeysFile /etc/ssh/keys/%u) is the admin's
	// design, often root's and 0644: only what sshd refuses is said, and
	// only taking away write permission is repaired.
	own := p == c.userKeys
	wrongOwner := info.UID != c.f.UID
	if !StrictModesOwner(info.UID, c.f.UID) {
		c.add(Finding{Kind: WrongOwner, Severity: c.strictSeverity(), Path: p, UID: info.UID, GID: info.GID, Repairable: own})
	}
	if !k.Readable {
		// The chown and chmod the other findings repair make it readable
		// when the owner was the cause.
		c.add(Finding{Kind: Unreadable, Severity: Refused, Path: p, UID: info.UID, GID: info.GID, Mode: info.Mode, Repairable: own && wrongOwner})
	} else if info.UID == 0 && own {
		c.add(Finding{Kind: WrongOwner, Severity: Advice, Path: p, UID: info.UID, GID: info.GID, Repairable: true})
	}
	switch {
	case !StrictModesMode(info.Mode):
		c.add(Finding{Kind: Writable, Severity: c.strictSeverity(), Path: p, Mode: info.Mode, WantMode: guideKeysFile, UID: info.UID, GID: info.GID, Repairable: true})
	case own && info.Mode != guideKeysFile:
		c.add(Finding{Kind: GuideMode, Severity: Advice, Path: p, Mode: info.Mode, WantMode: guideKeysFile, UID: info.UID, GID: info.GID, Repairable: true})
	}
}

// keys looks for the key in every authorized_keys file sshd reads.
func (c *checker) keys(key *keyconv.PublicKey) {
	if key == nil || len(c.f.KeysFiles) == 0 {
		return
	}
	present := false
	var found []Finding
	for _, k := range c.f.KeysFiles {
		if !k.Exists || k.Data == nil {
			continue
		}
		kl := findKey(k.Data, key)
		present = present || kl.present
		if kl.crlf {
			found = append(found, Finding{Kind: CRLF, Severity: Advice, Path: k.Path, Repairable: c.rewritable && k.Path == c.userKeys})
		}
		for _, d := range kl.damaged {
			found = append(found, Finding{Kind: KeyDamaged, Severity: Refused, Path: k.Path, Line: d.first, LastLine: d.last, Damage: d.how, Repairable: c.rewritable && k.Path == c.userKeys})
		}
	}
	for _, fd := range found {
		if present && fd.Kind == KeyDamaged {
			fd.Severity = Advice // a good copy is there too
		}
		c.add(fd)
	}
	if !present && !hasDamaged(found) {
		c.add(Finding{Kind: KeyMissing, Severity: Refused, Path: c.f.KeysFiles[0].Path, Repairable: c.rewritable})
	}
}

func hasDamaged(fs []Finding) bool {
	for _, f := range fs {
		if f.Kind == KeyDamaged && f.Repairable {
			return true
		}
	}
	return false
}

// selinux reports what restorecon would relabel, when SELinux enforces.
func (c *checker) selinux() {
	if c.f.SELinux != "Enforcing" {
		return
	}
	for _, r := range c.f.Relabel {
		c.add(Finding{Kind: SELinuxLabel, Severity: Refused, Path: r.Path, From: r.From, To: r.To, Repairable: true})
	}
}
