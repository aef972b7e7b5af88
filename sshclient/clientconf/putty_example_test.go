package clientconf_test

import (
	"fmt"
	"log"
	"os"

	"golang.org/x/crypto/ssh"

	"github.com/cloudkeypair/keypair/sshclient/clientconf"
)

// A server's PuTTY session for Linux or macOS: the file to put at
// ~/.putty/sessions/web1 (or wherever PuTTYSettingsDir says PuTTY looks),
// after which `plink -load web1` logs in and checks the host key.
func ExampleWritePuTTYSessions() {
	line, err := os.ReadFile("../../testdata/corpus/ed25519/puttygen.ed25519.openssh.pub")
	if err != nil {
		log.Fatal(err)
	}
	hostKey, _, _, _, err := ssh.ParseAuthorizedKey(line)
	if err != nil {
		log.Fatal(err)
	}
	files, err := clientconf.WritePuTTYSessions([]clientconf.Host{{
		Name: "web1", Address: "127.0.0.7", User: "ubuntu",
		PPKFile: "/home/me/keys/cafe24.ppk", HostKeys: []ssh.PublicKey{hostKey},
	}}, clientconf.Options{})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Print(string(files["sessions/web1"]))
	// Output:
	// HostName=127.0.0.7
	// Protocol=ssh
	// PortNumber=22
	// UserName=ubuntu
	// PublicKeyFile=/home/me/keys/cafe24.ppk
	// SSHManualHostKeys=SHA256:/SsJhcrqUKH+mfwZJXaH7RFkCzhxITfkmj0pVW3VcXQ
}
