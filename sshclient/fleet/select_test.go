package fleet

import (
	"errors"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cloudkeypair/keypair/firewall"
)

const selectCloud = `firewalls:
  - name: web
    inbound:
      - service: HTTP
        source: 0.0.0.0/0
    servers: [web1]
servers:
  - name: web1
    os: Ubuntu 22.04
    keypair: cafe24
    public_ip: 127.0.0.2
    groups: [web, prod]
  - name: web2
    os: ubuntu
    keypair: cafe24
    public_ip: 127.0.0.3
    groups: [web]
    firewalls: [web]
  - name: db1
    os: Rocky Linux 9
    keypair: dbkey
    public_ip: 127.0.0.4
    private_ip: 10.0.0.4
    groups: [prod]
`

func parseCloud(t *testing.T, src, file string) *firewall.Config {
	t.Helper()
	cfg, err := firewall.Parse([]byte(src), file)
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

func names(servers []*firewall.Server) string {
	var n []string
	for _, s := range servers {
		n = append(n, s.Name)
	}
	return strings.Join(n, ",")
}

func TestSelect(t *testing.T) {
	cfg := parseCloud(t, selectCloud, "cloud.yaml")
	tests := []struct {
		sel  Selection
		want string // names, or "error: ..." for an error containing it
	}{
		{Selection{All: true}, "web1,web2,db1"},
		{Selection{Names: []string{"db1", "web1", "db1"}}, "web1,db1"},
		{Selection{OS: "ubuntu"}, "web1,web2"},
		{Selection{OS: "UBUNTU 24.04"}, "web1,web2"},
		{Selection{OS: "rocky"}, "db1"},
		{Selection{Group: "prod"}, "web1,db1"},
		{Selection{Group: "web", OS: "ubuntu"}, "web1,web2"},
		{Selection{Firewall: "web"}, "web1,web2"},
		{Selection{Names: []string{"web1", "db1"}, Group: "web"}, "web1"},
		{Selection{All: true, Group: "prod", OS: "rocky"}, "db1"},
		{Selection{}, "error: no servers selected"},
		{Selection{All: true, Names: []string{"web1"}}, "error: not both"},
		{Selection{Names: []string{"web3"}}, `error: no server is named "web3" in cloud.yaml`},
		{Selection{Group: "nope"}, `error: no server is in group "nope"`},
		{Selection{Firewall: "nope"}, `error: no firewall is named "nope"`},
		{Selection{OS: "centos"}, "error: no server of cloud.yaml matches"},
	}
	for _, tt := range tests {
		got, err := Select(cfg, tt.sel)
		if want, isErr := strings.CutPrefix(tt.want, "error: "); isErr {
			if err == nil || !strings.Contains(err.Error(), want) || !strings.HasPrefix(err.Error(), "fleet: ") {
				t.Errorf("Select(%+v) = %s, %v; want an error containing %q", tt.sel, names(got), err, want)
			}
			continue
		}
		if err != nil || names(got) != tt.want {
			t.Errorf("Select(%+v) = %s, %v; want %s", tt.sel, names(got), err, tt.want)
		}
	}
	if _, err := Select(cfg, Selection{}); !errors.Is(err, ErrNoSelection) {
		t.Errorf("empty selection: %v, want ErrNoSelection", err)
	}
}

func TestTargetsFindKeys(t *testing.T) {
	root := t.TempDir()
	cloudDir := filepath.Join(root, "cloud")
	work := filepath.Join(root, "work")
	keysFlag := filepath.Join(root, "flagkeys")
	for _, d := range []string{cloudDir, work, keysFlag, filepath.Join(cloudDir, "keys")} {
		os.MkdirAll(d, 0o700)
	}
	touch := func(path string) { writeFile(t, path, []byte("key")) }
	cloudFile := filepath.Join("..", "cloud", "cloud.yaml") // relative to work
	cfg := parseCloud(t, selectCloud, cloudFile)
	all := Selection{All: true}

	// Nothing anywhere: one line per server, naming keypair and folders.
	_, err := Targets(cfg, all, KeyOptions{WorkDir: work})
	var missing *KeyNotFoundError
	if !errors.As(err, &missing) {
		t.Fatalf("no keys: %v, want *KeyNotFoundError", err)
	}
	msg := err.Error()
	for _, want := range []string{`server "web1": no private key for keypair "cafe24": looked for cafe24.pem and cafe24.ppk in ` + filepath.Join(work, "..", "cloud") + ", " + work,
		`server "db1": no private key for keypair "dbkey"`} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q lacks %q", msg, want)
		}
	}

	// The cloud file's folder first, .pem before .ppk; then the current folder.
	touch(filepath.Join(cloudDir, "cafe24.ppk"))
	touch(filepath.Join(work, "cafe24.pem"))
	touch(filepath.Join(work, "dbkey.ppk"))
	targets, err := Targets(cfg, all, KeyOptions{WorkDir: work})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := targets[0].KeyFile, filepath.Join(cloudDir, "cafe24.ppk"); filepath.Clean(got) != want {
		t.Errorf("web1's key %s, want %s (the cloud file's folder before the current one)", got, want)
	}
	if got := targets[2].KeyFile; got != filepath.Join(work, "dbkey.ppk") {
		t.Errorf("db1's key %s, want the current folder's dbkey.ppk", got)
	}
	touch(filepath.Join(cloudDir, "cafe24.pem"))
	targets, _ = Targets(cfg, all, KeyOptions{WorkDir: work})
	if got := filepath.Base(targets[0].KeyFile); got != "cafe24.pem" {
		t.Errorf("web1's key %s, want .pem before .ppk", got)
	}

	// --keys wins, and is the only place looked.
	_, err = Targets(cfg, all, KeyOptions{WorkDir: work, Dir: keysFlag})
	if !errors.As(err, &missing) || !strings.HasSuffix(err.Error(), "in "+keysFlag) {
		t.Errorf("--keys without the files: %v", err)
	}
	touch(filepath.Join(keysFlag, "cafe24.pem"))
	touch(filepath.Join(keysFlag, "dbkey.pem"))
	targets, err = Targets(cfg, all, KeyOptions{WorkDir: work, Dir: keysFlag})
	if err != nil || targets[0].KeyFile != filepath.Join(keysFlag, "cafe24.pem") {
		t.Errorf("--keys: %v, %v", targets, err)
	}

	// The file's keys: setting, relative to the file's folder; key: wins.
	src := "keys: keys\n" + strings.Replace(selectCloud, "    keypair: dbkey\n", "    keypair: dbkey\n    key: db.pem\n", 1)
	cfg2 := parseCloud(t, src, cloudFile)
	touch(filepath.Join(cloudDir, "keys", "cafe24.pem"))
	touch(filepath.Join(cloudDir, "db.pem"))
	targets, err = Targets(cfg2, all, KeyOptions{WorkDir: work})
	if err != nil {
		t.Fatal(err)
	}
	if got := filepath.Clean(targets[0].KeyFile); got != filepath.Join(cloudDir, "keys", "cafe24.pem") {
		t.Errorf("keys: setting: %s", got)
	}
	if got := filepath.Clean(targets[2].KeyFile); got != filepath.Join(cloudDir, "db.pem") {
		t.Errorf("key: on the server: %s", got)
	}

	// A keypair name that is not one cannot lead out of the folder: the
	// firewall package refuses it in a file, and Targets in a config built
	// in code.
	touch(filepath.Join(root, "cafe24.pem"))
	bad := &firewall.Config{File: cloudFile, Servers: []firewall.Server{{Name: "x", Keypair: "../cafe24", PublicIP: netip.MustParseAddr("127.0.0.2")}}}
	if _, err := Targets(bad, all, KeyOptions{WorkDir: work}); err == nil || !strings.Contains(err.Error(), "invalid keypair name") {
		t.Errorf("keypair ../cafe24: %v, want the keypair name check", err)
	}
}

