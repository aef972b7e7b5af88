package clientconf_test

import (
	"os"
	"testing"

	"golang.org/x/crypto/ssh"

	"github.com/cloudkeypair/keypair/sshclient/clientconf"
)

// corpusHostKey reads a public key of the project's key corpus, made by
// puttygen, to stand in for a server's host key.
func corpusHostKey(t *testing.T, alg string) ssh.PublicKey {
	t.Helper()
	line, err := os.ReadFile("../../testdata/corpus/" + alg + "/puttygen." + alg + ".openssh.pub")
	if err != nil {
		t.Fatal(err)
	}
	key, _, _, _, err := ssh.ParseAuthorizedKey(line)
	if err != nil {
		t.Fatal(err)
	}
	return key
}

// ppkHosts are the fixture hosts for the PuTTY, WinSCP and FileZilla
// writers: one with both host keys known and a Windows key path holding a
// space, one on another port with no host key known yet and a Unix path.
func ppkHosts(t *testing.T) []clientconf.Host {
	return []clientconf.Host{
		{
			Name: "web-1", Address: "127.0.0.2", User: "rocky", OS: "rocky",
			KeyFile: `C:\Users\Kim Lee\keys\cafe24.pem`, PPKFile: `C:\Users\Kim Lee\keys\cafe24.ppk`,
			HostKeys:  []ssh.PublicKey{corpusHostKey(t, "ed25519"), corpusHostKey(t, "ecdsa256")},
			Groups:    []string{"web", "prod"},
			Firewalls: []string{"office-ssh"},
			Sudo:      true,
		},
		{
			Name: "db", Address: "127.0.0.3", Port: 2222, User: "ubuntu", OS: "ubuntu",
			KeyFile: "/home/kim/keys/db.pem", PPKFile: "/home/kim/keys/db.ppk",
			Groups: []string{"prod"},
		},
	}
}
