package clientconf

import (
	"fmt"
	"strings"

	"github.com/cloudkeypair/keypair/sshclient"
)

// Format is one kind of client configuration: its name as keyconv export
// takes it, the clients that read it, and its writer. Every format is a
// line of the table [Formats] returns.
type Format struct {
	// Name is the format as keyconv export takes it: "ssh-config".
	Name string

	// Clients are the programs that read the format, as their users name
	// them, for keyconv export -h.
	Clients []string

	// NeedsPPK says the clients read PuTTY's .ppk keys only: every Host's
	// PPKFile must be set (keyconv export --convert writes missing ones).
	NeedsPPK bool

	// WindowsOnly says the clients run on Windows only, so the paths in
	// the Hosts must be Windows paths (keyconv export --windows).
	WindowsOnly bool

	// Write returns the configuration for hosts, in the order given.
	Write func(hosts []Host, opts Options) ([]byte, error)

	// WriteFiles, set instead of Write for a format that is a folder of
	// files rather than one file, returns them keyed by path relative to
	// the folder, "/"-separated.
	WriteFiles func(hosts []Host, opts Options) (map[string][]byte, error)
}

// Options are what a writer may be asked beyond the hosts. The zero value
// is each format's default.
type Options struct {
	// Comment, if set, is written first as a comment line (one line), in
	// the formats that have comments: who wrote the file, from what.
	Comment string

	// INI asks for the Ansible inventory in INI form instead of YAML.
	INI bool

	// Folders puts the sites in folders, in the formats that have them
	// (WinSCP, FileZilla).
	Folders FolderBy

	// PuTTYHostKeyCache adds the known host keys to PuTTY's host-key cache
	// (the SshHostKeys registry key) in the .reg file, as if the user had
	// accepted each; for PuTTY on Unix see [MergePuTTYHostKeys].
	PuTTYHostKeyCache bool
}

// formats is the table keyconv export reads: one line per format, in the
// order keyconv export -h lists them.
var formats = []Format{
	{Name: "ssh-config", Clients: []string{"OpenSSH ssh, scp, sftp", "VS Code Remote-SSH"}, Write: WriteSSHConfig},
	{Name: "ansible", Clients: []string{"Ansible (YAML inventory; INI with --ini)"}, Write: WriteAnsible},
	{Name: "putty", Clients: []string{"PuTTY, plink, pscp, psftp on Linux and macOS (saved sessions)"}, NeedsPPK: true, WriteFiles: WritePuTTYSessions},
	{Name: "putty-reg", Clients: []string{"PuTTY, plink, pscp, psftp on Windows (a .reg file for regedit)"}, NeedsPPK: true, WindowsOnly: true, Write: WritePuTTYRegistry},
	{Name: "winscp", Clients: []string{"WinSCP (WinSCP.ini)"}, NeedsPPK: true, WindowsOnly: true, Write: WriteWinSCPIni},
	{Name: "filezilla", Clients: []string{"FileZilla (sitemanager.xml, File > Import)"}, NeedsPPK: true, Write: WriteFileZilla},
}

// Formats returns every format, in the order to list them.
func Formats() []Format { return append([]Format(nil), formats...) }

// FormatNamed returns the format called name, or an error listing the
// formats there are.
func FormatNamed(name string) (Format, error) {
	for _, f := range formats {
		if f.Name == name {
			return f, nil
		}
	}
	return Format{}, fmt.Errorf("clientconf: unknown format %q (want %s)", name, strings.Join(FormatNames(), ", "))
}

// FormatNames returns the names of the formats, in the order [Formats]
// lists them.
func FormatNames() []string {
	names := make([]string, len(formats))
	for i, f := range formats {
		names[i] = f.Name
	}
	return names
}

// checkLine refuses a value that would end the line it is written on, or
// hide in it: a configuration file is lines, and a newline in a user name
// or a path would add a line of someone else's choosing.
func checkLine(h *Host, field, value string) error {
	for _, r := range value {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f) {
			return fmt.Errorf("clientconf: server %q: %s %q holds a control character", h.Name, field, value)
		}
	}
	return nil
}

// checkHost refuses a Host no client could dial, and fields no format can
// hold.
func checkHost(h *Host) error {
	if h.Name == "" {
		return fmt.Errorf("clientconf: a host has no name")
	}
	if h.Address == "" {
		return fmt.Errorf("clientconf: server %q has no address", h.Name)
	}
	if h.Port < 0 || h.Port > 65535 {
		return fmt.Errorf("clientconf: server %q: port %d is out of range", h.Name, h.Port)
	}
	for _, f := range []struct{ field, value string }{
		{"name", h.Name}, {"address", h.Address}, {"user", h.User}, {"os", h.OS},
		{"key file", h.KeyFile}, {"ppk file", h.PPKFile}, {"known_hosts file", h.KnownHostsFile},
	} {
		if err := checkLine(h, f.field, f.value); err != nil {
			return err
		}
	}
	for _, g := range append(append([]string(nil), h.Groups...), h.Firewalls...) {
		if err := checkLine(h, "group", g); err != nil {
			return err
		}
	}
	// After checkLine, whose message says more of a line break: no
	// account has a name with %, ${, {{ or a space in it, and the clients
	// would expand them (ssh_config's User a%hb${HOME}, an Ansible
	// template) or split on the space.
	if h.User != "" {
		if err := sshclient.ValidateLoginName(h.User); err != nil {
			return fmt.Errorf("clientconf: server %q: %w", h.Name, err)
		}
	}
	return nil
}
