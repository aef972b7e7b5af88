package sshtest

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"

	"golang.org/x/crypto/ssh"
)

// signHostKey makes a certificate authority with ssh-keygen and signs the
// Ed25519 host key with it for the principal 127.0.0.1, as an operator
// would: "ssh-keygen -s ca -h -I ... -n 127.0.0.1 ssh_host_ed25519_key.pub".
func (s *Server) signHostKey() error {
	hostPub := filepath.Join(s.Dir, "ssh_host_ed25519_key.pub")
	if err := os.WriteFile(hostPub, ssh.MarshalAuthorizedKey(s.HostKeys[0]), 0o644); err != nil {
		return fmt.Errorf("sshtest: %w", err)
	}
	ca := filepath.Join(s.Dir, "host_ca")
	for _, args := range [][]string{
		{"-q", "-t", "ed25519", "-N", "", "-C", "sshtest host CA", "-f", ca},
		{"-q", "-s", ca, "-h", "-I", "sshtest host", "-n", s.Host, "-V", "-5m:+1h", hostPub},
	} {
		if out, err := exec.Command("ssh-keygen", args...).CombinedOutput(); err != nil {
			return fmt.Errorf("sshtest: ssh-keygen %v: %v\n%s", args, err, out)
		}
	}
	data, err := os.ReadFile(ca + ".pub")
	if err != nil {
		return fmt.Errorf("sshtest: %w", err)
	}
	if s.HostCA, _, _, _, err = ssh.ParseAuthorizedKey(data); err != nil {
		return fmt.Errorf("sshtest: the CA's public key: %w", err)
	}
	return nil
}
