package fix

import (
	"errors"
	"fmt"
	"strings"

	"github.com/cloudkeypair/keypair/sshclient"
	"github.com/cloudkeypair/keypair/sshclient/fleet"
)

// The fixes after keyconv rotate. The old keypair must live on in the
// console until no server takes only it: deleting it early is the lockout
// the rotation's order avoids.

// RotateDone is the reminder once every server that used the old keypair
// has been rotated: only then may the console's keypair go, and the cloud
// file must name the new key, or the next login uses the old one.
func RotateDone(oldKeypair, newKey string) string {
	return fmt.Sprintf("every server is done: set keypair: (or key:) to %s for them in the cloud file, and only now retire the old keypair %s in the console", newKey, oldKeypair)
}

// RotateStillUsed is the fix when servers of the cloud file that were not
// rotated still use the old keypair.
func RotateStillUsed(oldKeypair string, servers []string) string {
	use, them := "use", "them"
	if len(servers) == 1 {
		use, them = "uses", "it"
	}
	return fmt.Sprintf("keep the old keypair %s in the console: %s still %s it; rotate %s too (--server %s) before retiring it",
		oldKeypair, strings.Join(servers, ", "), use, them, strings.Join(servers, ","))
}

// RotateUnknown is the fix when servers of the cloud file that were not
// rotated have a key file that cannot be told from the old key without
// its passphrase (an encrypted PEM with no .pub beside it): they may use
// it still.
func RotateUnknown(oldKeypair string, servers []string) string {
	use, their, them := "use", "their key files need", "them"
	if len(servers) == 1 {
		use, their, them = "uses", "its key file needs", "it"
	}
	return fmt.Sprintf("keep the old keypair %s in the console until you know whether %s %s it: %s a passphrase to tell, so only keypair names and paths were compared; rotate %s too (--server %s) if so",
		oldKeypair, strings.Join(servers, ", "), use, their, them, strings.Join(servers, ","))
}

// RotateResume is the fix after a rotation some servers did not finish.
func RotateResume(journal string) string {
	return fmt.Sprintf("keep the old keypair in the console and run the same command again: %s records how far each server got, and the rotation resumes there", journal)
}

// Rotation is the fix for a server's failed rotation.
func Rotation(e *fleet.RotationError) []string {
	var auth *sshclient.AuthError
	var fixes []string
	switch {
	case e.RollbackErr != nil:
		fixes = append(fixes, "the rollback failed: keep the connection you have, check the user's ~/.ssh/authorized_keys on the server now, and keep both keys until it holds the one that logs in")
	case e.Step == fleet.NewProven && errors.As(e.Err, &auth):
		fixes = append(fixes, "the server refuses the new key although its line was added: check that its sshd takes the key's type (PubkeyAcceptedAlgorithms; hardened and FIPS servers refuse some), that AuthorizedKeysFile is ~/.ssh/authorized_keys and that the user may log in (AllowUsers, a locked account), or rotate to a key of another type (keyconv keygen -t)")
	case errors.Is(e.Err, fleet.ErrOldKeyStillAccepted):
		fixes = append(fixes, "look for the old key in sshd's other AuthorizedKeysFile entries and in cert-authority lines, and remove it there")
	}
	return fixes
}
