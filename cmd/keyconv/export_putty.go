package main

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"

	"github.com/cloudkeypair/keypair/cmd/keyconv/internal/fix"
	"github.com/cloudkeypair/keypair/sshclient/clientconf"
)

// writeFiles writes a format that is a folder of files, PuTTY's saved
// sessions, into the settings directory --putty-dir names (by default the
// one PuTTY reads). A session identical to the one there is left alone, so
// a second run changes nothing; one that differs is replaced only with
// --force, and then no file is written at all. With --host-key-cache the
// verified host keys are merged into the directory's sshhostkeys, the
// user's other entries kept.
func (f *exportFlags) writeFiles(sio *stdio, format clientconf.Format, hosts []clientconf.Host, opts clientconf.Options) error {
	files, err := format.WriteFiles(hosts, opts)
	if err != nil {
		return err
	}
	dir := f.puttyDir
	if dir == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return withHints(fmt.Errorf("cannot find PuTTY's settings directory: %w", err), fix.PuTTYDir)
		}
		dir = clientconf.PuTTYSettingsDir(os.Getenv, home, func(p string) bool {
			_, err := os.Stat(p)
			return err == nil
		})
	}
	// replace is set where the file was there and may be replaced: a new
	// one is linked into place, failing if it appeared meanwhile.
	type write struct {
		path    string
		data    []byte
		replace bool
	}
	var writes []write
	var unchanged []string
	for _, name := range slices.Sorted(maps.Keys(files)) {
		path := filepath.Join(dir, filepath.FromSlash(name))
		old, err := os.ReadFile(path)
		switch {
		case err == nil && bytes.Equal(old, files[name]):
			unchanged = append(unchanged, path)
			continue
		case err == nil && !f.force:
			return errAlreadyExists(path)
		case err != nil && !errors.Is(err, fs.ErrNotExist):
			return fmt.Errorf("cannot read %s: %w", path, unwrapPathError(err))
		}
		writes = append(writes, write{path, files[name], err == nil})
	}
	if f.hostKeyCache {
		path := filepath.Join(dir, "sshhostkeys")
		old, readErr := os.ReadFile(path)
		if readErr != nil && !errors.Is(readErr, fs.ErrNotExist) {
			return fmt.Errorf("cannot read %s: %w", path, unwrapPathError(readErr))
		}
		merged, err := clientconf.MergePuTTYHostKeys(old, hosts)
		if err != nil {
			return err
		}
		switch {
		case len(merged) == 0 && readErr != nil:
			// No key known and no cache yet: nothing to write or report.
		case bytes.Equal(old, merged):
			unchanged = append(unchanged, path)
		default:
			// Replacing is safe without --force: the merge keeps every
			// entry of the user's own.
			writes = append(writes, write{path, merged, readErr == nil})
		}
	}
	for _, w := range writes {
		// PuTTY makes its directories owner-only (make_dir_path 0700).
		if err := os.MkdirAll(filepath.Dir(w.path), 0o700); err != nil {
			return fmt.Errorf("cannot create %s: %w", filepath.Dir(w.path), unwrapPathError(err))
		}
		out := outputFile{Path: w.path, Force: w.replace, Perm: 0o600}
		if err := out.write(nil, w.data); err != nil {
			return err
		}
		fmt.Fprintf(sio.Err, "keyconv: wrote %s\n", escape(w.path))
	}
	for _, path := range unchanged {
		fmt.Fprintf(sio.Err, "keyconv: %s is up to date\n", escape(path))
	}
	return nil
}

// checkPuTTYFlags refuses the PuTTY, WinSCP and FileZilla flags where
// they mean nothing for format, and sets the writer's options they ask.
func (f *exportFlags) checkPuTTYFlags(format clientconf.Format, opts *clientconf.Options) error {
	if format.WriteFiles != nil {
		if runtime.GOOS == "windows" {
			return withHints(usageErrorf("PuTTY on Windows keeps its sessions in the registry, not in files"), fix.PuTTYOnWindows)
		}
		if f.out != "" {
			return usageErrorf("%s writes a file per session into PuTTY's settings directory: give it with --putty-dir, not -o", format.Name)
		}
	} else if f.puttyDir != "" {
		return usageErrorf("--putty-dir is for the putty format")
	}
	if f.hostKeyCache {
		if format.Name != "putty" && format.Name != "putty-reg" {
			return usageErrorf("--host-key-cache is for the putty and putty-reg formats")
		}
		opts.PuTTYHostKeyCache = true
	}
	switch f.folders {
	case "":
	case "group", "firewall":
		if format.Name != "winscp" && format.Name != "filezilla" {
			return usageErrorf("--folders is for the winscp and filezilla formats")
		}
		opts.Folders = clientconf.FoldersByGroup
		if f.folders == "firewall" {
			opts.Folders = clientconf.FoldersByFirewall
		}
	default:
		return usageErrorf("--folders takes group or firewall, not %q", f.folders)
	}
	return nil
}
