package doctor

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"net"
	"net/netip"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cloudkeypair/keypair/internal/sshtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/knownhosts"
)

// The doctor is tested against a real sshd on 127.0.0.1 (internal/sshtest):
// a healthy setup first, then one mistake at a time, each of which must be
// pinpointed at its check with its fix while the other checks stay ok.

// server is one sshd shared by the tests of this file: the doctor only
// reads from it, so the tests do not disturb each other.
var (
	serverOnce sync.Once
	server     *sshtest.Server
	serverErr  error
)

func startServer(t *testing.T) *sshtest.Server {
	t.Helper()
	sshtest.Require(t)
	serverOnce.Do(func() {
		if serverErr = sshtest.EnsureUsers(); serverErr != nil {
			return
		}
		server, serverErr = sshtest.Start("")
	})
	require.NoError(t, serverErr)
	return server
}

func TestMain(m *testing.M) {
	code := m.Run()
	if server != nil {
		server.Close()
	}
	os.Exit(code)
}

// setup returns options for a healthy setup: the server's key saved as
// cafe24.pem (mode 0600) in a new directory, keypair cafe24, an Ubuntu
// image, the firewall file's web1 admitting the office address, and the
// server's host keys known.
func setup(t *testing.T) (Options, *sshtest.Server) {
	s := startServer(t)
	dir := t.TempDir()
	key, err := os.ReadFile(s.ClientKeyFile)
	require.NoError(t, err)
	keyFile := filepath.Join(dir, "cafe24.pem")
	require.NoError(t, os.WriteFile(keyFile, key, 0o600))
	known, err := os.ReadFile(s.KnownHostsFile)
	require.NoError(t, err)
	// The doctor checks port 22, as the firewall file has it; every
	// connection is sent on to sshd's real port, so known_hosts names the
	// host as it does for port 22.
	known = []byte(strings.ReplaceAll(string(known), "["+s.Host+"]:"+itoa(s.Port), s.Host))
	knownFile := filepath.Join(dir, "known_hosts")
	require.NoError(t, os.WriteFile(knownFile, known, 0o600))
	return Options{
		KeyFile:         keyFile,
		FirewallFile:    filepath.Join("..", "..", "..", "..", "testdata", "doctor", "cloud.yaml"),
		Server:          "web1",
		Host:            s.Host, // never the file's public_ip: tests stay on loopback
		Port:            22,
		DialContext:     dialTo(s.Addr),
		Source:          mustAddr(t, "198.51.100.7"),
		KnownHostsFiles: []string{knownFile},
		ConnectTimeout:  5 * time.Second,
	}, s
}

// statuses maps each check's ID to its status; lint may repeat an ID, and
// then the last one is kept, which the tests allow for.
func statuses(r *Report) map[string]Status {
	m := map[string]Status{}
	for _, c := range r.Checks {
		m[c.ID] = c.Status
	}
	return m
}

func check(t *testing.T, r *Report, id string) Check {
	t.Helper()
	for _, c := range r.Checks {
		if c.ID == id {
			return c
		}
	}
	t.Fatalf("no check %s in %+v", id, r.Checks)
	return Check{}
}

var allChecks = []string{"key-file", "key", "key-name", "key-match", "login-user", "firewall", "firewall-ssh", "firewall-lint", "network", "host-key", "auth", "root"}

// optionalChecks report only when they have something to compare: the
// key-match check, when the keypair's other key file exists.
var optionalChecks = map[string]bool{"key-match": true}

// requireOnly asserts that every check is ok (an optional one absent)
// except those in want, which must have the given status ("" for absent).
func requireOnly(t *testing.T, r *Report, want map[string]Status) {
	t.Helper()
	got := statuses(r)
	for _, id := range allChecks {
		w, ok := want[id]
		if !ok && !optionalChecks[id] {
			w = OK
		}
		assert.Equal(t, w, got[id], "check %s: %+v", id, r.Checks)
	}
}

