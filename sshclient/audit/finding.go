package audit

import (
	"fmt"
	"io/fs"
)

// Severity says whether a finding keeps the key from working.
type Severity int

// The severities of [Finding.Severity].
const (
	// Refused: sshd refuses the key (or cannot find it) because of this.
	Refused Severity = iota
	// Advice: sshd accepts the key, but the cloud's guide recommends
	// otherwise, or something could not be checked.
	Advice
)

// String is "refused" or "advice".
func (s Severity) String() string {
	if s == Refused {
		return "refused"
	}
	return "advice"
}

// Kind is what a finding is about.
type Kind int

// The kinds of [Finding.Kind].
const (
	UserMissing      Kind = iota + 1 // the account does not exist
	HomeMissing                      // the account's home directory does not exist
	Writable                         // group or others can write Path
	WrongOwner                       // Path is owned by someone other than the user (or root)
	NotRegular                       // authorized_keys is not a regular file
	Unreadable                       // the user cannot read authorized_keys
	GuideMode                        // Path's mode is not the guide's (sshd accepts it)
	KeyMissing                       // the key is in no authorized_keys file
	KeyDamaged                       // a line holds the key, damaged (see Damage)
	CRLF                             // authorized_keys has Windows line endings
	SELinuxLabel                     // restorecon would relabel Path
	StrictModesOff                   // sshd does not check modes (StrictModes no)
	PubkeyAuthOff                    // sshd refuses every key (PubkeyAuthentication no)
	AlgorithmRefused                 // sshd accepts none of the key's signature algorithms
	SHA1Only                         // sshd accepts RSA keys only with SHA-1 signatures (ssh-rsa)
	NoSHA1                           // sshd refuses SHA-1 RSA signatures, which old PuTTY sends
	SSHDUnknown                      // sshd's effective configuration could not be read
)

// Damage is how a line holding the key is damaged.
type Damage int

// The damages of [Finding.Damage].
const (
	DamageNone   Damage = iota
	CutStart            // the first characters are missing ("sh-ed25519 AAAA...")
	CutKey              // part of the key's base64 is missing
	RFC4716Block        // a "---- BEGIN SSH2 PUBLIC KEY ----" block, which sshd does not read
	Quoted              // quotes around the line or the key, from a copy-paste
	SplitLines          // the key broken over several lines
	StraySpace          // a space (or a non-ASCII space) inside the line where sshd wants none
	Garbled             // the key's text is there, but sshd cannot read the line
)

var damageNames = [...]string{
	DamageNone: "", CutStart: "its first characters are missing",
	CutKey:       "part of the key is missing",
	RFC4716Block: "it is an RFC 4716 block (puttygen's \"Save public key\"), which sshd does not read",
	Quoted:       "it has quotes around it from a copy-paste",
	SplitLines:   "the key is broken over several lines",
	StraySpace:   "it has a stray or non-ASCII space in it from a copy-paste",
	Garbled:      "sshd cannot read the line",
}

// String says what is wrong with the line.
func (d Damage) String() string {
	if d >= 0 && int(d) < len(damageNames) {
		return damageNames[d]
	}
	return fmt.Sprintf("Damage(%d)", int(d))
}

// Finding is one thing found on the server, with the facts that words its
// fix (the CLI's own table does the wording).
type Finding struct {
	Kind     Kind
	Severity Severity

	// Path is the file or directory the finding is about, when it is
	// about one; User the account.
	Path string
	User string

	// Mode, UID and GID are Path's, for the mode and owner findings;
	// WantMode is the mode the guide asks for, OwnerUID/OwnerGID the
	// user's.
	Mode               fs.FileMode
	WantMode           fs.FileMode
	UID, GID           int
	OwnerUID, OwnerGID int

	// Line and LastLine are the 1-based lines of authorized_keys a
	// KeyDamaged finding is about, and Damage how.
	Line, LastLine int
	Damage         Damage

	// KeyType is the key's type and Algorithms what sshd accepts, for the
	// algorithm findings.
	KeyType    string
	Algorithms []string

	// From and To are the SELinux labels for SELinuxLabel; Detail is what
	// went wrong for SSHDUnknown.
	From, To string
	Detail   string

	// Chmod is the mode argument of the chmod that fixes a Writable or
	// GuideMode finding: the guide's mode (700 for ~/.ssh, 600 for
	// authorized_keys, 700 for the home when only the guide asks), and
	// "go-w" for a home or a directory above it that others can write,
	// whose other bits may be what the system wants.
	Chmod string

	// Repairable says [Repair] fixes it.
	Repairable bool
}

// Problem states what was found, as facts.
func (f Finding) Problem() string {
	switch f.Kind {
	case UserMissing:
		return fmt.Sprintf("the account %s does not exist", f.User)
	case HomeMissing:
		return fmt.Sprintf("%s's home directory %s does not exist", f.User, f.Path)
	case Writable:
		return fmt.Sprintf("%s has mode %04o: group or others can write it%s", f.Path, f.Mode.Perm(), f.because())
	case WrongOwner:
		return fmt.Sprintf("%s is owned by uid %d, not by %s (uid %d)%s", f.Path, f.UID, f.User, f.OwnerUID, f.because())
	case NotRegular:
		return fmt.Sprintf("%s is not a regular file, and sshd reads only regular files", f.Path)
	case Unreadable:
		return fmt.Sprintf("%s cannot read %s (sshd reads it as the user)", f.User, f.Path)
	case GuideMode:
		return fmt.Sprintf("%s has mode %04o; the guide asks for %04o (sshd accepts it)", f.Path, f.Mode.Perm(), f.WantMode.Perm())
	case KeyMissing:
		return fmt.Sprintf("the key is not in %s", f.Path)
	case KeyDamaged:
		if f.LastLine > f.Line {
			return fmt.Sprintf("lines %d-%d of %s hold the key, but %s", f.Line, f.LastLine, f.Path, f.Damage)
		}
		return fmt.Sprintf("line %d of %s holds the key, but %s", f.Line, f.Path, f.Damage)
	case CRLF:
		return fmt.Sprintf("%s has Windows (CRLF) line endings (this sshd reads them; other tools may not)", f.Path)
	case SELinuxLabel:
		return fmt.Sprintf("%s has the SELinux label %s, not %s, and SELinux keeps sshd from reading it", f.Path, f.From, f.To)
	case StrictModesOff:
		return "sshd runs with StrictModes no: it does not check these modes, but the guide's modes still keep others out"
	case PubkeyAuthOff:
		return "sshd refuses every key: PubkeyAuthentication no"
	case AlgorithmRefused:
		return fmt.Sprintf("sshd accepts no signature algorithm of a %s key (PubkeyAcceptedAlgorithms)", f.KeyType)
	case SHA1Only:
		return "sshd accepts RSA keys only with SHA-1 signatures (ssh-rsa), which current clients no longer send"
	case NoSHA1:
		return "sshd refuses SHA-1 RSA signatures (ssh-rsa), the only ones PuTTY before 0.75 sends"
	case SSHDUnknown:
		return "sshd's effective configuration could not be read, so modes were judged as StrictModes yes would: " + f.Detail
	}
	return fmt.Sprintf("finding %d", int(f.Kind))
}

func (f Finding) because() string {
	if f.Severity == Refused {
		return ", and sshd (StrictModes yes) refuses the key"
	}
	return ""
}
