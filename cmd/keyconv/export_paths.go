package main

import (
	"fmt"
	"strings"

	"github.com/cloudkeypair/keypair/cmd/keyconv/internal/fix"
	"github.com/cloudkeypair/keypair/sshclient/clientconf"
)

// pathForm is the form export writes paths in: the client's, which is
// Windows' when the client runs on Windows.
type pathForm int

const (
	// hostPaths: this system's paths, as they are.
	hostPaths pathForm = iota
	// windowsPaths: Windows paths; a path that has no Windows form makes
	// its server a problem (--windows outside Windows asked for them).
	windowsPaths
	// windowsPathsIfAll: Windows paths when every key's path has one,
	// else this system's with a warning (a Windows-only client, no
	// --windows, outside Windows).
	windowsPathsIfAll
)

// choosePathForm is the form of the paths for a format's clients when
// keyconv runs on goos (runtime.GOOS; a parameter so that the choice is
// tested for Windows everywhere). On Windows every path is a Windows path
// already. Elsewhere --windows asks for Windows paths, and a format whose
// clients run only on Windows (putty-reg, winscp) gets them unasked where
// the keys have them, as they do under WSL's /mnt/c/: those clients can
// open no other path. A key outside /mnt/X/ has no Windows form, and such
// a file may still be meant for copying to Windows with its keys, so it is
// written with this system's paths, warning, rather than refused.
func choosePathForm(goos string, windowsFlag, windowsOnly bool) pathForm {
	switch {
	case goos == "windows" || windowsFlag:
		return windowsPaths
	case windowsOnly:
		return windowsPathsIfAll
	}
	return hostPaths
}

// clientPath is the absolute path abs in form, keyconv running on goos:
// on Windows, or in hostPaths, abs itself; otherwise only a path under
// WSL's /mnt/X/ has a Windows form, X:\...
func clientPath(goos string, form pathForm, abs string) (string, error) {
	if form == hostPaths || goos == "windows" {
		return abs, nil
	}
	rest, ok := strings.CutPrefix(abs, "/mnt/")
	if ok && len(rest) >= 2 && rest[1] == '/' && (rest[0] >= 'a' && rest[0] <= 'z' || rest[0] >= 'A' && rest[0] <= 'Z') {
		return strings.ToUpper(rest[:1]) + `:\` + strings.ReplaceAll(rest[2:], "/", `\`), nil
	}
	return "", fmt.Errorf("%s is not on a Windows drive (WSL's /mnt/X/)", abs)
}

// mapWindowsIfAll gives the hosts' paths their Windows form
// (windowsPathsIfAll) when every key format's clients open has one: the
// .ppk for a format that needs .ppk keys, else the OpenSSH key. Otherwise
// it leaves every path as it is and returns the warning that the clients
// cannot open them, and its fix. The paths the format does not write (the
// other key; the known_hosts file, since the Windows-only clients this is
// for carry the host keys themselves) are mapped where they can be and
// left out where not.
func mapWindowsIfAll(goos string, format clientconf.Format, hosts []clientconf.Host) (warning, hint string) {
	mapped := make([]clientconf.Host, len(hosts))
	for i, h := range hosts {
		key, others := &h.KeyFile, []*string{&h.PPKFile, &h.KnownHostsFile}
		if format.NeedsPPK {
			key, others = &h.PPKFile, []*string{&h.KeyFile, &h.KnownHostsFile}
		}
		if *key != "" {
			w, err := clientPath(goos, windowsPathsIfAll, *key)
			if err != nil {
				return fmt.Sprintf("%s is for clients on Windows, and the paths written are not Windows paths: %v", format.Name, err), fix.ExportWindowsPath
			}
			*key = w
		}
		for _, p := range others {
			if *p != "" {
				*p, _ = clientPath(goos, windowsPathsIfAll, *p)
			}
		}
		mapped[i] = h
	}
	copy(hosts, mapped)
	return "", ""
}