func TestHealthy(t *testing.T) {
	opts, s := setup(t)
	r := Run(context.Background(), opts)
	requireOnly(t, r, nil)
	assert.False(t, r.Failed())
	assert.Equal(t, "ubuntu", r.Target.User, "the login user comes from the server's os: in the file")
	assert.Equal(t, "cafe24", r.Target.Keypair)
	assert.Contains(t, check(t, r, "key").Found, "ssh-ed25519 255 "+ssh.FingerprintSHA256(s.ClientKey.PublicKey()))
	assert.Contains(t, check(t, r, "host-key").Found, s.HostKeyFingerprints()[0])
	assert.Equal(t, "logged in as ubuntu with ssh-ed25519 "+ssh.FingerprintSHA256(s.ClientKey.PublicKey()), check(t, r, "auth").Found)
	for _, c := range r.Checks {
		assert.Empty(t, c.Fix, "an ok check has no fix: %+v", c)
	}
	require.NotNil(t, r.Connect)
	dir := filepath.Dir(opts.KeyFile)
	assert.Equal(t, "ssh -i "+opts.KeyFile+" -o UserKnownHostsFile="+opts.KnownHostsFiles[0]+" ubuntu@127.0.0.1", r.Connect.OpenSSH)
	assert.Equal(t, PuTTY{HostName: "127.0.0.1", Port: 22, User: "ubuntu", PrivateKeyFile: filepath.Join(dir, "cafe24.ppk")}, r.Connect.PuTTY)
	assert.Equal(t, "keyconv pem2ppk "+opts.KeyFile, r.Connect.Convert)

	// Once the .ppk exists, nothing is left to convert.
	require.NoError(t, os.WriteFile(filepath.Join(dir, "cafe24.ppk"), nil, 0o600))
	r = Run(context.Background(), opts)
	assert.Empty(t, r.Connect.Convert)
	assert.True(t, r.Connect.PuTTY.KeyFileExists)
}

func TestKeyModeTooOpen(t *testing.T) {
	opts, _ := setup(t)
	require.NoError(t, os.Chmod(opts.KeyFile, 0o644))
	r := Run(context.Background(), opts)
	requireOnly(t, r, map[string]Status{"key-file": Fail})
	c := check(t, r, "key-file")
	assert.Contains(t, c.Found, "mode 0644")
	assert.Equal(t, "chmod 600 "+opts.KeyFile, c.Fix)
}

func TestKeyNamedAsSecondDownload(t *testing.T) {
	opts, _ := setup(t)
	dup := filepath.Join(filepath.Dir(opts.KeyFile), "cafe24 (1).pem")
	require.NoError(t, os.Rename(opts.KeyFile, dup))
	opts.KeyFile = dup
	opts.Keypair = "cafe24"
	r := Run(context.Background(), opts)
	requireOnly(t, r, map[string]Status{"key-name": Warn})
	c := check(t, r, "key-name")
	assert.Contains(t, c.Found, "second download")
	assert.Equal(t, "mv -- '"+dup+"' "+filepath.Join(filepath.Dir(dup), "cafe24.pem"), c.Fix)
	assert.Equal(t, "keyconv pem2ppk --keypair cafe24 '"+dup+"'", r.Connect.Convert)
}

func TestKeyNamedForAnotherKeypair(t *testing.T) {
	opts, _ := setup(t)
	opts.Keypair = "shop"
	r := Run(context.Background(), opts)
	requireOnly(t, r, map[string]Status{"key-name": Fail})
	assert.Contains(t, check(t, r, "key-name").Fix, `use keypair "shop"'s own key file, shop.pem`)
}

func TestFirewallWithoutRuleForSource(t *testing.T) {
	opts, _ := setup(t)
	opts.Source = mustAddr(t, "192.0.2.9")
	r := Run(context.Background(), opts)
	requireOnly(t, r, map[string]Status{"firewall-ssh": Fail})
	c := check(t, r, "firewall-ssh")
	assert.Contains(t, c.Found, "tcp/22 from 192.0.2.9: rules admit tcp/22 but not from 192.0.2.9")
	assert.Equal(t, `add to firewall "web" under inbound: {service: SSH, source: 192.0.2.9/32}`, c.Fix)
}

