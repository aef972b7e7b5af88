package sshclient

import (
	"crypto/ed25519"
	"crypto/rand"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/knownhosts"
)

func newPublicKey(t *testing.T) ssh.PublicKey {
	t.Helper()
	pub, _, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	k, err := ssh.NewPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func TestKnownHostKeys(t *testing.T) {
	plain, hashed, other, ca, port2222 := newPublicKey(t), newPublicKey(t), newPublicKey(t), newPublicKey(t), newPublicKey(t)
	dir := t.TempDir()
	file := filepath.Join(dir, "known_hosts")
	lines := knownhosts.Line([]string{"203.0.113.5"}, plain) + "\n" +
		hashedLine("203.0.113.5", hashed) + "\n" +
		knownhosts.Line([]string{"203.0.113.6"}, other) + "\n" +
		"@cert-authority 203.0.113.* " + string(ssh.MarshalAuthorizedKey(ca)) +
		knownhosts.Line([]string{"[203.0.113.5]:2222"}, port2222) + "\n"
	if err := os.WriteFile(file, []byte(lines), 0o600); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(dir, "none")
	for _, tt := range []struct {
		name string
		host string
		port int
		want []ssh.PublicKey
	}{
		{"plain and hashed, no authority", "203.0.113.5", 0, []ssh.PublicKey{plain, hashed}},
		{"port 22 given", "203.0.113.5", 22, []ssh.PublicKey{plain, hashed}},
		{"another port", "203.0.113.5", 2222, []ssh.PublicKey{port2222}},
		{"another host", "203.0.113.6", 0, []ssh.PublicKey{other}},
		{"unknown host", "203.0.113.7", 0, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := KnownHostKeys([]string{missing, file}, tt.host, tt.port)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %d keys, want %d", len(got), len(tt.want))
			}
			for i := range got {
				if string(got[i].Marshal()) != string(tt.want[i].Marshal()) {
					t.Errorf("key %d is %s, want %s", i, ssh.FingerprintSHA256(got[i]), ssh.FingerprintSHA256(tt.want[i]))
				}
			}
		})
	}
}
