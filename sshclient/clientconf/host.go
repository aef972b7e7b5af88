// Package clientconf writes the files SSH clients read their saved servers
// from: OpenSSH's ssh_config (which VS Code Remote-SSH reads), PuTTY's
// saved sessions, WinSCP's WinSCP.ini, FileZilla's sitemanager.xml and an
// Ansible inventory. It is pure: [Host] values in, bytes out. Building the
// hosts from the cloud file, converting keys and writing files is the
// caller's job (keyconv export).
package clientconf

import "golang.org/x/crypto/ssh"

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

// DefaultPort is the port a Host with Port 0 is dialled on.
const DefaultPort = 22

// PortOrDefault returns h.Port, or DefaultPort when it is 0.
func (h *Host) PortOrDefault() int {
	if h.Port == 0 {
		return DefaultPort
	}
	return h.Port
}