// An IPv6 --from against a server whose public address is IPv4 is denied
// with that reason, and no rule is suggested: none would help.
func TestFirewallSourceOfTheOtherFamily(t *testing.T) {
	opts, _ := setup(t)
	opts.Source = mustAddr(t, "2001:db8::9")
	r := Run(context.Background(), opts)
	requireOnly(t, r, map[string]Status{"firewall-ssh": Fail})
	c := check(t, r, "firewall-ssh")
	assert.Contains(t, c.Found, "is IPv4, so a source of the other family (2001:db8::9) cannot reach it")
	assert.NotContains(t, c.Fix, "inbound")
}

func TestFirewallNotAttached(t *testing.T) {
	opts, _ := setup(t)
	opts.Server = "bare1"
	opts.OS = "ubuntu" // bare1 is a Rocky server; keep the login the same
	r := Run(context.Background(), opts)
	requireOnly(t, r, map[string]Status{"firewall": Fail, "firewall-ssh": Fail})
	assert.Contains(t, check(t, r, "firewall").Found, "no firewall is attached to bare1")
	assert.Equal(t, "attach to bare1 a firewall with, under inbound: {service: SSH, source: 198.51.100.7/32}", check(t, r, "firewall-ssh").Fix)
}

func TestFirewallOpenToTheInternet(t *testing.T) {
	opts, _ := setup(t)
	opts.Server = "open1"
	opts.OS = "ubuntu"
	r := Run(context.Background(), opts)
	requireOnly(t, r, map[string]Status{"firewall-lint": Warn})
	c := check(t, r, "firewall-lint")
	assert.Contains(t, c.Found, "FW001 admin-port-internet")
	assert.Contains(t, c.Fix, "198.51.100.7/32")
	assert.False(t, r.Failed())
}

func TestFirewallSkippedWithoutSource(t *testing.T) {
	opts, _ := setup(t)
	opts.Source = netipZero
	r := Run(context.Background(), opts)
	requireOnly(t, r, map[string]Status{"firewall-ssh": Skip})
	assert.Contains(t, check(t, r, "firewall-ssh").Found, "--from")
}

func TestClosedPort(t *testing.T) {
	opts, _ := setup(t)
	opts.Port = closedPort(t)
	opts.DialContext = nil
	r := Run(context.Background(), opts)
	// The firewall file knows port 22 only: -p another port is not
	// admitted, from anywhere.
	requireOnly(t, r, map[string]Status{"firewall-ssh": Fail, "firewall-lint": Warn, "network": Fail, "host-key": Skip, "auth": Skip, "root": Skip})
	c := check(t, r, "network")
	assert.Contains(t, c.Found, "refused the connection")
	assert.Contains(t, c.Fix, "sshd runs on the server")
	assert.Contains(t, check(t, r, "auth").Found, "the network check failed")
}

func TestConnectTimeoutPointsAtTheFirewall(t *testing.T) {
	opts, _ := setup(t)
	opts.ConnectTimeout = 100 * time.Millisecond
	// A firewall that drops packets: the connect never completes.
	opts.DialContext = func(ctx context.Context, _, _ string) (net.Conn, error) {
		<-ctx.Done()
		return nil, ctx.Err()
	}
	opts.Source = mustAddr(t, "192.0.2.9")
	r := Run(context.Background(), opts)
	requireOnly(t, r, map[string]Status{"firewall-ssh": Fail, "network": Fail, "host-key": Skip, "auth": Skip, "root": Skip})
	c := check(t, r, "network")
	assert.Contains(t, c.Found, "no answer from 127.0.0.1:")
	assert.Contains(t, c.Fix, "add an inbound rule for TCP 22 from your address")
}

