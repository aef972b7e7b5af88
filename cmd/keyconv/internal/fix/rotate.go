package fix

import (
	"fmt"
	"strings"
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
	return fmt.Sprintf("keep the old keypair %s in the console: %s still use it; rotate them too (--server %s) before retiring it",
		oldKeypair, strings.Join(servers, ", "), strings.Join(servers, ","))
}

// RotateResume is the fix after a rotation some servers did not finish.
func RotateResume(journal string) string {
	return fmt.Sprintf("keep the old keypair in the console and run the same command again: %s records how far each server got, and the rotation resumes there", journal)
}
