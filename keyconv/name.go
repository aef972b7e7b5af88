package keyconv

import (
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
)

// The cloud console names a keypair once, when it is created, and hands out
// its private key as NAME.pem; its guide has users save the PuTTY key as
// NAME.ppk. A server accepts only the keypair it was created with, so a key
// file whose name has drifted from its keypair's is the first thing to rule
// out when a login is refused.

// Keypair names, as keyconv enforces them: 1 to 64 characters, ASCII letters,
// digits, hyphens and underscores, starting with a letter or digit. The rule
// keeps a name safe as a file name on Windows, macOS and Linux alike, and
// leaves no dot to confuse with the file's extension.
//
// Compiled on first use, as is duplicateSuffix: a regexp compiled at
// package init costs every keyconv process, and the key commands must
// start as fast as puttygen (issue 13).
var keypairNamePattern = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$`)
})

// The console's own rule is narrower: it names keypairs with at most 20
// English letters and digits. A name outside it (my_key, a 30-character
// name) is still a safe file name, and the key may come from elsewhere, so
// keyconv accepts it; the CLI warns, since a keypair made in the console
// cannot carry it. The firewall package states the same rule for the cloud
// file, where it is an error. Compiled on first use, as keypairNamePattern.
var consoleKeypairNamePattern = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^[A-Za-z0-9]{1,20}$`)
})

// IsConsoleKeypairName reports whether the cloud console could have named
// a keypair name: 1 to 20 English letters and digits. Any name that
// [ValidateKeypairName] accepts works with keyconv; one the console could
// not have produced suggests a typo, or a key made elsewhere.
func IsConsoleKeypairName(name string) bool { return consoleKeypairNamePattern().MatchString(name) }

// keyFileExtensions are the extensions a keypair's key file may carry: the
// console's download and puttygen's conversion.
var keyFileExtensions = []string{".pem", ".ppk"}

// KeyFileExtensions returns the extensions a keypair's key file may carry,
// in the order to look for them: ".pem" (the cloud console's download),
// then ".ppk" (puttygen's conversion of it). The slice is the caller's.
func KeyFileExtensions() []string { return slices.Clone(keyFileExtensions) }

// ValidateKeypairName reports whether name is a keypair name keyconv accepts.
func ValidateKeypairName(name string) error {
	if !keypairNamePattern().MatchString(name) {
		return fmt.Errorf("keyconv: invalid keypair name %q: use 1 to 64 letters, digits, '-' or '_', starting with a letter or digit", truncateForMessage(name))
	}
	return nil
}

// NameProblem classifies how a key file's name differs from its keypair's.
type NameProblem int

// The mistakes [CheckKeyFileName] recognises, most specific first.
const (
	NameDifferent        NameProblem = iota + 1 // another keypair's name altogether
	NameCaseOnly                                // Cafe24.pem for keypair cafe24
	NameDuplicateSuffix                         // cafe24 (1).pem, cafe24-1.pem: a browser's second download
	NameDoubledExtension                        // cafe24.ppk.txt, cafe24.pem.ppk
	NameStraySpaces                             // " cafe24.pem", "cafe24 .pem"
	NameWrongExtension                          // cafe24.key, cafe24
)

// NameMismatchError says how a key file's name differs from the keypair it
// should carry, and what it should be called.
type NameMismatchError struct {
	File    string      // the file's base name as given
	Keypair string      // the keypair it was checked against
	Problem NameProblem // which mistake it looks like
	Want    string      // the name the file should have
}

// Error states what failed, with the data the fields carry.
func (e *NameMismatchError) Error() string {
	prefix := fmt.Sprintf("keyconv: key file %q does not match keypair %q: ", e.File, e.Keypair)
	name := fmt.Sprintf("; the keypair's file is named %s", e.Want)
	switch e.Problem {
	case NameCaseOnly:
		return prefix + "the names differ only in case, and keypair names are case-sensitive" + name
	case NameDuplicateSuffix:
		return prefix + fmt.Sprintf("it looks like a second download of %s (browsers add \" (1)\" or \"-1\")", e.Want)
	case NameDoubledExtension:
		return prefix + "it has two extensions (Windows hides the last one by default)" + name
	case NameStraySpaces:
		return prefix + "it has stray spaces" + name
	case NameWrongExtension:
		return prefix + "a keypair's key file ends in .pem or .ppk" + name
	}
	return prefix + fmt.Sprintf("it belongs to another keypair; the key of keypair %q is %s, and a server accepts only the keypair it was created with", e.Keypair, e.Want)
}

