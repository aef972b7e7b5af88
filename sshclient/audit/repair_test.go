package audit

import (
	"slices"
	"strings"
	"testing"
)

func TestPlanRepair(t *testing.T) {
	key := testKey(t)
	key.Comment = "me@laptop"
	line := authLine(key) + " me@laptop"
	other := "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC0 other\n# a comment the user wrote\n"
	for _, tc := range []struct {
		name     string
		change   func(f *Facts)
		keys     string // "" when the file is left
		commands []string
	}{
		{"good", func(*Facts) {}, "", nil},
		{"ssh dir 0777", func(f *Facts) { setMode(f, testSSH, 0o777) }, "", []string{"chmod 700 -- '/home/kc1/.ssh'"}},
		{"home 0777 keeps its other bits", func(f *Facts) { setMode(f, testHome, 0o777) }, "", []string{"chmod go-w -- '/home/kc1'"}},
		{"home 0755 is left", func(f *Facts) { setMode(f, testHome, 0o755) }, "", nil},
		{"/home 0777", func(f *Facts) { setMode(f, "/home", 0o777) }, "", []string{"chmod go-w -- '/home'"}},
		{"file 0644 of root", func(f *Facts) { setMode(f, testFile, 0o644); setOwner(f, testFile, 0) }, "",
			[]string{"chown -h 1500:1500 -- '/home/kc1/.ssh/authorized_keys'", "chmod 600 -- '/home/kc1/.ssh/authorized_keys'"}},
		{"first character cut", func(f *Facts) { f.KeysFiles[0].Data = []byte(other + authLine(key)[1:] + " me\n") },
			other + line + "\n", nil},
		{"CRLF, nothing else touched", func(f *Facts) { f.KeysFiles[0].Data = []byte("# x\r\n" + line + "\r\nlast") },
			"# x\n" + line + "\nlast", nil},
		{"RFC 4716 block", func(f *Facts) { f.KeysFiles[0].Data = []byte(other + rfc4716(key)) }, other + line + "\n", nil},
		{"missing file", func(f *Facts) { delete(f.Paths, testFile); f.KeysFiles[0] = KeysFile{Path: testFile} }, line + "\n", nil},
		{"SELinux", func(f *Facts) {
			f.SELinux = "Enforcing"
			f.Relabel = []Relabel{{testSSH, "a", "b"}, {testFile, "a", "b"}}
		}, "", []string{"restorecon -v -- '/home/kc1/.ssh'", "restorecon -v -- '/home/kc1/.ssh/authorized_keys'"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := goodFacts(key)
			tc.change(f)
			plan, err := PlanRepair(f, Check(f, key), key)
			if err != nil {
				t.Fatal(err)
			}
			if got := string(plan.Keys); got != tc.keys {
				t.Errorf("new authorized_keys:\n%q\nwant\n%q", got, tc.keys)
			}
			if (plan.Keys != nil) != (plan.KeysFile == testFile) {
				t.Errorf("KeysFile %q with content %q", plan.KeysFile, plan.Keys)
			}
			if got := append(slices.Clone(plan.Commands), plan.Relabel...); !slices.Equal(got, tc.commands) {
				t.Errorf("commands:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tc.commands, "\n"))
			}
			// What is repaired is judged again as sshd accepts it.
			if plan.Keys != nil {
				f.KeysFiles[0].Data = plan.Keys
				f.KeysFiles[0].Exists = true
				f.Paths[testFile] = PathInfo{Exists: true, Regular: true, Mode: 0o600, UID: 1500, GID: 1500}
				f.KeysFiles[0].Readable = true
				for _, fd := range Check(f, key) {
					if fd.Kind == KeyMissing || fd.Kind == KeyDamaged || fd.Kind == CRLF {
						t.Errorf("after the repair: %s", fd.Problem())
					}
				}
			}
		})
	}
}