func TestSilentPort(t *testing.T) {
	opts, _ := setup(t)
	l, err := sshtest.ListenSilent()
	require.NoError(t, err)
	defer l.Close()
	opts.Port = l.Port
	opts.DialContext = nil
	opts.FirewallFile, opts.Server = "", ""
	opts.OS = "ubuntu"
	opts.ConnectTimeout = 300 * time.Millisecond
	r := Run(context.Background(), opts)
	requireOnly(t, r, map[string]Status{"key-name": Skip, "firewall": Skip, "firewall-ssh": "", "firewall-lint": "", "host-key": Fail, "auth": Skip, "root": Skip})
	assert.Contains(t, check(t, r, "host-key").Found, "no SSH server answered")
}

func TestUserNotAuthorized(t *testing.T) {
	opts, _ := setup(t)
	opts.User = "kcnouser"
	r := Run(context.Background(), opts)
	requireOnly(t, r, map[string]Status{"login-user": Warn, "auth": Fail, "root": Skip})
	c := check(t, r, "auth")
	assert.Contains(t, c.Found, "for user kcnouser")
	assert.Contains(t, c.Fix, "log in as ubuntu, the user of ubuntu images")
	assert.Contains(t, c.Fix, `keypair "cafe24"`)
	assert.Equal(t, "use -l ubuntu, or leave -l out", check(t, r, "login-user").Fix)
}

func TestKeyNotAuthorized(t *testing.T) {
	opts, _ := setup(t)
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	require.NoError(t, err)
	block, err := ssh.MarshalPrivateKey(priv, "")
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(opts.KeyFile, pemEncode(block), 0o600))
	r := Run(context.Background(), opts)
	requireOnly(t, r, map[string]Status{"auth": Fail, "root": Skip})
	signer, err := ssh.NewSignerFromKey(priv)
	require.NoError(t, err)
	assert.Contains(t, check(t, r, "auth").Fix, "this key is "+ssh.FingerprintSHA256(signer.PublicKey()))
}

func TestUnknownHostKey(t *testing.T) {
	opts, s := setup(t)
	empty := filepath.Join(t.TempDir(), "known_hosts")
	opts.KnownHostsFiles = []string{empty}
	r := Run(context.Background(), opts)
	requireOnly(t, r, map[string]Status{"host-key": Fail, "auth": Skip, "root": Skip})
	c := check(t, r, "host-key")
	assert.Contains(t, c.Found, "is not in known_hosts: the server presented ssh-ed25519 "+s.HostKeyFingerprints()[0])
	assert.Contains(t, c.Fix, "--accept-new")
	assert.NoFileExists(t, empty)

	opts.AcceptNew = true
	r = Run(context.Background(), opts)
	requireOnly(t, r, nil)
	assert.Contains(t, check(t, r, "host-key").Found, "recorded in "+empty)
	assert.FileExists(t, empty)
}

func TestChangedHostKey(t *testing.T) {
	opts, s := setup(t)
	_, other, err := ed25519.GenerateKey(rand.Reader)
	require.NoError(t, err)
	otherSigner, err := ssh.NewSignerFromKey(other)
	require.NoError(t, err)
	line := knownhosts.Line([]string{knownhosts.Normalize(s.Host + ":22")}, otherSigner.PublicKey()) + "\n"
	require.NoError(t, os.WriteFile(opts.KnownHostsFiles[0], []byte(line), 0o600))
	opts.AcceptNew = true // a changed key is refused all the same
	r := Run(context.Background(), opts)
	requireOnly(t, r, map[string]Status{"host-key": Fail, "auth": Skip, "root": Skip})
	c := check(t, r, "host-key")
	assert.Contains(t, c.Found, "CHANGED")
	assert.Contains(t, c.Found, "man-in-the-middle")
	assert.Contains(t, c.Found, ssh.FingerprintSHA256(otherSigner.PublicKey()))
	assert.Contains(t, c.Fix, "keyconv known-hosts forget --known-hosts "+opts.KnownHostsFiles[0]+" 127.0.0.1")
}