// String returns the problem's name, such as "case-only", as the CLI's
// JSON and logs print it.
func (p NameProblem) String() string {
	switch p {
	case NameDifferent:
		return "different"
	case NameCaseOnly:
		return "case-only"
	case NameDuplicateSuffix:
		return "duplicate-suffix"
	case NameDoubledExtension:
		return "doubled-extension"
	case NameStraySpaces:
		return "stray-spaces"
	case NameWrongExtension:
		return "wrong-extension"
	}
	return fmt.Sprintf("NameProblem(%d)", int(p))
}

// duplicateSuffix matches what browsers and file managers append to a second
// copy of a download: " (1)", "(2)", "-1", "_1", " copy", " - Copy".
var duplicateSuffix = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)(\s*\(\d+\)|[-_]\d+|\s+copy|\s+-\s+copy)$`)
})

// CheckKeyFileName checks that the key file at path is named after keypair:
// KEYPAIR.pem or KEYPAIR.ppk. Only the file's base name is looked at. A
// mismatch is a [*NameMismatchError] that names the usual mistake and the
// name the file should have; an invalid keypair name is an error of its own.
func CheckKeyFileName(path, keypair string) error {
	if err := ValidateKeypairName(keypair); err != nil {
		return err
	}
	file := baseName(path)
	mismatch := func(p NameProblem, ext string) error {
		return &NameMismatchError{File: file, Keypair: keypair, Problem: p, Want: keypair + ext}
	}

	stem, ext := splitKeyExtension(file)
	if ext == "" {
		// No .pem/.ppk at the end: perhaps one hides before another
		// extension (cafe24.ppk.txt), or there is none at all.
		if inner, innerExt := splitKeyExtension(strings.TrimSuffix(file, filepath.Ext(file))); innerExt != "" && filepath.Ext(file) != "" {
			if problem := compareStem(strings.TrimSpace(inner), keypair); problem == 0 {
				return mismatch(NameDoubledExtension, innerExt)
			}
		}
		if compareStem(strings.TrimSpace(strings.TrimSuffix(file, filepath.Ext(file))), keypair) == 0 {
			return mismatch(NameWrongExtension, ".pem")
		}
		return mismatch(NameDifferent, ".pem")
	}
	if inner, innerExt := splitKeyExtension(stem); innerExt != "" {
		// cafe24.pem.ppk: puttygen's output named after the input file.
		if compareStem(strings.TrimSpace(inner), keypair) == 0 {
			return mismatch(NameDoubledExtension, ext)
		}
	}
	if stem != strings.TrimSpace(stem) || file != strings.TrimSpace(file) {
		if compareStem(strings.TrimSpace(stem), keypair) == 0 {
			return mismatch(NameStraySpaces, ext)
		}
	}
	if problem := compareStem(stem, keypair); problem != 0 {
		return mismatch(problem, ext)
	}
	return nil
}

// compareStem compares a file name without extension to a keypair name:
// zero when they match, otherwise the most specific problem.
func compareStem(stem, keypair string) NameProblem {
	switch {
	case stem == keypair:
		return 0
	case strings.EqualFold(stem, keypair):
		return NameCaseOnly
	}
	if trimmed := duplicateSuffix().ReplaceAllString(stem, ""); trimmed != stem && strings.EqualFold(trimmed, keypair) {
		return NameDuplicateSuffix
	}
	return NameDifferent
}

// splitKeyExtension splits off a trailing .pem or .ppk, in any case and
// with any spaces around it.
func splitKeyExtension(name string) (stem, ext string) {
	trimmed := strings.TrimRight(name, " ")
	e := strings.ToLower(filepath.Ext(trimmed))
	for _, known := range keyFileExtensions {
		if e == known {
			return strings.TrimSuffix(trimmed, trimmed[len(trimmed)-len(e):]), known
		}
	}
	return name, ""
}

// baseName is filepath.Base that also understands Windows separators on
// every platform, since a name typed on Windows may be checked elsewhere.
func baseName(path string) string {
	if i := strings.LastIndexAny(path, `/\`); i >= 0 {
		path = path[i+1:]
	}
	return path
}
