package clientconf

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// WinSCP's names are from its source: TSessionData::Save
// (core/SessionData.cpp) for the values, and core/HierarchicalStorage.cpp
// for how an INI file holds them (MungeStr, MungeIniName).

// winSCPSFTPOnly is TFSProtocol's fsSFTPonly: SFTP without falling back
// to SCP.
const winSCPSFTPOnly = 2

// WriteWinSCPIni returns the hosts as WinSCP sites in the format of its
// WinSCP.ini: a [Sessions\NAME] section each, the name escaped as WinSCP
// escapes a storage key, with HostName, PortNumber, UserName,
// PublicKeyFile (the PPKFile), FSProtocol=2 (SFTP) and, when the host
// keys are known, SshHostKey: their fingerprints as WinSCP prints them,
// separated by ";". WinSCP accepts a host key its own cache holds or one
// SshHostKey lists, and refuses any other without asking
// (TSecureShell::VerifyHostKey, CONFIGURED_KEY_NOT_MATCH).
//
// String values are %-escaped as WinSCP writes them (a space is %20, "\"
// is %5C), lines end in CRLF, opts.Comment is a ";" line at the top. With
// opts.Folders a site is named FOLDER/NAME, WinSCP's site folders; so a
// "/" in a Name or a folder, which WinSCP cannot escape, is refused, and so
// are names PuTTY's sessions also refuse (see [WritePuTTYSessions]).
// `winscp.exe /ini=WinSCP.ini` opens the sites; Tools > Import Sites
// reads them into an existing configuration.
func WriteWinSCPIni(hosts []Host, opts Options) ([]byte, error) {
	var b bytes.Buffer
	if err := writeComment(&b, ";", opts.Comment); err != nil {
		return nil, err
	}
	if err := checkPPKHosts(hosts); err != nil {
		return nil, err
	}
	if err := checkUTF8Hosts(hosts); err != nil {
		return nil, err
	}
	seen := make(sessionNames, len(hosts))
	for i := range hosts {
		h := &hosts[i]
		if err := seen.add(h); err != nil {
			return nil, err
		}
		if err := winSCPCheckSlash(h, opts.Folders); err != nil {
			return nil, err
		}
	}
	for i := range hosts {
		h := &hosts[i]
		values := [][2]string{
			{"HostName", winSCPMunge(h.Address, true)},
			{"PortNumber", strconv.Itoa(h.PortOrDefault())},
			{"UserName", winSCPMunge(h.User, true)},
			{"PublicKeyFile", winSCPMunge(h.PPKFile, true)},
			{"FSProtocol", strconv.Itoa(winSCPSFTPOnly)},
		}
		if len(h.HostKeys) > 0 {
			fingerprints := make([]string, len(h.HostKeys))
			for j, k := range h.HostKeys {
				fp, err := winSCPFingerprint(k)
				if err != nil {
					return nil, &HostError{Host: h.Name, Err: err}
				}
				fingerprints[j] = fp
			}
			values = append(values, [2]string{"SshHostKey", winSCPMunge(strings.Join(fingerprints, ";"), true)})
		}
		names := []string{h.Name}
		if in := h.folders(opts.Folders); in != nil {
			names = names[:0]
			for _, folder := range in {
				names = append(names, folder+"/"+h.Name)
			}
		}
		for _, name := range names {
			fmt.Fprintf(&b, "[Sessions\\%s]\n", winSCPMunge(name, false))
			for _, v := range values {
				fmt.Fprintf(&b, "%s=%s\n", v[0], v[1])
			}
			b.WriteString("\n")
		}
	}
	return crlf(b.Bytes()), nil
}

// winSCPCheckSlash refuses a "/" in h's Name, or in a folder it is filed
// in: WinSCP takes a site's name up to its last "/" as the folders it is
// in (TSessionData::GetFolderName) and has no escape for it, so server
// a/b would become site b in folder a.
func winSCPCheckSlash(h *Host, by FolderBy) error {
	if strings.Contains(h.Name, "/") {
		return &HostError{Host: h.Name, Err: errors.New(`WinSCP reads a "/" in a site's name as a folder`)}
	}
	for _, folder := range h.folders(by) {
		if strings.Contains(folder, "/") {
			return &HostError{Host: h.Name, Err: fmt.Errorf(`folder %q: WinSCP reads a "/" in a folder's name as a folder in a folder`, folder)}
		}
	}
	return nil
}

// winSCPMunge escapes s as WinSCP's MungeStr does for a storage key
// (value false) or a string value (true): as UTF-8, with the UTF-8
// byte-order mark in front when s is not plain ASCII, through PuTTY's
// escape_registry_key; a value keeps its "*" unescaped.
func winSCPMunge(s string, value bool) string {
	if len(s) != utf8.RuneCountInString(s) {
		s = "\uFEFF" + s
	}
	out := puttyRegistryKeyName(s)
	if value {
		out = strings.ReplaceAll(out, "%2A", "*")
	}
	return out
}
