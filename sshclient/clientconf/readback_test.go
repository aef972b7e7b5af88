package clientconf

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/cloudkeypair/keypair/internal/sshtest"
)

// TestSSHConfigReadBack has OpenSSH's own parser (ssh -G, which prints
// the configuration a login would use and dials nothing) read every
// field back, paths with spaces, quotes, % and backslashes included.
func TestSSHConfigReadBack(t *testing.T) {
	ssh := sshtest.RequireTool(t, "ssh")
	hosts := sampleHosts()
	data, err := WriteSSHConfig(hosts, Options{Comment: "test"})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	conf := filepath.Join(dir, "config")
	if err := os.WriteFile(conf, data, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, h := range hosts {
		cmd := exec.Command(ssh, "-G", "-F", conf, h.Name)
		cmd.Env = append(os.Environ(), "HOME="+dir)
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("ssh -G %s: %v", h.Name, err)
		}
		got := map[string]string{}
		for _, line := range strings.Split(string(out), "\n") {
			k, v, _ := strings.Cut(line, " ")
			got[k] = v
		}
		want := map[string]string{
			"hostname": h.Address, "user": h.User, "port": strconv.Itoa(h.PortOrDefault()),
			"identityfile": h.KeyFile, "identitiesonly": "yes",
			// Host-key checking stays as OpenSSH has it: ask, never no.
			"stricthostkeychecking": "ask",
		}
		if h.KnownHostsFile != "" {
			want["userknownhostsfile"] = h.KnownHostsFile
		}
		for k, v := range want {
			if got[k] != v {
				t.Errorf("%s: ssh -G says %s %q, want %q", h.Name, k, got[k], v)
			}
		}
	}
}

// ansibleEnv keeps ansible's files in dir and away from any ansible.cfg.
func ansibleEnv(dir string) []string {
	return append(os.Environ(), "HOME="+dir, "ANSIBLE_LOCAL_TEMP="+filepath.Join(dir, "tmp"),
		"ANSIBLE_CONFIG="+filepath.Join(dir, "none.cfg"), "ANSIBLE_INVENTORY_UNPARSED_FAILED=True")
}

// TestAnsibleReadBack has ansible-inventory read both forms and checks
// each host's variables and groups as Ansible sees them.
func TestAnsibleReadBack(t *testing.T) {
	inventory := sshtest.RequireTool(t, "ansible-inventory")
	hosts := sampleHosts()
	for _, ini := range []bool{false, true} {
		name := map[bool]string{false: "inventory.yml", true: "inventory.ini"}[ini]
		t.Run(name, func(t *testing.T) {
			data, err := WriteAnsible(hosts, Options{INI: ini, Comment: "test"})
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			file := filepath.Join(dir, name)
			if err := os.WriteFile(file, data, 0o600); err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command(inventory, "-i", file, "--list")
			cmd.Env = ansibleEnv(dir)
			out, err := cmd.Output()
			if err != nil {
				t.Fatalf("ansible-inventory: %v\n%s", err, cmd.Stderr)
			}
			var list map[string]json.RawMessage
			if err := json.Unmarshal(out, &list); err != nil {
				t.Fatal(err)
			}
			var meta struct {
				HostVars map[string]map[string]any `json:"hostvars"`
			}
			if err := json.Unmarshal(list["_meta"], &meta); err != nil {
				t.Fatal(err)
			}
			for _, h := range hosts {
				vars := meta.HostVars[h.Name]
				want := map[string]any{
					"ansible_host": h.Address, "ansible_port": float64(h.PortOrDefault()), "ansible_user": h.User,
					"ansible_ssh_private_key_file": h.KeyFile, "ansible_host_key_checking": true,
				}
				if h.Sudo {
					want["ansible_become"] = true
				} else if _, ok := vars["ansible_become"]; ok {
					t.Errorf("%s: ansible_become set without sudo", h.Name)
				}
				for k, v := range want {
					if vars[k] != v {
						t.Errorf("%s: %s = %#v, want %#v", h.Name, k, vars[k], v)
					}
				}
				args, _ := vars["ansible_ssh_common_args"].(string)
				if wantArgs := commonArgsWant(h); args != wantArgs {
					t.Errorf("%s: ansible_ssh_common_args = %q, want %q", h.Name, args, wantArgs)
				}
			}
			groups := map[string][]string{
				"web": {"web1"}, "prod": {"web1", "db-1"}, "group_9nodes": {"db-1"}, "group_all": {"win"},
				"os_rocky_linux_9": {"db-1"}, "firewall_web": {"web1", "db-1"}, "firewall_db_fw": {"db-1"},
			}
			for g, members := range groups {
				var group struct {
					Hosts []string `json:"hosts"`
				}
				if err := json.Unmarshal(list[g], &group); err != nil {
					t.Fatalf("group %s: %v", g, err)
				}
				if !slices.Equal(group.Hosts, members) {
					t.Errorf("group %s: %v, want %v", g, group.Hosts, members)
				}
			}
		})
	}
}

// commonArgsWant is what ansible_ssh_common_args must hold once Ansible
// has read it, written out by hand for the sample hosts.
func commonArgsWant(h Host) string {
	switch h.Name {
	case "web1":
		return "-o IdentitiesOnly=yes -o UserKnownHostsFile=/home/me/.ssh/known_hosts"
	case "db-1":
		return `-o IdentitiesOnly=yes -o 'UserKnownHostsFile="/home/me/kh 100%%/known_hosts"'`
	case "win":
		return `-o IdentitiesOnly=yes -o 'UserKnownHostsFile=\\\files\me\known_hosts'`
	}
	return "-o IdentitiesOnly=yes"
}

// TestSSHConfigReadBackZone: HostName expands % tokens, so an IPv6 zone's
// "%" must reach ssh doubled, or ssh refuses the file (unknown key %e).
func TestSSHConfigReadBackZone(t *testing.T) {
	ssh := sshtest.RequireTool(t, "ssh")
	hosts := []Host{{Name: "zoned", Address: "fe80::1%eth0", User: "deploy", KeyFile: "/keys/deploy.pem"}}
	data, err := WriteSSHConfig(hosts, Options{})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	conf := filepath.Join(dir, "config")
	if err := os.WriteFile(conf, data, 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(ssh, "-G", "-F", conf, "zoned")
	cmd.Env = append(os.Environ(), "HOME="+dir)
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "\nhostname fe80::1%eth0\n") {
		t.Errorf("ssh -G: %v\n%s", err, out)
	}
}
