package main

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/cloudkeypair/keypair/cmd/keyconv/internal/fix"
	"github.com/cloudkeypair/keypair/sshclient/clientconf"
)

// writeInto is ssh-config's --into CONFIG: keyconv's hosts go to a file of
// keyconv's own, and CONFIG gets one Include line for it at its top, so
// that the user's own entries are never rewritten. At the top, before any
// Host or Match line, the Include applies to every host, and OpenSSH takes
// the first value it meets for each option, so keyconv's hosts keep their
// settings whatever a later "Host *" says. Each step is skipped when there
// is nothing to change, so running export again changes nothing unless
// the cloud file did.
func (f *exportFlags) writeInto(sio *stdio, data []byte) error {
	config, err := filepath.Abs(f.into)
	if err != nil {
		return err
	}
	// A config kept elsewhere and linked into ~/.ssh (a dotfiles folder)
	// is changed where it lives, and stays linked.
	if real, err := filepath.EvalSymlinks(config); err == nil {
		config = real
	}
	own := f.out
	if own == "" {
		own = filepath.Join(filepath.Dir(config), "keyconv.conf")
	}
	if own, err = filepath.Abs(own); err != nil {
		return err
	}
	if samePath(own, config) {
		return usageErrorf("-o names the config --into adds an Include to: give keyconv's own file")
	}
	// ~/.ssh may not exist yet on a new machine; ssh makes it 0700 too.
	if err := os.MkdirAll(filepath.Dir(config), 0o700); err != nil {
		return err
	}
	if err := f.writeOwn(sio, own, data); err != nil {
		return err
	}
	// ssh-config's clients run everywhere: Windows paths on Windows or
	// with --windows only.
	return addInclude(sio, config, own, choosePathForm(runtime.GOOS, f.windows, false))
}

// writeOwn replaces keyconv's file with data, unless it holds data
// already; a file there that keyconv did not write is kept unless --force.
func (f *exportFlags) writeOwn(sio *stdio, own string, data []byte) error {
	old, err := os.ReadFile(own)
	switch {
	case err == nil && bytes.Equal(old, data):
		fmt.Fprintf(sio.Err, "keyconv: %s is up to date\n", escape(own))
		return nil
	case err == nil && !bytes.HasPrefix(old, []byte("# "+exportMarker)) && !f.force:
		return withHints(fmt.Errorf("%s exists and was not written by keyconv export", own), fix.ExportIntoNotOurs)
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return err
	}
	if err := (outputFile{Path: own, Force: true, Perm: 0o600}).write(sio.Out, data); err != nil {
		return err
	}
	fmt.Fprintf(sio.Err, "keyconv: wrote %s\n", escape(own))
	return nil
}

// addInclude puts "Include OWN" on the first line of config, unless a line
// of it includes own already; a missing config is created with that line
// alone. The file keeps its mode and its line endings.
func addInclude(sio *stdio, config, own string, form pathForm) error {
	path, err := clientPath(runtime.GOOS, form, own)
	if err != nil {
		return withHints(err, fix.ExportWindowsPath)
	}
	line, err := clientconf.SSHConfigInclude(path)
	if err != nil {
		return err
	}
	old, err := os.ReadFile(config)
	perm := os.FileMode(0o600)
	switch {
	case err == nil:
		if includes(old, line, path) {
			return nil
		}
		info, err := os.Stat(config)
		if err != nil {
			return err
		}
		perm = info.Mode().Perm()
	case !errors.Is(err, fs.ErrNotExist):
		return err
	}
	eol := "\n"
	if i := bytes.IndexByte(old, '\n'); i > 0 && old[i-1] == '\r' {
		eol = "\r\n"
	}
	data := append([]byte(line+eol), old...)
	if err := writeAtomically(config, perm, data, nil, outputFile{Path: config, Force: true}.commit); err != nil {
		return err
	}
	fmt.Fprintf(sio.Err, "keyconv: added '%s' at the top of %s\n", escape(line), escape(config))
	return nil
}

// includes reports whether a line of config already includes path, as
// line writes it or with the path unquoted.
func includes(config []byte, line, path string) bool {
	for _, l := range strings.Split(string(config), "\n") {
		l = strings.TrimSpace(l)
		if l == line {
			return true
		}
		keyword, arg, ok := strings.Cut(l, " ")
		if ok && strings.EqualFold(keyword, "include") && strings.TrimSpace(arg) == path {
			return true
		}
	}
	return false
}
