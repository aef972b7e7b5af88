package sshclient

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cloudkeypair/keypair/internal/sshtest"
	"golang.org/x/crypto/ssh"
)

// The package doc lists these; a new x/crypto that changes them must change
// the doc too.
func TestClientAlgorithmsAreTheDocumentedOnes(t *testing.T) {
	want := ssh.Config{
		KeyExchanges: []string{"mlkem768x25519-sha256", "curve25519-sha256", "ecdh-sha2-nistp256", "ecdh-sha2-nistp384", "ecdh-sha2-nistp521",
			"diffie-hellman-group14-sha256", "diffie-hellman-group16-sha512", "diffie-hellman-group-exchange-sha256"},
		Ciphers: []string{"aes128-gcm@openssh.com", "aes256-gcm@openssh.com", "chacha20-poly1305@openssh.com", "aes128-ctr", "aes192-ctr", "aes256-ctr"},
		MACs:    []string{"hmac-sha2-256-etm@openssh.com", "hmac-sha2-512-etm@openssh.com", "hmac-sha2-256", "hmac-sha2-512"},
	}
	for _, c := range []struct {
		kind      string
		got, want []string
	}{
		{"key exchanges", clientAlgorithms.KeyExchanges, want.KeyExchanges},
		{"ciphers", clientAlgorithms.Ciphers, want.Ciphers},
		{"MACs", clientAlgorithms.MACs, want.MACs},
	} {
		if !slices.Equal(c.got, c.want) {
			t.Errorf("%s: %q, want %q", c.kind, c.got, c.want)
		}
		for _, a := range c.got {
			if slices.Contains(weakAlgorithms, a) || strings.HasSuffix(a, "-cbc") || strings.Contains(a, "sha1") {
				t.Errorf("%s offers %s, which OpenSSH 9.2 does not", c.kind, a)
			}
		}
	}
	for _, a := range preferredHostKeyAlgorithms {
		if slices.Contains(weakAlgorithms, a) {
			t.Errorf("host key algorithms offer %s", a)
		}
	}
}

func TestRSAUserKeysNeverSignWithSHA1(t *testing.T) {
	priv, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	signer, err := ssh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	restricted, err := restrictSigner(signer)
	if err != nil {
		t.Fatal(err)
	}
	multi, ok := restricted.(ssh.MultiAlgorithmSigner)
	if !ok || !slices.Equal(multi.Algorithms(), []string{ssh.KeyAlgoRSASHA512, ssh.KeyAlgoRSASHA256}) {
		t.Fatalf("RSA signer offers %T %v", restricted, restricted)
	}
}

func TestRealSSHDOfferingOnlySHA1KexIsRefused(t *testing.T) {
	sshtest.Require(t)
	if err := sshtest.EnsureUsers(); err != nil {
		t.Fatal(err)
	}
	s := sshtest.StartTWith(t, sshtest.Options{KexAlgorithms: ssh.InsecureKeyExchangeDH14SHA1})
	_, err := Dial(context.Background(), &Config{
		Host: s.Host, Port: s.Port, User: "rocky", Signer: s.ClientKey,
		KnownHostsFiles: []string{s.KnownHostsFile}, ConnectTimeout: 10 * time.Second,
	})
	var noCommon *NoCommonAlgorithmError
	if !errors.As(err, &noCommon) {
		t.Fatalf("Dial = %v, want a *NoCommonAlgorithmError", err)
	}
	if noCommon.What != "key exchange" || !noCommon.Weak || !slices.Equal(noCommon.ServerOffered, []string{ssh.InsecureKeyExchangeDH14SHA1}) {
		t.Errorf("got %+v", noCommon)
	}
	msg := err.Error()
	if !strings.Contains(msg, "offers only diffie-hellman-group14-sha1") || !strings.Contains(msg, s.Addr) || strings.Contains(msg, "\n") {
		t.Errorf("message %q", msg)
	}
}

func TestPortThatIsNotSSHIsNamed(t *testing.T) {
	web := httptest.NewServer(http.NotFoundHandler())
	defer web.Close()
	u, err := url.Parse(web.URL)
	if err != nil {
		t.Fatal(err)
	}
	port, _ := strconv.Atoi(u.Port())
	signer, err := ssh.NewSignerFromKey(mustRSA(t))
	if err != nil {
		t.Fatal(err)
	}
	_, err = Dial(context.Background(), &Config{
		Host: "127.0.0.1", Port: port, User: "rocky", Signer: signer,
		HostKeyPolicy: InsecureIgnoreHostKey, ConnectTimeout: 10 * time.Second,
	})
	var notSSH *NotSSHServerError
	if !errors.As(err, &notSSH) {
		t.Fatalf("Dial = %v, want a *NotSSHServerError", err)
	}
	want := "sshclient: 127.0.0.1:" + u.Port() + ` is not an SSH server: it sent "HTTP/1.1 400 Bad Request"`
	if err.Error() != want {
		t.Errorf("message %q, want %q", err.Error(), want)
	}
}

func mustRSA(t *testing.T) *rsa.PrivateKey {
	t.Helper()
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	return k
}