func TestNoPasswordlessSudo(t *testing.T) {
	opts, _ := setup(t)
	opts.User = sshtest.NoSudoUser
	opts.OS = ""
	opts.Server, opts.FirewallFile = "", ""
	r := Run(context.Background(), opts)
	requireOnly(t, r, map[string]Status{"key-name": Skip, "firewall": Skip, "firewall-ssh": "", "firewall-lint": "", "root": Fail})
	c := check(t, r, "root")
	assert.Contains(t, c.Found, sshtest.NoSudoUser+" has no passwordless sudo")
	assert.Contains(t, c.Fix, "image's default user")
}

// TestOfflineChecksAllRun: with every offline input wrong, every offline
// check still reports, and the network checks are skipped, not attempted.
func TestOfflineChecksAllRun(t *testing.T) {
	dir := t.TempDir()
	r := Run(context.Background(), Options{
		KeyFile:      filepath.Join(dir, "missing.pem"),
		Keypair:      "cafe24",
		OS:           "windows 11",
		FirewallFile: filepath.Join("..", "..", "..", "..", "testdata", "doctor", "cloud.yaml"),
		Server:       "web9",
	})
	got := statuses(r)
	assert.Equal(t, map[string]Status{
		"key-file": Fail, "key": Skip, "key-name": Fail, "login-user": Fail, "firewall": Fail,
		"network": Skip, "host-key": Skip, "auth": Skip, "root": Skip,
	}, got)
	assert.Contains(t, check(t, r, "key-file").Found, "does not exist")
	assert.Contains(t, check(t, r, "login-user").Fix, "Rocky: rocky")
	assert.Contains(t, check(t, r, "firewall").Found, `has no server "web9": it has servers web1, bare1, open1`)
	assert.Equal(t, "name one of its servers with --server NAME", check(t, r, "firewall").Fix)
	assert.Nil(t, r.Connect)
}

// A firewall file that does not load is to be corrected; the server was
// named, so the fix does not ask for --server.
func TestFirewallFileInvalid(t *testing.T) {
	file := filepath.Join("..", "..", "..", "..", "testdata", "firewall", "bad", "port-zero.yaml")
	r := Run(context.Background(), Options{FirewallFile: file, Server: "web1"})
	c := check(t, r, "firewall")
	assert.Equal(t, Fail, c.Status)
	assert.Contains(t, c.Found, "port-zero.yaml:5: ")
	assert.Equal(t, "correct "+file+" (keyconv firewall lint -c "+file+" says what is wrong where)", c.Fix)
}

func TestEncryptedKey(t *testing.T) {
	opts, _ := setup(t)
	signerKey, err := os.ReadFile(opts.KeyFile)
	require.NoError(t, err)
	raw, err := ssh.ParseRawPrivateKey(signerKey)
	require.NoError(t, err)
	block, err := ssh.MarshalPrivateKeyWithPassphrase(raw, "", []byte("correct horse"))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(opts.KeyFile, pemEncode(block), 0o600))

	r := Run(context.Background(), opts)
	requireOnly(t, r, map[string]Status{"key": Fail, "host-key": Skip, "auth": Skip, "root": Skip})
	assert.Contains(t, check(t, r, "key").Fix, "--passphrase-file")

	opts.Passphrase = func() ([]byte, error) { return []byte("wrong"), nil }
	r = Run(context.Background(), opts)
	assert.Contains(t, check(t, r, "key").Found, "wrong passphrase")

	opts.Passphrase = func() ([]byte, error) { return []byte("correct horse"), nil }
	r = Run(context.Background(), opts)
	requireOnly(t, r, nil)
	assert.Contains(t, check(t, r, "key").Found, "encrypted, passphrase accepted")
}

func pemEncode(block *pem.Block) []byte { return pem.EncodeToMemory(block) }

func itoa(n int) string { return strconv.Itoa(n) }

func mustAddr(t *testing.T, s string) netip.Addr {
	t.Helper()
	a, err := netip.ParseAddr(s)
	require.NoError(t, err)
	return a
}

var netipZero netip.Addr

// closedPort is a loopback port nothing listens on.
func closedPort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	port := ln.Addr().(*net.TCPAddr).Port
	require.NoError(t, ln.Close())
	return port
}

