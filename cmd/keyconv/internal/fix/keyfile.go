package fix

import (
	"fmt"
)

// The fixes for a private key file: which file to give, its mode, its
// passphrase, its name.

// NoKeyFile is the fix for a command that logs in and was given no key.
const NoKeyFile = "give the keypair's private key file with -i FILE, such as -i cafe24.pem"

// KeyFileMissing is the fix for a key file that does not exist.
const KeyFileMissing = "give the private key file the cloud console downloaded for the keypair (KEYPAIR.pem) with -i FILE"

// KeyFileUnusable is the fix for a key file that cannot be opened or read.
const KeyFileUnusable = "give the private key file with -i FILE"

// KeyFileIsDirectory is the fix for a directory given as the key file.
const KeyFileIsDirectory = "give the private key file itself with -i FILE"

// KeyFileTooLarge is the fix for a file too large to be a private key.
const KeyFileTooLarge = "give the private key file the cloud console downloaded (a few kilobytes at most)"

// NotAPrivateKey is the fix for a file that holds no private key.
const NotAPrivateKey = "give the private key (.pem or .ppk) the cloud console gave for the keypair, not a public key or another file"

// KeyTypeForSSH is the fix for a key of a type SSH servers do not take.
const KeyTypeForSSH = "convert it to a key type SSH servers take: RSA, ECDSA or Ed25519"

// KeyMode is the fix for a private key that group or others can read,
// which ssh refuses.
func KeyMode(path string) string { return Native.KeyMode(path) }

// KeyUnreadable is the fix for a key file the user may not read.
func KeyUnreadable(path string) string {
	return "make it yours and readable by you only: " + KeyMode(path)
}

func (c Context) passphraseFlag() string {
	if c.PassphraseFlag == "" {
		return "--passphrase-file"
	}
	return c.PassphraseFlag
}

// Passphrase is the fix for an encrypted key whose passphrase nobody gave.
func (c Context) Passphrase() string {
	return fmt.Sprintf("give the key's passphrase with %s FILE (its first line), or run keyconv in a terminal to be asked", c.passphraseFlag())
}

// WrongPassphrase is the fix for a passphrase that does not open the key.
func (c Context) WrongPassphrase() string {
	return fmt.Sprintf("check the passphrase; %s uses the file's first line, without its line ending", c.passphraseFlag())
}

// RenameKeyFile is the fix for a key file whose name drifted from its
// keypair's: the command that gives it the keypair's name.
func RenameKeyFile(from, to string) string { return "rename it: " + Rename(from, to) }

// OtherKeypairFile is the fix for a key file named for another keypair
// than the server's, which the server refuses.
func OtherKeypairFile(keypair, file string) string {
	return fmt.Sprintf("use keypair %q's own key file, %s", keypair, file)
}

// KeypairUnknown is what the doctor says it needs when it skips the
// key file's name check for want of a keypair name.
const KeypairUnknown = "give --keypair NAME, or the server's keypair in the firewall file"

// KeypairFlag is the fix for converting a file named for another keypair
// than --keypair says.
func KeypairFlag(keypair string) string {
	return fmt.Sprintf("check that this is the key of keypair %s, or pass the right --keypair", keypair)
}

// KeypairName is the fix for a keypair name that cannot be one.
const KeypairName = "give the keypair's name as the cloud console shows it"

// PEM2PPK is the command that makes PuTTY's key from the PEM file pem,
// as the guide does: named after keypair when keypair is not ""
// (--keypair), replacing a .ppk that exists when force is set.
func PEM2PPK(pem, keypair string, force bool) string {
	cmd := "keyconv pem2ppk "
	if force {
		cmd += "--force "
	}
	if keypair != "" {
		cmd += "--keypair " + Quote(keypair) + " "
	}
	return cmd + Quote(pem)
}

// PPK2PEM is the command that makes OpenSSH's key pem from the PPK file
// ppk, replacing a pem that exists when force is set.
func PPK2PEM(ppk, pem string, force bool) string {
	cmd := "keyconv ppk2pem "
	if force {
		cmd += "--force "
	}
	return cmd + Quote(ppk) + " -o " + Quote(pem)
}

// StaleKeyFile is the fix for the keypair's other key file (the .ppk
// beside the .pem, or the reverse) when it holds another key than the one
// checked, or none: make it again from the checked one with remake, a
// PEM2PPK or PPK2PEM command with force.
func StaleKeyFile(stale, remake string) string {
	return fmt.Sprintf("make %s again from the key checked here: %s", stale, remake)
}

// UTF16Key is the fix for a key file saved as UTF-16 text; file is its
// name, quoted for the platform's shell.
func UTF16Key(file string) string {
	return "PowerShell 5's > and Notepad's Unicode encodings save keys as UTF-16; convert it back with: keyconv fix-key " + file
}

// FixKey is the fix for a key file others may open, on any platform:
// keyconv's own command, which sets a Windows access list by SID where
// icacls recipes name groups in one language.
func FixKey(file string) string { return "make it private: keyconv fix-key " + file }

// FollowLink is the fix for a command that rewrites a key file in place
// (fix-key, pem2ppk -P) given a symbolic link.
func FollowLink(command, target string) string {
	return "run " + command + " on the file it points to, " + target
}

// HardLinked is the fix for a key file to rewrite in place that has
// other names.
const HardLinked = "rewrite a copy of your own, or remove the file's other names first"

// MoveBackup is the fix for fix-key finding FILE.bak taken.
func MoveBackup(backup string) string {
	return "move " + backup + " out of the way and run fix-key again"
}

// NotKeyOwner is the fix for a key file another account owns.
func NotKeyOwner(owner string) string {
	return "run fix-key as " + owner + ", the file's owner, or make a copy of your own"
}

// CopyKey is the fix for a key file whose permissions cannot be changed.
const CopyKey = "copy the key into a folder of your own and run fix-key on the copy"
