package fix

// The fixes for puttygen's habits that keyconv does not share: each
// puttygen flag or output type keyconv lacks, and the keyconv command
// (or other tool) that does the job.

const (
	generate = "keyconv does not generate keys: make one with ssh-keygen -t ed25519 -f KEY (or create a keypair in the cloud console), then convert it with keyconv pem2ppk KEY"
	certs    = "keyconv does not handle OpenSSH certificates: use ssh-keygen -L -f CERT to read one, and keyconv for the key itself"
	dump     = "keyconv info KEYFILE shows a key's type, size, fingerprints, comment and PPK parameters"
)

// PuttygenFlag is the fix for a puttygen flag (named without its dashes)
// that keyconv does not take, and whether there is one. (A switch, not a
// map: the key commands start in about a millisecond, and a package-level
// map is built at every start.)
func PuttygenFlag(name string) (string, bool) {
	switch name {
	case "t", "b", "primes", "strong-rsa", "random-device":
		return generate, true
	case "certificate", "remove-certificate", "cert-info":
		return certs, true
	case "dump":
		return dump, true
	case "pgpfp":
		return "keyconv is not PuTTY: see PuTTY's own puttygen --pgpfp for the PuTTY release keys", true
	case "V", "version":
		return "run 'keyconv version'", true
	}
	return "", false
}

// OutputTypes is the fix for an unknown -O type.
const OutputTypes = "-O takes private, private-openssh, private-openssh-new, public, public-openssh or fingerprint, as puttygen does"

// PuttygenOutput is the fix for a puttygen -O type keyconv does not
// write: the nearest keyconv command, or the list of the types it does.
func PuttygenOutput(name string) string {
	switch name {
	case "private-sshcom":
		return "keyconv does not write ssh.com keys: it writes PPK (keyconv pem2ppk) and PEM or OpenSSH keys (keyconv ppk2pem); puttygen -O private-sshcom writes ssh.com's"
	case "cert-info":
		return certs
	case "text":
		return dump
	}
	return OutputTypes
}

// NewPassphrase is the fix for -P with no --new-passphrase and no
// terminal to ask on.
const NewPassphrase = "give the new passphrase with --new-passphrase FILE (its first line; an empty file removes the passphrase), or run keyconv in a terminal to be asked"

// InPlaceFormat is the fix for -P on a key in a format keyconv reads but
// does not write.
const InPlaceFormat = "convert it with keyconv pem2ppk (or ppk2pem) and --new-passphrase FILE, which writes a new file beside it"

// BackupExists is the fix for -P --backup when the backup file exists.
const BackupExists = "move the old backup away, or leave out --backup"
