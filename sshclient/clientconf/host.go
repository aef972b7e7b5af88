// Package clientconf writes the files SSH clients read their saved servers
// from: OpenSSH's ssh_config (which VS Code Remote-SSH reads), an Ansible
// inventory, PuTTY's saved sessions (files for PuTTY on Unix, a .reg file
// for PuTTY on Windows), WinSCP's WinSCP.ini and FileZilla's
// sitemanager.xml.
//
// Most callers want [FormatNamed] (or [Formats], the table keyconv export
// lists): each [Format] names its clients and has one writer, which takes
// [Host] values and [Options]. The writers can also be called by name,
// such as [WriteSSHConfig].
//
// The package is pure: Hosts in, bytes out. [MergePuTTYHostKeys] merges
// host keys into the bytes of PuTTY's host-key cache, and
// [PuTTYSettingsDir] says where PuTTY reads its settings from the
// environment it is given. Building the hosts from the cloud file,
// converting keys, mapping paths to the client's OS and writing files is
// the caller's job (keyconv export).
package clientconf

import (
	"golang.org/x/crypto/ssh"

	"github.com/cloudkeypair/keypair/sshclient"
)

// Host is one server, with every field a client configuration names.
// Writers use the fields as given: paths must already be absolute and in
// the form of the OS the client runs on (see [Host.KeyFile]).
type Host struct {
	// Name is the cloud file's server name: the Host alias, the saved
	// session's name, the site's name.
	Name string

	// Address is what the client dials: the public IP.
	Address string

	// Port is the SSH port; 0 means 22.
	Port int

	// User is the login user (the cloud file's user:, else the OS's).
	User string

	// OS is the server's OS as the cloud file gives it; "" if unknown.
	OS string

	// KeyFile is the private key for OpenSSH and Ansible (the .pem or an
	// OpenSSH-format key), and PPKFile the .ppk for PuTTY, WinSCP and
	// FileZilla ("" when there is none). Absolute, in the client OS's form:
	// C:\keys\cafe24.pem for a client on Windows.
	KeyFile string
	PPKFile string

	// HostKeys are the host keys keyconv has verified for Address; empty
	// when none is known yet. KnownHostsFile is the known_hosts file that
	// holds them, for the clients that read one (OpenSSH, Ansible).
	HostKeys       []ssh.PublicKey
	KnownHostsFile string

	// Groups are the cloud file's groups the server is in, and Firewalls
	// the firewalls attached to it, for clients that group servers.
	Groups    []string
	Firewalls []string

	// Sudo is true when User has passwordless sudo, as the images' users
	// do (Ansible's become).
	Sudo bool
}

// PortOrDefault returns h.Port, or [sshclient.DefaultPort] when it is 0.
func (h *Host) PortOrDefault() int {
	if h.Port == 0 {
		return sshclient.DefaultPort
	}
	return h.Port
}
