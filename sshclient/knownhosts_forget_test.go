package sshclient

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/cloudkeypair/keypair/internal/sshtest"
	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/knownhosts"
)

// hashedLine writes a HashKnownHosts entry for name, as ssh-keygen -H does.
func hashedLine(name string, key ssh.PublicKey) string {
	return knownhosts.Line([]string{knownhosts.HashHostname(name)}, key)
}

func TestForgetHost(t *testing.T) {
	k1, k2, k3 := sshtest.NewSigner(t).PublicKey(), sshtest.NewSigner(t).PublicKey(), sshtest.NewSigner(t).PublicKey()
	line := func(hosts string, k ssh.PublicKey) string {
		return hosts + " " + strings.TrimSpace(string(ssh.MarshalAuthorizedKey(k)))
	}
	h1, h2, h3 := hashedLine("127.0.0.7", k1), hashedLine("127.0.0.8", k2), hashedLine("[127.0.0.7]:2222", k3)
	tests := []struct {
		name, host   string
		in, want     []string
		removed      int
		sameAsKeygen bool // ssh-keygen -R gives the same file
	}{
		{"plain", "127.0.0.7",
			[]string{"# mine", line("127.0.0.7", k1), line("127.0.0.8", k2), line("127.0.0.7", k3)},
			[]string{"# mine", line("127.0.0.8", k2)}, 2, true},
		{"case", "WEB1.example",
			[]string{line("web1.example", k1)}, []string{}, 1, true},
		{"port", "[127.0.0.7]:2222",
			[]string{line("127.0.0.7", k1), line("[127.0.0.7]:2222", k2)},
			[]string{line("127.0.0.7", k1)}, 1, true},
		{"port 22 is the plain name", "[127.0.0.7]:22",
			[]string{line("127.0.0.7", k1), line("[127.0.0.7]:2222", k2)},
			[]string{line("[127.0.0.7]:2222", k2)}, 1, false}, // ssh-keygen looks for "[127.0.0.7]:22", which ssh never writes
		{"hashed", "127.0.0.7",
			[]string{h1, h2, h3}, []string{h2, h3}, 1, true},
		{"hashed port", "[127.0.0.7]:2222",
			[]string{h1, h3}, []string{h1}, 1, true},
		{"markers untouched", "127.0.0.7",
			[]string{"@cert-authority 127.0.0.7 " + line("", k1)[1:], "@revoked 127.0.0.7 " + line("", k2)[1:], line("127.0.0.7", k3)},
			[]string{"@cert-authority 127.0.0.7 " + line("", k1)[1:], "@revoked 127.0.0.7 " + line("", k2)[1:]}, 1, true},
		// ssh-keygen -R drops the whole line; keyconv keeps the other hosts.
		{"several hosts on a line", "127.0.0.7",
			[]string{line("web1,127.0.0.7,web1.example", k1), line("127.0.0.8,127.0.0.7", k2)},
			[]string{line("web1,web1.example", k1), line("127.0.0.8", k2)}, 2, false},
		{"patterns untouched", "127.0.0.7",
			[]string{line("127.0.0.*", k1), line("!127.0.0.7,127.0.0.?", k2)},
			[]string{line("127.0.0.*", k1), line("!127.0.0.7,127.0.0.?", k2)}, 0, false},
		{"absent", "127.0.0.9",
			[]string{line("127.0.0.7", k1)}, []string{line("127.0.0.7", k1)}, 0, true},
	}
	keygen, _ := exec.LookPath("ssh-keygen")
	if keygen == "" && sshtest.InCI() {
		t.Fatal("CI=true and ssh-keygen is not installed")
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			file := filepath.Join(dir, "known_hosts")
			in := strings.Join(tt.in, "\n") + "\n"
			if err := os.WriteFile(file, []byte(in), 0o640); err != nil {
				t.Fatal(err)
			}
			n, err := ForgetHost(file, tt.host)
			if err != nil {
				t.Fatal(err)
			}
			if n != tt.removed {
				t.Errorf("removed %d entries, want %d", n, tt.removed)
			}
			want := strings.Join(tt.want, "\n") + "\n"
			if len(tt.want) == 0 {
				want = ""
			}
			got, _ := os.ReadFile(file)
			if string(got) != want {
				t.Errorf("file is now\n%s\nwant\n%s", got, want)
			}
			backup, err := os.ReadFile(file + ".old")
			switch {
			case tt.removed > 0 && string(backup) != in:
				t.Errorf("backup %q, %v; want the old contents", backup, err)
			case tt.removed == 0 && err == nil:
				t.Error("a backup was made although nothing was removed")
			}
			if info, _ := os.Stat(file); runtime.GOOS != "windows" && info.Mode().Perm() != 0o640 {
				t.Errorf("mode %#o, want the file's own 0640", info.Mode().Perm())
			}
			if leftovers, _ := filepath.Glob(filepath.Join(dir, ".known_hosts*")); len(leftovers) > 0 {
				t.Errorf("temporary files left: %v", leftovers)
			}
			if !tt.sameAsKeygen || keygen == "" {
				return
			}
			ref := filepath.Join(dir, "ref_hosts")
			os.WriteFile(ref, []byte(in), 0o600)
			if out, err := exec.Command(keygen, "-R", tt.host, "-f", ref).CombinedOutput(); err != nil && tt.removed > 0 {
				t.Fatalf("ssh-keygen -R: %v: %s", err, out)
			}
			if refOut, _ := os.ReadFile(ref); string(refOut) != string(got) {
				t.Errorf("ssh-keygen -R leaves\n%s\nkeyconv\n%s", refOut, got)
			}
		})
	}
}

