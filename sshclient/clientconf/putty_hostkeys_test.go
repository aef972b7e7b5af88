package clientconf_test

import (
	"bytes"
	"crypto/rsa"
	"fmt"
	"os"
	"strings"
	"testing"

	"golang.org/x/crypto/ssh"

	"github.com/cloudkeypair/keypair/internal/golden"
	"github.com/cloudkeypair/keypair/sshclient/clientconf"
)

func TestMergePuTTYHostKeys(t *testing.T) {
	hosts := ppkHosts(t)
	existing := "ssh-ed25519@22:127.0.0.2 0x1,0x2\n" + // replaced: web-1's Ed25519 key
		"ssh-ed25519@2222:127.0.0.2 0x3,0x4\n" + // another port: kept
		"rsa2@22:127.0.0.9 0x10001,0x5" // another host, no final newline: kept
	got, err := clientconf.MergePuTTYHostKeys([]byte(existing), hosts)
	if err != nil {
		t.Fatal(err)
	}
	golden.Check(t, "testdata/putty/sshhostkeys", got)
	lines := strings.Split(strings.TrimSuffix(string(got), "\n"), "\n")
	if len(lines) != 4 {
		t.Fatalf("lines: %q", lines)
	}
	for i, prefix := range []string{
		"ssh-ed25519@22:127.0.0.2 0x", "ecdsa-sha2-nistp256@22:127.0.0.2 nistp256,0x",
		"ssh-ed25519@2222:127.0.0.2 0x3,0x4", "rsa2@22:127.0.0.9 0x10001,0x5",
	} {
		if !strings.HasPrefix(lines[i], prefix) {
			t.Errorf("line %d: %q, want %s...", i, lines[i], prefix)
		}
	}
	// The hosts without known keys (db) add nothing.
	if strings.Contains(string(got), "127.0.0.3") {
		t.Errorf("db has no known host key:\n%s", got)
	}
}

func TestMergePuTTYHostKeysRSA(t *testing.T) {
	key := corpusHostKey(t, "rsa2048")
	h := ppkHosts(t)[1]
	h.HostKeys = []ssh.PublicKey{key}
	got, err := clientconf.MergePuTTYHostKeys(nil, []clientconf.Host{h})
	if err != nil {
		t.Fatal(err)
	}
	pub := key.(ssh.CryptoPublicKey).CryptoPublicKey().(*rsa.PublicKey)
	want := fmt.Sprintf("rsa2@2222:127.0.0.3 0x%x,0x%x\n", pub.E, pub.N)
	if string(got) != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestPuTTYRegistryHostKeyCache(t *testing.T) {
	hosts := ppkHosts(t)
	reg, err := clientconf.WritePuTTYRegistry(hosts, clientconf.Options{PuTTYHostKeyCache: true})
	if err != nil {
		t.Fatal(err)
	}
	golden.Check(t, "testdata/putty-with-cache.reg", reg)
	cache := parseRegFile(t, reg)[`HKEY_CURRENT_USER\Software\SimonTatham\PuTTY\SshHostKeys`]
	// The registry holds the values the Unix file does (the address needs
	// no escaping), checked against plink in TestPlinkHostKeyCache.
	unix, err := clientconf.MergePuTTYHostKeys(nil, hosts)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{}
	for _, line := range strings.Split(strings.TrimSuffix(string(unix), "\n"), "\n") {
		name, value, _ := strings.Cut(line, " ")
		want[name] = value
	}
	if len(cache) != len(want) {
		t.Fatalf("cache %v, want %v", cache, want)
	}
	for name, value := range want {
		if cache[name] != value {
			t.Errorf("%s = %q, want %q", name, cache[name], value)
		}
	}
}

// FuzzMergePuTTYHostKeys merges the fixture hosts' keys into arbitrary
// cache files: merging again changes nothing, and every line for another
// host, port or key type is kept.
func FuzzMergePuTTYHostKeys(f *testing.F) {
	seed, err := os.ReadFile("testdata/putty/sshhostkeys")
	if err != nil || len(seed) == 0 {
		f.Fatalf("no seed: %v", err)
	}
	f.Add(seed)
	f.Add([]byte("ssh-ed25519@22:127.0.0.2 0x1,0x2\r\nno space\n\n"))
	f.Fuzz(func(t *testing.T, existing []byte) {
		hosts := ppkHosts(t)
		once, err := clientconf.MergePuTTYHostKeys(existing, hosts)
		if err != nil {
			t.Fatal(err)
		}
		twice, err := clientconf.MergePuTTYHostKeys(once, hosts)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(once, twice) {
			t.Fatalf("a second merge changed the file:\n%q\n%q", once, twice)
		}
		for line := range strings.Lines(string(existing)) {
			line = strings.TrimSuffix(line, "\n")
			if name, _, _ := strings.Cut(line, " "); !strings.HasSuffix(name, ":127.0.0.2") || !strings.Contains(name, "@22:") {
				if !strings.Contains(string(once), line+"\n") {
					t.Fatalf("line %q lost", line)
				}
			}
		}
	})
}
