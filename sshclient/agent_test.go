package sshclient_test

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/cloudkeypair/keypair/internal/fixture"
	"github.com/cloudkeypair/keypair/internal/sshtest"
	"github.com/cloudkeypair/keypair/keyconv"
	"github.com/cloudkeypair/keypair/sshclient"
	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/agent"
)

// otherAgentKeys is how many unrelated keys the agent holds beside the
// one that logs in: more than sshd's MaxAuthTries in these tests, so a
// client offering them all is cut off before reaching the right one.
const otherAgentKeys = 7

// startAgent starts a real ssh-agent and connects to it through
// SSH_AUTH_SOCK, as a user's shell would.
func startAgent(t *testing.T) *sshclient.AgentConn {
	t.Helper()
	a := sshtest.StartAgentT(t)
	t.Setenv("SSH_AUTH_SOCK", a.Sock)
	ag, err := sshclient.ConnectAgent()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ag.Close() })
	return ag
}

// addOtherKeys adds otherAgentKeys new keys that no server knows.
func addOtherKeys(t *testing.T, ag agent.Agent) {
	t.Helper()
	for range otherAgentKeys {
		_, priv, err := ed25519.GenerateKey(rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		if err := ag.Add(agent.AddedKey{PrivateKey: priv, Comment: "other"}); err != nil {
			t.Fatal(err)
		}
	}
}

// privateKeyFile copies a corpus key into a private file of the test's.
func privateKeyFile(t *testing.T, file string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), filepath.Base(file))
	if err := os.WriteFile(path, fixture.Read(t, "corpus", file), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func noPassphrase(t *testing.T) keyconv.PassphraseFunc {
	return func() ([]byte, error) {
		t.Error("the passphrase was asked for, though the agent holds the key")
		return nil, os.ErrInvalid
	}
}

func TestRealSSHDAgentSignsForEncryptedKeyFile(t *testing.T) {
	s := startGuardedSSHD(t)
	ag := startAgent(t)
	for _, file := range []string{
		"ed25519/puttygen.ed25519.v3.argon2id.enc.ppk",          // public half in the clear
		"rsa2048/ssh-keygen.rsa2048.openssh.aes256-ctr.enc.key", // public half in the clear
		"ed25519/openssl.ed25519.pkcs8.aes256.enc.pem",          // public key from the .pub beside it
	} {
		t.Run(file, func(t *testing.T) {
			if err := s.Authorize(fixture.PublicKey(t, filepath.Dir(file))); err != nil {
				t.Fatal(err)
			}
			keyFile := privateKeyFile(t, file)
			if strings.HasSuffix(file, ".pem") {
				pub := fixture.Read(t, "corpus", filepath.Dir(file), "puttygen.ed25519.openssh.pub")
				if err := os.WriteFile(keyFile+".pub", pub, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			key, err := keyconv.Parse(fixture.Read(t, "corpus", file), keyconv.Passphrase(fixture.Passphrase(t)))
			if err != nil {
				t.Fatal(err)
			}
			// The right key between unrelated ones, neither first nor last.
			t.Cleanup(func() { ag.RemoveAll() })
			addOtherKeys(t, ag)
			if err := ag.Add(agent.AddedKey{PrivateKey: key.PrivateKey, Comment: file}); err != nil {
				t.Fatal(err)
			}
			addOtherKeys(t, ag)

			c := dialSSHD(t, s, sshclient.Config{OS: "ubuntu", KeyFile: keyFile, Agent: ag, Passphrase: noPassphrase(t)})
			out, _, err := c.Output(context.Background(), &sshclient.Command{Line: "id -un"}, 0)
			if err != nil || string(out) != "ubuntu\n" {
				t.Fatalf("id -un = %q, %v", out, err)
			}
		})
	}
}

func TestRealSSHDAgentMaxAuthTriesIsReal(t *testing.T) {
	s := startGuardedSSHD(t)
	ag := startAgent(t)
	addOtherKeys(t, ag)
	if err := ag.Add(agent.AddedKey{PrivateKey: ed25519PrivateKey(t, s.ClientKeyFile)}); err != nil {
		t.Fatal(err)
	}
	// What keyconv must not do: offer every key the agent holds. The
	// server's own key is the last, past MaxAuthTries.
	_, err := ssh.Dial("tcp", s.Addr, &ssh.ClientConfig{
		User:            "ubuntu",
		Auth:            []ssh.AuthMethod{ssh.PublicKeysCallback(ag.Signers)},
		HostKeyCallback: ssh.InsecureIgnoreHostKey(), // a throwaway loopback sshd
		Timeout:         30 * time.Second,
	})
	if err == nil {
		t.Fatal("offering all the agent's keys logged in; MaxAuthTries does not guard the agent tests")
	}
	// Dial with the key file offers only its key, which the agent signs.
	c := dialSSHD(t, s, sshclient.Config{OS: "ubuntu", KeyFile: s.ClientKeyFile, Agent: ag})
	if _, _, err := c.Output(context.Background(), &sshclient.Command{Line: "true"}, 0); err != nil {
		t.Fatal(err)
	}
}

func TestRealSSHDAgentWithoutTheKeyFallsBackToTheFile(t *testing.T) {
	s := startGuardedSSHD(t)
	ag := startAgent(t)
	addOtherKeys(t, ag)
	file := "ed25519/puttygen.ed25519.v3.argon2id.enc.ppk"
	if err := s.Authorize(fixture.PublicKey(t, "ed25519")); err != nil {
		t.Fatal(err)
	}
	asked := 0
	c := dialSSHD(t, s, sshclient.Config{OS: "rocky", KeyFile: privateKeyFile(t, file), Agent: ag,
		Passphrase: func() ([]byte, error) { asked++; return fixture.Passphrase(t), nil }})
	if _, _, err := c.Output(context.Background(), &sshclient.Command{Line: "true"}, 0); err != nil {
		t.Fatal(err)
	}
	if asked != 1 {
		t.Errorf("passphrase asked %d times, want once", asked)
	}
}

func TestConnectAgentWithoutAgent(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("on Windows the agent is the OpenSSH service's pipe, not SSH_AUTH_SOCK alone")
	}
	t.Setenv("SSH_AUTH_SOCK", "")
	if _, err := sshclient.ConnectAgent(); err != sshclient.ErrNoAgent {
		t.Fatalf("ConnectAgent = %v, want ErrNoAgent", err)
	}
}

func ed25519PrivateKey(t *testing.T, file string) any {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	key, err := keyconv.Parse(data, nil)
	if err != nil {
		t.Fatal(err)
	}
	return key.PrivateKey
}

// startGuardedSSHD starts a real sshd, with the images' users, that cuts a
// client off after two offered keys: a client offering the agent's other
// keys fails against it.
func startGuardedSSHD(t *testing.T) *sshtest.Server {
	t.Helper()
	sshtest.Require(t)
	if err := sshtest.EnsureUsers(); err != nil {
		t.Fatal(err)
	}
	return sshtest.StartTWith(t, sshtest.Options{MaxAuthTries: 2})
}
