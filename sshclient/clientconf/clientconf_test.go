package clientconf

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/cloudkeypair/keypair/internal/golden"
)

// sampleHosts are the hosts every writer's golden file is made from: a
// plain one, one whose paths hold spaces, quotes and %, one with Windows
// paths (a UNC share among them), and one without sudo, groups or
// known_hosts. The addresses are documentation ones: nothing dials them.
func sampleHosts() []Host {
	return []Host{
		{
			Name: "web1", Address: "203.0.113.10", User: "ubuntu", OS: "Ubuntu 22.04",
			KeyFile: "/home/me/keys/cafe24.pem", PPKFile: "/home/me/keys/cafe24.ppk",
			KnownHostsFile: "/home/me/.ssh/known_hosts",
			Groups:         []string{"web", "prod"}, Firewalls: []string{"web"}, Sudo: true,
		},
		{
			Name: "db-1", Address: "203.0.113.11", Port: 2222, User: "rocky", OS: "Rocky Linux 9",
			KeyFile: "/home/me/My Keys/db's key.pem", KnownHostsFile: "/home/me/kh 100%/known_hosts",
			Groups: []string{"db", "9nodes", "prod"}, Firewalls: []string{"db-fw", "web"}, Sudo: true,
		},
		{
			Name: "win", Address: "203.0.113.12", User: "almalinux", OS: "AlmaLinux 8",
			KeyFile: `C:\Users\me\keys\cafe24.pem`, KnownHostsFile: `\\files\me\known_hosts`,
			Groups: []string{"all"}, Sudo: true,
		},
		{Name: "plain", Address: "2001:db8::5", User: "deploy", KeyFile: "/keys/deploy.pem"},
	}
}

// goldenCases are the writers' outputs kept as golden files.
var goldenCases = []struct {
	file   string
	format string
	opts   Options
}{
	{"ssh-config.golden", "ssh-config", Options{Comment: "written by keyconv export ssh-config from cloud.yaml"}},
	{"ansible.yml.golden", "ansible", Options{Comment: "written by keyconv export ansible from cloud.yaml"}},
	{"ansible.ini.golden", "ansible", Options{INI: true}},
}

func TestGolden(t *testing.T) {
	for _, tt := range goldenCases {
		t.Run(tt.file, func(t *testing.T) {
			f, err := FormatNamed(tt.format)
			if err != nil {
				t.Fatal(err)
			}
			got, err := f.Write(sampleHosts(), tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			golden.Check(t, filepath.Join("testdata", tt.file), got)
		})
	}
}

func TestFormatNamed(t *testing.T) {
	if _, err := FormatNamed("putty-old"); err == nil || !strings.Contains(err.Error(), "ssh-config, ansible") {
		t.Errorf("unknown format: %v", err)
	}
	names := FormatNames()
	if len(names) != len(Formats()) {
		t.Fatalf("FormatNames() = %v for %d formats", names, len(Formats()))
	}
	for i, f := range Formats() {
		if f.Name == "" || len(f.Clients) == 0 || (f.Write == nil) == (f.WriteFiles == nil) {
			t.Errorf("%+v: a format needs a name, its clients and one writer", f)
		}
		if names[i] != f.Name {
			t.Errorf("FormatNames()[%d] = %q, want %q", i, names[i], f.Name)
		}
		if got, err := FormatNamed(f.Name); err != nil || got.Name != f.Name {
			t.Errorf("FormatNamed(%q) = %q, %v", f.Name, got.Name, err)
		}
	}
}

func TestWritersRefuse(t *testing.T) {
	for _, tt := range []struct {
		name   string
		format string
		change func(h *Host)
		want   string
	}{
		{"newline in user", "ssh-config", func(h *Host) { h.User = "rocky\nHost *" }, "control character"},
		{"newline in user", "ansible", func(h *Host) { h.User = "rocky\nx" }, "control character"},
		{"no address", "ssh-config", func(h *Host) { h.Address = "" }, "has no address"},
		{"no key", "ssh-config", func(h *Host) { h.KeyFile = "" }, "needs a user and a key file"},
		{"no key", "ansible", func(h *Host) { h.KeyFile = "" }, "needs a user and a key file"},
		{"pattern as name", "ssh-config", func(h *Host) { h.Name = "web*" }, "not one OpenSSH reads as a host"},
		{"name twice", "ssh-config", func(h *Host) { h.Name = "db-1" }, `server "db-1": listed twice`},
		{"environment variable", "ssh-config", func(h *Host) { h.KeyFile = "/keys/${HOME}.pem" }, "environment variable"},
		{"quote in key", "ansible", func(h *Host) { h.KeyFile = `/keys/a"b.pem` }, "Ansible cannot pass"},
		{"groups that collide", "ansible", func(h *Host) { h.Groups = []string{"os_ubuntu_22_04"} }, `group "os_ubuntu_22_04" and os "Ubuntu 22.04" are both`},
		{"groups that collide after renaming", "ansible", func(h *Host) { h.Groups = []string{"web-1", "web_1"} }, "are both Ansible group"},
	} {
		t.Run(tt.format+" "+tt.name, func(t *testing.T) {
			hosts := sampleHosts()
			tt.change(&hosts[0])
			f, _ := FormatNamed(tt.format)
			_, err := f.Write(hosts, Options{})
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "clientconf: ") {
				t.Errorf("error %v, want one containing %q", err, tt.want)
			}
		})
	}
}

