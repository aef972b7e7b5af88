package sshclient

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cloudkeypair/keypair/internal/sshtest"
	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/knownhosts"
)

// writeKnownHosts writes lines to a known_hosts file of the test's own.
func writeKnownHosts(t *testing.T, lines ...string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "known_hosts")
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func authorityLine(pattern string, ca ssh.PublicKey) string {
	return "@cert-authority " + pattern + " " + strings.TrimSpace(string(ssh.MarshalAuthorizedKey(ca)))
}

func startCertSSHD(t *testing.T, opts sshtest.Options) *sshtest.Server {
	t.Helper()
	sshtest.Require(t)
	if err := sshtest.EnsureUsers(); err != nil {
		t.Fatal(err)
	}
	return sshtest.StartTWith(t, opts)
}

func dialWith(s *sshtest.Server, knownHosts string) (*Client, error) {
	return Dial(context.Background(), &Config{
		Host: s.Host, Port: s.Port, User: "rocky", Signer: s.ClientKey,
		KnownHostsFiles: []string{knownHosts}, ConnectTimeout: 10 * time.Second,
	})
}

func TestRealSSHDHostCertificateFromKnownAuthority(t *testing.T) {
	s := startCertSSHD(t, sshtest.Options{HostCA: true})
	c, err := dialWith(s, writeKnownHosts(t, authorityLine(knownhosts.Normalize(s.Addr), s.HostCA)))
	if err != nil {
		t.Fatalf("Dial with only a @cert-authority line for the host: %v", err)
	}
	defer c.Close()
	cert, ok := c.HostKey().(*ssh.Certificate)
	if !ok || cert.CertType != ssh.HostCert || !bytes.Equal(cert.SignatureKey.Marshal(), s.HostCA.Marshal()) {
		t.Fatalf("host key %T, want a host certificate signed by the CA", c.HostKey())
	}
	out, _, err := c.Output(context.Background(), &Command{Line: "id -un"}, 0)
	if err != nil || string(out) != "rocky\n" {
		t.Fatalf("id -un = %q, %v", out, err)
	}
}

func TestRealSSHDHostCertificateFromOtherAuthorityIsRefused(t *testing.T) {
	s := startCertSSHD(t, sshtest.Options{HostCA: true})
	other, _, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	otherCA, err := ssh.NewPublicKey(other)
	if err != nil {
		t.Fatal(err)
	}
	c, err := dialWith(s, writeKnownHosts(t, authorityLine(knownhosts.Normalize(s.Addr), otherCA)))
	if err == nil {
		c.Close()
		t.Fatal("a certificate from an authority known_hosts does not name was accepted")
	}
	if !strings.Contains(err.Error(), "authorit") {
		t.Errorf("error %q does not say the authority is not trusted", err)
	}
}

// An authority's line is not a host key: a host it names that presents a
// plain key is unknown (so accept-new can record it), not "changed".
func TestAuthorityLineAloneDoesNotMakeAPlainKeyChanged(t *testing.T) {
	s := startCertSSHD(t, sshtest.Options{})
	caPub, _, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	ca, err := ssh.NewPublicKey(caPub)
	if err != nil {
		t.Fatal(err)
	}
	_, err = dialWith(s, writeKnownHosts(t, authorityLine(knownhosts.Normalize(s.Addr), ca)))
	var unknown *UnknownHostKeyError
	if !errors.As(err, &unknown) {
		t.Fatalf("Dial = %v, want an *UnknownHostKeyError", err)
	}
}

func TestKnownHostsLineTooLongNamesFileAndLine(t *testing.T) {
	path := writeKnownHosts(t, "# a comment", "example.com ssh-ed25519 AAAA", "huge "+strings.Repeat("A", 70000))
	_, err := Dial(context.Background(), &Config{
		Host: "127.0.0.1", Port: 1, User: "rocky", Signer: sshtest.NewSigner(t), KnownHostsFiles: []string{path},
	})
	var long *KnownHostsLineError
	if !errors.As(err, &long) || long.File != path || long.Line != 3 {
		t.Fatalf("Dial = %v, want a *KnownHostsLineError for %s:3", err, path)
	}
	if !strings.Contains(err.Error(), path+":3") {
		t.Errorf("message %q does not name %s:3", err, path)
	}
}
