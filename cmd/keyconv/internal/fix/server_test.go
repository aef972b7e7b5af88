package fix

import (
	"strings"
	"testing"

	"github.com/cloudkeypair/keypair/sshclient/audit"
)

// TestServerFindingEveryKind checks that every kind of finding has a fix,
// that the ones --fix repairs say so and no other does, and that paths
// are quoted for the shell.
func TestServerFindingEveryKind(t *testing.T) {
	repairable := map[audit.Kind]bool{audit.Writable: true, audit.GuideMode: true, audit.WrongOwner: true, audit.Unreadable: true,
		audit.KeyMissing: true, audit.KeyDamaged: true, audit.CRLF: true, audit.SELinuxLabel: true}
	for k := audit.UserMissing; k <= audit.SSHDUnknown; k++ {
		for _, repairable := range []bool{false, repairable[k]} {
			f := audit.Finding{Kind: k, Path: "/home/a b/.ssh", User: "kc1", Chmod: "700", KeyType: "ssh-rsa", Repairable: repairable}
			got := ServerFinding(f)
			if got == "" {
				t.Errorf("kind %d has no fix", k)
			}
			if strings.HasSuffix(got, byFix) != repairable {
				t.Errorf("kind %d, repairable %v: %q", k, repairable, got)
			}
			if strings.Contains(got, "/home/a b") && !strings.Contains(got, "'/home/a b/.ssh'") {
				t.Errorf("kind %d: path not quoted: %q", k, got)
			}
		}
	}
	if got := ServerFinding(audit.Finding{Kind: audit.Writable, Path: "/home/kc1", User: "kc1", Chmod: "go-w", Repairable: true}); got != "sudo chmod go-w /home/kc1"+byFix {
		t.Errorf("Writable home: %q", got)
	}
}