// dialTo sends every connection to addr, whatever it was meant for.
func dialTo(addr string) func(ctx context.Context, network, _ string) (net.Conn, error) {
	return func(ctx context.Context, network, _ string) (net.Conn, error) {
		var d net.Dialer
		return d.DialContext(ctx, network, addr)
	}
}

// TestInterrupted: a run whose context ends says so, and blames neither
// the firewall nor the server.
func TestInterrupted(t *testing.T) {
	opts, _ := setup(t)
	ctx, cancel := context.WithCancel(context.Background())
	opts.DialContext = func(ctx context.Context, _, _ string) (net.Conn, error) {
		cancel()
		<-ctx.Done()
		return nil, ctx.Err()
	}
	r := Run(ctx, opts)
	requireOnly(t, r, map[string]Status{"network": Skip, "host-key": Skip, "auth": Skip, "root": Skip})
	assert.Equal(t, interrupted, check(t, r, "network").Found)
}

// TestServerEntryFillsIn: -c and --server give the host, OS and keypair;
// options given explicitly win. No packet leaves the machine: the dialer
// records where it was asked to go and refuses.
func TestServerEntryFillsIn(t *testing.T) {
	var dialled []string
	refuse := func(_ context.Context, _, addr string) (net.Conn, error) {
		dialled = append(dialled, addr)
		return nil, &net.OpError{Op: "dial", Net: "tcp", Err: os.ErrPermission}
	}
	file := filepath.Join("..", "..", "..", "..", "testdata", "doctor", "cloud.yaml")
	r := Run(context.Background(), Options{FirewallFile: file, Server: "web1", DialContext: refuse})
	assert.Equal(t, Target{Host: "203.0.113.50", Port: 22, User: "ubuntu", OS: "ubuntu", Keypair: "cafe24", FirewallFile: file, Server: "web1"}, r.Target)
	assert.Equal(t, []string{"203.0.113.50:22"}, dialled)

	dialled = nil
	r = Run(context.Background(), Options{FirewallFile: file, Server: "web1", Host: "127.0.0.1", OS: "Rocky Linux 9", Keypair: "shop", DialContext: refuse})
	assert.Equal(t, Target{Host: "127.0.0.1", Port: 22, User: "rocky", OS: "Rocky Linux 9", Keypair: "shop", FirewallFile: file, Server: "web1"}, r.Target)
	assert.Equal(t, []string{"127.0.0.1:22"}, dialled)
}

func TestLoginUser(t *testing.T) {
	for _, tc := range []struct {
		os, user string
		status   Status
		found    string
		fix      string
	}{
		{"Rocky Linux 9", "", OK, "rocky, the login user of Rocky Linux 9 images", ""},
		{"", "centos", OK, "centos (from -l)", ""},
		{"ubuntu", "ubuntu", OK, "ubuntu (from -l)", ""},
		{"ubuntu", "root", Warn, "root: cloud images refuse root logins over SSH", "log in as ubuntu with -l ubuntu and become root with sudo -i"},
		{"", "root", Warn, "root: cloud images refuse root logins over SSH", "log in as the image's user and become root with sudo -i (run 'keyconv users' for each OS's user)"},
		{"", "", Fail, "no OS and no user given", "give the server's OS with --os OS (Rocky: rocky, CentOS: centos, Ubuntu: ubuntu, AlmaLinux: almalinux), or the user with -l USER"},
		{"debian", "", Fail, `unknown OS "debian"`, "give the server's OS with --os OS (Rocky: rocky"},
	} {
		r := Run(context.Background(), Options{OS: tc.os, User: tc.user})
		c := check(t, r, "login-user")
		assert.Equal(t, tc.status, c.Status, "%+v", tc)
		assert.Contains(t, c.Found, tc.found, "%+v", tc)
		if tc.fix == "" {
			assert.Empty(t, c.Fix)
		} else {
			assert.Contains(t, c.Fix, tc.fix, "%+v", tc)
		}
	}
}