func TestAnsibleNames(t *testing.T) {
	for in, want := range map[string]string{
		"web": "web", "web-1": "web_1", "9nodes": "group_9nodes", "all": "group_all",
		"ungrouped": "group_ungrouped", "Prod.EU": "Prod_EU",
	} {
		if got := fileGroupName(in); got != want {
			t.Errorf("fileGroupName(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestAnsibleRefusesTemplates checks that no value from the cloud file
// reaches an inventory, in either form, as a Jinja2 template Ansible
// would run.
func TestAnsibleRefusesTemplates(t *testing.T) {
	for _, tt := range []struct {
		name   string
		change func(h *Host)
		want   string
	}{
		// A template in user is no user name, refused by every format:
		// TestWritersRefuseUserNames.
		{"key file", func(h *Host) { h.KeyFile = "/keys/{{ x }}.pem" }, "ansible_ssh_private_key_file"},
		{"known_hosts", func(h *Host) { h.KnownHostsFile = "/kh/{# x #}" }, "ansible_ssh_common_args"},
		{"address", func(h *Host) { h.Address = "{{x}}" }, "ansible_host"},
		{"name", func(h *Host) { h.Name = "web{{x}}" }, "the name"},
	} {
		for _, ini := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s ini=%v", tt.name, ini), func(t *testing.T) {
				hosts := sampleHosts()
				tt.change(&hosts[0])
				_, err := WriteAnsible(hosts, Options{INI: ini})
				if err == nil || !strings.HasPrefix(err.Error(), "clientconf: server ") ||
					!strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "template") {
					t.Errorf("error %v, want one naming the server and %q", err, tt.want)
				}
			})
		}
	}
}

// A user name no account has (%, ${, a space) would be expanded or split
// by the clients (ssh-config's User a%hb${HOME}): every format refuses it,
// naming the server.
func TestWritersRefuseUserNames(t *testing.T) {
	for _, user := range []string{"a%hb${HOME}", "a b", "{{ lookup('pipe', 'touch /tmp/pwned') }}", "{% if true %}root{% endif %}"} {
		for _, f := range Formats() {
			hosts := sampleHosts()
			for i := range hosts {
				if f.NeedsPPK && hosts[i].PPKFile == "" {
					hosts[i].PPKFile = `C:\keys\key.ppk`
				}
			}
			hosts[0].User = user
			var err error
			if f.Write != nil {
				_, err = f.Write(hosts, Options{})
			} else {
				_, err = f.WriteFiles(hosts, Options{})
			}
			if err == nil || !strings.HasPrefix(err.Error(), "clientconf: server "+strconv.Quote(hosts[0].Name)) || !strings.Contains(err.Error(), "not a user name") {
				t.Errorf("%s, user %q: %v, want a refusal naming server %q", f.Name, user, err, hosts[0].Name)
			}
		}
	}
}
