package fix

import (
	"fmt"

	"github.com/cloudkeypair/keypair/internal/shellquote"
	"github.com/cloudkeypair/keypair/sshclient/audit"
)

// The fixes for the server's side of a key login: what fix-server finds.

// byFix marks the fixes fix-server --fix applies itself.
const byFix = " (fix-server --fix does this)"

// ServerFinding is the fix for one of fix-server's findings, as commands
// to run on the server.
func ServerFinding(f audit.Finding) string {
	p := shellquote.IfNeeded(f.Path)
	owner := fmt.Sprintf("%s:", shellquote.IfNeeded(f.User))
	s := ""
	switch f.Kind {
	case audit.UserMissing:
		return fmt.Sprintf("create the account with keyconv adduser ... %s, or name the right one with --user", f.User)
	case audit.HomeMissing:
		return fmt.Sprintf("create it: sudo mkdir -m 700 %s && sudo chown %s %s", p, owner, p)
	case audit.Writable, audit.GuideMode:
		s = "sudo chmod " + f.Chmod + " " + p
	case audit.WrongOwner:
		s = fmt.Sprintf("sudo chown %s %s", owner, p)
	case audit.Unreadable:
		s = fmt.Sprintf("sudo chown %s %s && sudo chmod 600 %s, and let the user into every directory above it", owner, p, p)
	case audit.NotRegular:
		return fmt.Sprintf("replace it with a regular file: move it away (sudo mv %s %s.old), then run fix-server --fix to write the key", p, p)
	case audit.KeyMissing:
		s = "add the key's one-line form (keyconv pub KEY) to " + p
	case audit.KeyDamaged:
		s = "replace those lines with the key's one-line form (keyconv pub KEY)"
	case audit.CRLF:
		s = fmt.Sprintf(`sudo sed -i 's/\r$//' %s`, p)
	case audit.SELinuxLabel:
		s = "sudo restorecon -R -v " + p
	case audit.StrictModesOff:
		return "set StrictModes yes in sshd_config, then sudo systemctl reload sshd"
	case audit.PubkeyAuthOff:
		return "set PubkeyAuthentication yes in sshd_config (and the files of sshd_config.d), then sudo systemctl reload sshd"
	case audit.AlgorithmRefused:
		return fmt.Sprintf("add %s to PubkeyAcceptedAlgorithms in sshd_config, or use an Ed25519 key (keyconv keygen)", f.KeyType)
	case audit.SHA1Only:
		return "add rsa-sha2-512,rsa-sha2-256 to PubkeyAcceptedAlgorithms in sshd_config, or use an Ed25519 key (keyconv keygen)"
	case audit.NoSHA1:
		return "use PuTTY 0.75 or later, which signs with SHA-2, as the guide's advice to use a current PuTTY says"
	case audit.SSHDUnknown:
		return "give sshd's config file with --sshd-config FILE"
	default:
		return ""
	}
	if f.Repairable {
		s += byFix
	}
	return s
}

// ServerProblems is the fix for a server fix-server left with problems.
func ServerProblems(e *audit.ProblemsError) string {
	if e.Repairable > 0 {
		return fmt.Sprintf("run again with --fix to repair the %d that keyconv can repair safely; the others' fixes are printed above", e.Repairable)
	}
	return "apply the fixes printed above on the server, then run fix-server again"
}