// writeCloud writes a firewall file for server web1 (keypair cafe24, an
// Ubuntu image) behind firewall web, whose inbound rules are given as YAML
// flow mappings, and returns its path.
func writeCloud(t *testing.T, rules ...string) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("firewalls:\n  - name: web\n    inbound:\n")
	for _, r := range rules {
		b.WriteString("      - " + r + "\n")
	}
	b.WriteString("servers:\n  - name: web1\n    os: ubuntu\n    keypair: cafe24\n    public_ip: 203.0.113.50\n    firewalls: [web]\n")
	path := filepath.Join(t.TempDir(), "cloud.yaml")
	require.NoError(t, os.WriteFile(path, []byte(b.String()), 0o600))
	return path
}

// onPort has the doctor check port instead of 22, with known_hosts naming
// the host as OpenSSH does for that port (the connection still goes to the
// test sshd).
func onPort(t *testing.T, opts *Options, s *sshtest.Server, port int) {
	t.Helper()
	known, err := os.ReadFile(s.KnownHostsFile)
	require.NoError(t, err)
	known = []byte(strings.ReplaceAll(string(known), "["+s.Host+"]:"+itoa(s.Port), "["+s.Host+"]:"+itoa(port)))
	require.NoError(t, os.WriteFile(opts.KnownHostsFiles[0], known, 0o600))
	opts.Port = port
}

// With -p PORT and a rule for that port, nothing is wrong: lint's FW007,
// which is about tcp/22, is not the doctor's to repeat.
func TestFirewallRuleForOtherPort(t *testing.T) {
	opts, s := setup(t)
	onPort(t, &opts, s, 2222)
	opts.FirewallFile = writeCloud(t, "{protocol: tcp, ports: 2222, source: 198.51.100.7/32}")
	r := Run(context.Background(), opts)
	requireOnly(t, r, nil)
	assert.Contains(t, check(t, r, "firewall-ssh").Found, "admits tcp/2222 from 198.51.100.7/32")

	// Without --from the doctor still finds the port's rule.
	opts.Source = netipZero
	r = Run(context.Background(), opts)
	requireOnly(t, r, map[string]Status{"firewall-ssh": Skip})
}

// With -p PORT and no rule for that port, the warning names that port,
// and its fix asks for --from only when it was not given.
func TestFirewallNoRuleForOtherPort(t *testing.T) {
	opts, s := setup(t)
	onPort(t, &opts, s, 2222)
	opts.FirewallFile = writeCloud(t, "{service: SSH, source: 198.51.100.7/32}")
	r := Run(context.Background(), opts)
	requireOnly(t, r, map[string]Status{"firewall-ssh": Fail, "firewall-lint": Warn})
	c := check(t, r, "firewall-lint")
	assert.Equal(t, `no rule of web1's firewalls (web) admits tcp/2222: nobody can log in on port 2222`, c.Found)
	assert.Equal(t, "add a rule for tcp/2222 from 198.51.100.7/32", c.Fix)

	opts.Source = netipZero
	r = Run(context.Background(), opts)
	requireOnly(t, r, map[string]Status{"firewall-ssh": Skip, "firewall-lint": Warn})
	assert.Equal(t, "add a rule for tcp/2222 from your address (--from ADDR shows the exact rule)", check(t, r, "firewall-lint").Fix)
}

// Lint's FW007 on port 22: its fix gives the rule for --from's address
// rather than asking for --from again.
func TestFirewallNoSSHRuleFixUsesFrom(t *testing.T) {
	opts, _ := setup(t)
	opts.FirewallFile = writeCloud(t, "{service: HTTPS, source: 0.0.0.0/0}")
	r := Run(context.Background(), opts)
	requireOnly(t, r, map[string]Status{"firewall-ssh": Fail, "firewall-lint": Warn})
	c := check(t, r, "firewall-lint")
	assert.Contains(t, c.Found, "FW007 server-no-ssh")
	assert.Equal(t, "add an SSH rule from 198.51.100.7/32", c.Fix)
	assert.NotContains(t, c.Fix, "--from")
}
