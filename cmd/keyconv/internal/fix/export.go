package fix

import (
	"fmt"
	"strings"
)

// The fixes keyconv export gives.

// RecordHostKeys is the fix for servers whose host keys no known_hosts
// file holds yet: log in once with --accept-new, which records them, then
// export again so that the formats carrying the keys themselves get them.
// knownHosts is the --known-hosts FILE export read ("" for the default).
func RecordHostKeys(cloudFile string, servers []string, knownHosts string) string {
	cmd := "keyconv run -c " + Quote(cloudFile) + " --server " + Quote(strings.Join(servers, ","))
	if knownHosts != "" {
		cmd += " --known-hosts " + Quote(knownHosts)
	}
	return fmt.Sprintf("record their host keys with '%s --accept-new -- true' (compare the fingerprints with the cloud console's), then export again", cmd)
}

// SkipMissing is the fix for a selected server export cannot write: one
// without a public address or a key, or a name the file lacks.
const SkipMissing = "fix the cloud file or the key, or leave such servers out with --skip-missing"

// ExportConvert is the fix for a key that has no .ppk beside it when the
// format's clients read only PuTTY's keys.
const ExportConvert = "add --convert to write the missing .ppk beside each .pem (as keyconv pem2ppk does)"

// ExportOpenSSHKey is the fix for a server whose only key is a .ppk when
// the format's clients read OpenSSH keys.
func ExportOpenSSHKey(ppk string) string {
	return fmt.Sprintf("write an OpenSSH key beside it with 'keyconv ppk2pem %s'", Quote(ppk))
}

// ExportIntoNotOurs is the fix for an --into include file keyconv did not
// write, which it will not replace.
const ExportIntoNotOurs = "choose another file for keyconv's hosts with -o, or use --force to replace it"

// ExportWindowsPath is the fix for a path --windows cannot give a Windows
// form to: outside Windows, keyconv maps only WSL's /mnt/X/ folders.
const ExportWindowsPath = "keep the keys and known_hosts under /mnt/c/... (WSL's view of C:) and give them with --keys and --known-hosts, or run keyconv export on Windows"

// ExportPPKTooNew is the fix for an existing .ppk in a PPK version the
// client --for names cannot read: export writes it again from the .pem
// with --convert --force (hasPEM), or pem2ppk rewrites the .ppk in place,
// the same key under the same passphrase, in the version the client reads,
// which newer clients read too.
func ExportPPKTooNew(forClient, ppk string, hasPEM bool) string {
	inPlace := fmt.Sprintf("rewrite it in place with 'keyconv pem2ppk --for %s --reencrypt %s'", Quote(forClient), Quote(ppk))
	if hasPEM {
		return "add --convert --force to write it again from the .pem, or " + inPlace
	}
	return inPlace
}
