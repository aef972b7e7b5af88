package main

import (
	"fmt"
	"io/fs"
	"os"

	"github.com/cloudkeypair/keypair/cmd/keyconv/internal/fix"
)

// checkRewritable refuses a key file that a rewrite by rename would
// mishandle, before anything is read or written; command names the
// command for the hint. A symbolic link would be replaced by a plain file
// and its target left as it was (unencrypted, after -P); a file with
// other hard links would get a new key under this name only, the old one
// staying under the others. Directories pass, for the read to report.
func checkRewritable(path, command string) (fs.FileInfo, error) {
	info, err := os.Lstat(path)
	if err != nil {
		return nil, fmt.Errorf("cannot open key file %s: %w", path, unwrapPathError(err))
	}
	if info.Mode()&fs.ModeSymlink != 0 {
		target, _ := os.Readlink(path)
		return nil, withHints(fmt.Errorf("%s is a symbolic link", path), fix.FollowLink(command, fileArg(target)))
	}
	if !info.Mode().IsRegular() && !info.IsDir() {
		return nil, fmt.Errorf("%s is not a regular file", path)
	}
	return info, nil
}

// checkOneLink refuses a regular file with more than one name: replacing
// it by rename changes it under path only.
func checkOneLink(path string, info fs.FileInfo) error {
	if n := hardLinks(info); info.Mode().IsRegular() && n > 1 {
		return withHints(fmt.Errorf("%s has %d names (hard links): rewriting it would change it under this name only and leave the old key under the others", path, n), fix.HardLinked)
	}
	return nil
}
