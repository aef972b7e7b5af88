package main

import (
	"strings"
	"testing"

	"github.com/cloudkeypair/keypair/cmd/keyconv/internal/fix"
	"github.com/cloudkeypair/keypair/sshclient/clientconf"
)

// The choice of path form, for every system keyconv runs on: Windows
// cannot run here, so GOOS is a parameter.
func TestChoosePathForm(t *testing.T) {
	for _, tt := range []struct {
		goos                     string
		windowsFlag, windowsOnly bool
		want                     pathForm
	}{
		// On Windows every format gets Windows paths, --windows or not.
		{"windows", false, false, windowsPaths},
		{"windows", false, true, windowsPaths},
		{"windows", true, false, windowsPaths},
		// Elsewhere --windows asks for them, for any format.
		{"linux", true, false, windowsPaths},
		{"darwin", true, true, windowsPaths},
		// A Windows-only client's format gets them where they exist.
		{"linux", false, true, windowsPathsIfAll},
		{"darwin", false, true, windowsPathsIfAll},
		// Other formats keep this system's.
		{"linux", false, false, hostPaths},
		{"darwin", false, false, hostPaths},
	} {
		if got := choosePathForm(tt.goos, tt.windowsFlag, tt.windowsOnly); got != tt.want {
			t.Errorf("choosePathForm(%s, --windows %v, windows-only %v) = %d, want %d", tt.goos, tt.windowsFlag, tt.windowsOnly, got, tt.want)
		}
	}
	// Every format of the registry: putty-reg and winscp are the
	// Windows-only ones.
	for _, f := range clientconf.Formats() {
		got := choosePathForm("linux", false, f.WindowsOnly)
		if want := f.Name == "putty-reg" || f.Name == "winscp"; (got == windowsPathsIfAll) != want {
			t.Errorf("%s on linux: form %d", f.Name, got)
		}
		if got := choosePathForm("windows", false, f.WindowsOnly); got != windowsPaths {
			t.Errorf("%s on windows: form %d", f.Name, got)
		}
	}
}

func TestClientPath(t *testing.T) {
	for in, want := range map[string]string{
		"/mnt/c/Users/me/keys/cafe24.pem": `C:\Users\me\keys\cafe24.pem`,
		"/mnt/d/My Keys/cafe24.pem":       `D:\My Keys\cafe24.pem`,
		"/mnt/C/x.ppk":                    `C:\x.ppk`,
	} {
		for _, form := range []pathForm{windowsPaths, windowsPathsIfAll} {
			if got, err := clientPath("linux", form, in); err != nil || got != want {
				t.Errorf("clientPath(linux, %d, %q) = %q, %v; want %q", form, in, got, err, want)
			}
		}
	}
	for _, in := range []string{"/home/me/cafe24.pem", "/mnt/cd/x.pem", "/mnt/c", "/mnt//x"} {
		if got, err := clientPath("linux", windowsPaths, in); err == nil {
			t.Errorf("clientPath(%q) = %q, want an error", in, got)
		}
	}
	if got, err := clientPath("linux", hostPaths, "/home/me/cafe24.pem"); err != nil || got != "/home/me/cafe24.pem" {
		t.Errorf("hostPaths: %q, %v", got, err)
	}
	// On Windows the absolute path is a Windows path already.
	if got, err := clientPath("windows", windowsPaths, `C:\Users\me\cafe24.pem`); err != nil || got != `C:\Users\me\cafe24.pem` {
		t.Errorf("on windows: %q, %v", got, err)
	}
}

// mapWindowsIfAll maps every path when every .ppk (the keys winscp
// writes) has a Windows form, leaving out the others that have none, and
// maps none, with a warning, when one .ppk has not.
func TestMapWindowsIfAll(t *testing.T) {
	format, err := clientconf.FormatNamed("winscp")
	if err != nil {
		t.Fatal(err)
	}
	hosts := []clientconf.Host{
		{Name: "web1", KeyFile: "/home/me/cafe24.pem", PPKFile: "/mnt/c/keys/cafe24.ppk", KnownHostsFile: "/home/me/.ssh/known_hosts"},
		{Name: "solo", PPKFile: "/mnt/d/solo.ppk", KnownHostsFile: "/mnt/c/kh"},
	}
	warning, hint := mapWindowsIfAll("linux", format, hosts)
	if warning != "" || hint != "" {
		t.Fatalf("warning %q", warning)
	}
	want := []clientconf.Host{
		{Name: "web1", PPKFile: `C:\keys\cafe24.ppk`},
		{Name: "solo", PPKFile: `D:\solo.ppk`, KnownHostsFile: `C:\kh`},
	}
	for i := range want {
		if hosts[i].KeyFile != want[i].KeyFile || hosts[i].PPKFile != want[i].PPKFile || hosts[i].KnownHostsFile != want[i].KnownHostsFile {
			t.Errorf("host %d: %+v, want %+v", i, hosts[i], want[i])
		}
	}

	hosts = []clientconf.Host{
		{Name: "web1", PPKFile: "/mnt/c/keys/cafe24.ppk"},
		{Name: "db1", PPKFile: "/home/me/keys/cafe24.ppk"},
	}
	warning, hint = mapWindowsIfAll("linux", format, hosts)
	if !strings.HasPrefix(warning, "winscp is for clients on Windows, and the paths written are not Windows paths: /home/me/keys/cafe24.ppk is not on a Windows drive") || hint != fix.ExportWindowsPath {
		t.Errorf("warning %q, hint %q", warning, hint)
	}
	if hosts[0].PPKFile != "/mnt/c/keys/cafe24.ppk" {
		t.Errorf("one path mapped of two: %q", hosts[0].PPKFile)
	}
}
