package clientconf

import (
	"bytes"
	"fmt"
	"strings"
)

// WriteSSHConfig writes an OpenSSH client configuration (ssh_config(5)),
// which ssh, scp, sftp and VS Code Remote-SSH read: a Host block per host,
// named as the cloud file names the server, with HostName, User, Port,
// IdentityFile and IdentitiesOnly yes (only the keypair's key is offered,
// so an agent's other keys cannot use up the server's MaxAuthTries), and
// UserKnownHostsFile when the host has one, so that ssh checks host keys
// against the file keyconv verified them into. Nothing turns host-key
// checking off.
//
// Hosts need a User and a KeyFile, and a Name given twice is refused (ssh
// would read only the first block). Paths are written as OpenSSH reads its
// arguments: quoted when they hold a space, a backslash escaped only where
// OpenSSH would take it for an escape (so C:\keys\cafe24.pem stays as
// typed), '%' doubled since these keywords (and HostName, so an IPv6
// zone's fe80::1%eth0 too) expand % tokens. A path with "${", which
// OpenSSH expands as an environment variable and has no escape for, is
// refused.
func WriteSSHConfig(hosts []Host, opts Options) ([]byte, error) {
	var b bytes.Buffer
	if err := writeComment(&b, "#", opts.Comment); err != nil {
		return nil, err
	}
	seen := make(map[string]bool, len(hosts))
	for i := range hosts {
		h := &hosts[i]
		if err := checkHost(h); err != nil {
			return nil, err
		}
		// ssh takes each setting from the first Host block that matches:
		// a second block of the same name would be read by nothing.
		if seen[h.Name] {
			return nil, &HostError{Host: h.Name, Err: errListedTwice}
		}
		seen[h.Name] = true
		if strings.ContainsAny(h.Name, " \t\"'*?!,#=") || strings.ContainsAny(h.Address, " \t\"'#=") {
			return nil, fmt.Errorf("clientconf: server %q: name or address %q is not one OpenSSH reads as a host", h.Name, h.Address)
		}
		if h.User == "" || h.KeyFile == "" {
			return nil, fmt.Errorf("clientconf: server %q: ssh-config needs a user and a key file", h.Name)
		}
		user, err := sshConfigArg(h, "user", h.User, false)
		if err != nil {
			return nil, err
		}
		key, err := sshConfigArg(h, "key file", h.KeyFile, true)
		if err != nil {
			return nil, err
		}
		// HostName expands %h and %%: an IPv6 zone (fe80::1%eth0) would
		// be the unknown token %e, and ssh would refuse the whole file.
		address, err := sshConfigArg(h, "address", h.Address, true)
		if err != nil {
			return nil, err
		}
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		fmt.Fprintf(&b, "Host %s\n", h.Name)
		fmt.Fprintf(&b, "    HostName %s\n", address)
		fmt.Fprintf(&b, "    User %s\n", user)
		fmt.Fprintf(&b, "    Port %d\n", h.PortOrDefault())
		fmt.Fprintf(&b, "    IdentityFile %s\n", key)
		fmt.Fprintf(&b, "    IdentitiesOnly yes\n")
		if h.KnownHostsFile != "" {
			kh, err := sshConfigArg(h, "known_hosts file", h.KnownHostsFile, true)
			if err != nil {
				return nil, err
			}
			fmt.Fprintf(&b, "    UserKnownHostsFile %s\n", kh)
		}
	}
	return b.Bytes(), nil
}

// sshConfigArg writes s as one argument of an ssh_config line, as
// OpenSSH's argv_split reads it back: in double quotes when it holds
// whitespace, and with a backslash before each \, ' or " that would
// otherwise be read as an escape or a quote. Tokens says the keyword
// expands % tokens (IdentityFile, UserKnownHostsFile), so a literal % is
// doubled.
func sshConfigArg(h *Host, field, s string, tokens bool) (string, error) {
	if tokens && strings.Contains(s, "${") {
		return "", fmt.Errorf("clientconf: server %q: %s %q holds \"${\", which OpenSSH expands as an environment variable", h.Name, field, s)
	}
	quote := strings.ContainsAny(s, " \t")
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '%' && tokens:
			b.WriteString("%%")
			continue
		case c == '"' || c == '\'':
			b.WriteByte('\\')
		case c == '\\':
			// argv_split takes a backslash as an escape only before a
			// backslash, a quote, or (unquoted) a space; anywhere else it
			// is itself, so Windows paths need no doubling. At the end of
			// a quoted argument it would escape the closing quote.
			next := byte(0)
			if i+1 < len(s) {
				next = s[i+1]
			}
			if next == '\\' || next == '"' || next == '\'' || (next == 0 && quote) {
				b.WriteByte('\\')
			}
		}
		b.WriteByte(c)
	}
	if quote {
		return `"` + b.String() + `"`, nil
	}
	if b.Len() == 0 {
		return `""`, nil
	}
	return b.String(), nil
}

// writeComment writes comment as one comment line starting with mark and
// a space, if it is not empty.
func writeComment(b *bytes.Buffer, mark, comment string) error {
	if comment == "" {
		return nil
	}
	if strings.ContainsAny(comment, "\r\n") {
		return fmt.Errorf("clientconf: the comment must be one line")
	}
	fmt.Fprintf(b, "%s %s\n", mark, comment)
	return nil
}

// SSHConfigInclude returns the ssh_config line that includes the file at
// path (absolute), "Include PATH", quoted as [WriteSSHConfig] quotes. A
// path with glob characters (* ? [), which Include would expand, or with %
// or ${, is refused.
func SSHConfigInclude(path string) (string, error) {
	h := &Host{Name: "Include"}
	if err := checkLine(h, "path", path); err != nil {
		return "", err
	}
	if strings.ContainsAny(path, "*?[%") || strings.Contains(path, "${") {
		return "", fmt.Errorf("clientconf: %q holds * ? [ %% or ${, which Include would expand", path)
	}
	arg, err := sshConfigArg(h, "path", path, false)
	if err != nil {
		return "", err
	}
	return "Include " + arg, nil
}