func TestTargetsAddressesAndOverrides(t *testing.T) {
	cfg := parseCloud(t, selectCloud, "cloud.yaml")
	opts := KeyOptions{KeyFile: "id.pem", User: "admin", Port: 2222}
	targets, err := Targets(cfg, Selection{Names: []string{"db1"}}, opts)
	if err != nil {
		t.Fatal(err)
	}
	tg := targets[0]
	if tg.Host != "127.0.0.4" || tg.Port != 2222 || tg.User != "admin" || tg.KeyFile != "id.pem" || tg.Addr() != "127.0.0.4:2222" {
		t.Errorf("overrides: %+v", tg)
	}
	opts.Private = true
	targets, _ = Targets(cfg, Selection{Names: []string{"db1"}}, opts)
	if targets[0].Host != "10.0.0.4" {
		t.Errorf("private address: %s", targets[0].Host)
	}
	if _, err := Targets(cfg, Selection{Names: []string{"web1"}}, opts); err == nil || !strings.Contains(err.Error(), `server "web1" has no private_ip`) {
		t.Errorf("no private address: %v", err)
	}
	u, err := (&Target{Name: "x", OS: "AlmaLinux 9"}).LoginUser(nil)
	if err != nil || u != "almalinux" {
		t.Errorf("LoginUser: %q, %v", u, err)
	}
	if _, err := (&Target{Name: "x"}).LoginUser(nil); err == nil || !strings.Contains(err.Error(), `server "x"`) {
		t.Errorf("no OS, no user: %v", err)
	}
}

func TestPlanFirewallVerdicts(t *testing.T) {
	src := strings.Replace(selectCloud, "servers:\n  - name: web1", `  - name: admin
    inbound:
      - service: SSH
        source: 127.0.0.9
    servers: [db1]
servers:
  - name: web1`, 1)
	cfg := parseCloud(t, src, "cloud.yaml")
	targets, err := Targets(cfg, Selection{All: true}, KeyOptions{KeyFile: "k.pem"})
	if err != nil {
		t.Fatal(err)
	}
	plan := Plan(cfg, targets, netip.MustParseAddr("127.0.0.9"), false, nil)
	got := map[string]bool{}
	for _, p := range plan {
		if p.Err != nil || p.Verdict == nil {
			t.Fatalf("%s: %v, verdict %v", p.Target.Name, p.Err, p.Verdict)
		}
		got[p.Target.Name] = p.Reachable()
	}
	if !got["db1"] || got["web1"] || got["web2"] {
		t.Errorf("reachable: %v; want db1 only", got)
	}
	if plan[0].User != "ubuntu" || plan[2].User != "rocky" {
		t.Errorf("users %q, %q", plan[0].User, plan[2].User)
	}
	if p := Plan(cfg, targets, netip.Addr{}, false, nil); p[0].Verdict != nil || !p[0].Reachable() {
		t.Error("without an address the plan has a verdict")
	}
}