func TestForgetHostBadInput(t *testing.T) {
	file := filepath.Join(t.TempDir(), "known_hosts")
	if n, err := ForgetHost(file, "127.0.0.7"); n != 0 || err != nil {
		t.Errorf("missing file: %d, %v; want 0, nil", n, err)
	}
	for _, host := range []string{"", "a b", "127.0.0.*", "[127.0.0.7]:0", "[127.0.0.7]", "a,b"} {
		if _, err := ForgetHost(file, host); err == nil || !strings.HasPrefix(err.Error(), "sshclient: ") {
			t.Errorf("ForgetHost(%q): %v, want an sshclient error", host, err)
		}
	}
}

// testKeyLine is a host key as known_hosts writes it.
const testKeyLine = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl"

// A symbolic link to the known_hosts file (a dotfiles repository's, say)
// stays a link: the file it points to is rewritten.
func TestForgetHostThroughSymlink(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symbolic links need a privilege on Windows")
	}
	dir := t.TempDir()
	real := filepath.Join(dir, "dotfiles", "known_hosts")
	os.MkdirAll(filepath.Dir(real), 0o700)
	os.WriteFile(real, []byte("127.0.0.7 "+testKeyLine+"\n127.0.0.8 "+testKeyLine+"\n"), 0o600)
	link := filepath.Join(dir, "known_hosts")
	if err := os.Symlink(real, link); err != nil {
		t.Fatal(err)
	}
	if n, err := ForgetHost(link, "127.0.0.7"); n != 1 || err != nil {
		t.Fatalf("ForgetHost: %d, %v", n, err)
	}
	if info, err := os.Lstat(link); err != nil || info.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link became %v (%v)", info.Mode(), err)
	}
	if got, _ := os.ReadFile(real); string(got) != "127.0.0.8 "+testKeyLine+"\n" {
		t.Errorf("the file it points to holds\n%s", got)
	}
}

// A host key that keyconv records while ForgetHost rewrites the file is
// in the file afterwards: the appender waits for the rewrite's lock, then
// writes to the new file rather than the one renamed away.
func TestForgetHostKeepsConcurrentAppend(t *testing.T) {
	file := filepath.Join(t.TempDir(), "known_hosts")
	os.WriteFile(file, []byte("127.0.0.7 "+testKeyLine+"\n"), 0o600)
	if f, _ := os.Open(file); f != nil {
		ok, _ := lockFile(f, false)
		f.Close()
		if !ok {
			t.Skip("no file locks on " + runtime.GOOS)
		}
	}
	appended := make(chan error, 1)
	testHookForgetRead = func() {
		go func() { appended <- appendLine(file, []byte("127.0.0.9 "+testKeyLine+"\n")) }()
	}
	t.Cleanup(func() { testHookForgetRead = nil })
	if n, err := ForgetHost(file, "127.0.0.7"); n != 1 || err != nil {
		t.Fatalf("ForgetHost: %d, %v", n, err)
	}
	if err := <-appended; err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(file); string(got) != "127.0.0.9 "+testKeyLine+"\n" {
		t.Errorf("known_hosts holds\n%s", got)
	}
}
