package sshtest

import (
	"fmt"
	"strings"
)

// ImageOSes are the OSes a fleet's cloud file gives its servers in turn,
// with the login user each image has.
var ImageOSes = []struct{ OS, User string }{
	{"Rocky Linux 9", "rocky"}, {"CentOS 7", "centos"}, {"Ubuntu 22.04", "ubuntu"}, {"AlmaLinux 8", "almalinux"},
}

// ServerName is the name the fleet's cloud file gives the i-th server
// (from 0): s1, s2, ...
func ServerName(i int) string { return fmt.Sprintf("s%d", i+1) }

// CloudFile returns a cloud file (the firewall package's format) listing
// the fleet's servers as ServerName(i), with the OSes of ImageOSes in
// turn, the fleet's port, groups "even" and "odd" by position, one
// firewall "ssh" admitting 127.0.0.1 to the fleet's port attached to all, and keypair(i) as keypair ("cafe24" when keypair is
// nil).
func (f *Fleet) CloudFile(keypair func(i int) string) []byte {
	return f.CloudFileWithUsers(keypair, nil)
}

// CloudFileWithUsers is [Fleet.CloudFile] with accounts[i].Name as the
// i-th server's user (one account per server, from [Fleet.AccountsT]), so
// that what a command does on one server touches none of the others'
// files. With nil accounts the servers have no user: line, and keyconv
// logs in as their image's user.
func (f *Fleet) CloudFileWithUsers(keypair func(i int) string, accounts []*Account) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "firewalls:\n  - name: ssh\n    inbound:\n      - protocol: tcp\n        ports: %d\n        source: 127.0.0.1\nservers:\n", f.Port)
	for i, addr := range f.Addrs {
		kp := "cafe24"
		if keypair != nil {
			kp = keypair(i)
		}
		group := "even"
		if i%2 == 1 {
			group = "odd"
		}
		img := ImageOSes[i%len(ImageOSes)]
		fmt.Fprintf(&b, "  - name: %s\n    os: %s\n    keypair: %s\n    public_ip: %s\n    port: %d\n    groups: [%s]\n    firewalls: [ssh]\n",
			ServerName(i), img.OS, kp, addr, f.Port, group)
		if accounts != nil {
			fmt.Fprintf(&b, "    user: %s\n", accounts[i].Name)
		}
	}
	return []byte(b.String())
}
