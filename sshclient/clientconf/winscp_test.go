package clientconf_test

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/cloudkeypair/keypair/internal/golden"
	"github.com/cloudkeypair/keypair/sshclient/clientconf"
)

// parseIni reads an INI file as Windows' profile API (and WinSCP's
// TMemIniFile) does: CRLF lines, [SECTION] headers, NAME=VALUE lines split
// at the first "=", blank lines and ";" comments ignored.
func parseIni(t *testing.T, data []byte) map[string]map[string]string {
	t.Helper()
	text := string(data)
	if strings.Contains(strings.ReplaceAll(text, "\r\n", ""), "\n") {
		t.Fatal("a line ends in LF alone")
	}
	sections := map[string]map[string]string{}
	var cur map[string]string
	for _, line := range strings.Split(strings.TrimSuffix(text, "\r\n"), "\r\n") {
		switch {
		case line == "", strings.HasPrefix(line, ";"):
		case strings.HasPrefix(line, "[") && strings.HasSuffix(line, "]"):
			name := line[1 : len(line)-1]
			if _, dup := sections[name]; dup {
				t.Fatalf("section %s twice", name)
			}
			cur = map[string]string{}
			sections[name] = cur
		case cur != nil && strings.Contains(line, "="):
			name, value, _ := strings.Cut(line, "=")
			cur[name] = value
		default:
			t.Fatalf("unexpected line %q", line)
		}
	}
	return sections
}

// winSCPUnmunge undoes WinSCP's escaping of a stored string (UnMungeStr):
// %XX is a byte, and a leading UTF-8 byte-order mark marks UTF-8.
func winSCPUnmunge(t *testing.T, s string) string {
	t.Helper()
	var b []byte
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) {
			n, err := strconv.ParseUint(s[i+1:i+3], 16, 8)
			if err != nil {
				t.Fatalf("bad escape in %q", s)
			}
			b = append(b, byte(n))
			i += 2
			continue
		}
		b = append(b, s[i])
	}
	return strings.TrimPrefix(string(b), "\uFEFF")
}

// readFingerprintLine reads puttygen's -l output for a corpus key, the
// independent source of the fingerprint text WinSCP shows.
func readFingerprintLine(t *testing.T, alg string) string {
	t.Helper()
	data, err := os.ReadFile(fmt.Sprintf("../../testdata/corpus/%s/puttygen.%s.sha256.fp", alg, alg))
	if err != nil {
		t.Fatal(err)
	}
	return strings.Replace(strings.TrimSpace(string(data)), " SHA256:", " ", 1)
}

func TestWinSCPIni(t *testing.T) {
	hosts := ppkHosts(t)
	ini, err := clientconf.WriteWinSCPIni(hosts, clientconf.Options{})
	if err != nil {
		t.Fatal(err)
	}
	golden.Check(t, "testdata/WinSCP.ini", ini)
	sections := parseIni(t, ini)
	if len(sections) != len(hosts) {
		t.Fatalf("got %d sections for %d hosts", len(sections), len(hosts))
	}
	for _, h := range hosts {
		got, ok := sections[`Sessions\`+h.Name]
		if !ok {
			t.Fatalf("no section for %s: %v", h.Name, sections)
		}
		want := map[string]string{
			"HostName":      h.Address,
			"PortNumber":    strconv.Itoa(h.PortOrDefault()),
			"UserName":      h.User,
			"PublicKeyFile": h.PPKFile,
			"FSProtocol":    "2",
		}
		if len(h.HostKeys) > 0 {
			want["SshHostKey"] = readFingerprintLine(t, "ed25519") + ";" + readFingerprintLine(t, "ecdsa256")
		}
		for name, value := range want {
			if v := got[name]; name != "PortNumber" && name != "FSProtocol" {
				got[name] = winSCPUnmunge(t, v)
			}
			if got[name] != value {
				t.Errorf("%s: %s = %q, want %q", h.Name, name, got[name], value)
			}
		}
		if len(got) != len(want) {
			t.Errorf("%s: values %v, want %v", h.Name, got, want)
		}
	}
}

func TestWinSCPIniEscapes(t *testing.T) {
	hosts := ppkHosts(t)[:1]
	hosts[0].Name = "web 1\\é"
	ini, err := clientconf.WriteWinSCPIni(hosts, clientconf.Options{})
	if err != nil {
		t.Fatal(err)
	}
	sections := parseIni(t, ini)
	// The é makes WinSCP mark the name as UTF-8 with an escaped
	// byte-order mark; "\" would be a level of the INI's key path.
	got, ok := sections[`Sessions\%EF%BB%BFweb%201%5C%C3%A9`]
	if !ok {
		t.Fatalf("sections: %v", sections)
	}
	if got["PublicKeyFile"] != `C:%5CUsers%5CKim%20Lee%5Ckeys%5Ccafe24.ppk` {
		t.Errorf("PublicKeyFile = %s", got["PublicKeyFile"])
	}
}

func TestWinSCPIniFolders(t *testing.T) {
	hosts := ppkHosts(t)
	ini, err := clientconf.WriteWinSCPIni(hosts, clientconf.Options{Folders: clientconf.FoldersByGroup, Comment: "written by keyconv export winscp"})
	if err != nil {
		t.Fatal(err)
	}
	golden.Check(t, "testdata/WinSCP-by-group.ini", ini)
	if !strings.HasPrefix(string(ini), "; written by keyconv export winscp\r\n") {
		t.Errorf("no comment first: %.60q", ini)
	}
	sections := parseIni(t, ini)
	for _, want := range []string{`Sessions\prod/web-1`, `Sessions\web/web-1`, `Sessions\prod/db`} {
		if got, ok := sections[want]; !ok || got["HostName"] == "" {
			t.Errorf("no site %s in %v", want, sections)
		}
	}
	if len(sections) != 3 {
		t.Errorf("%d sites, want 3", len(sections))
	}
}

// TestWinSCPIniRefusesSlash: WinSCP reads "/" in a site's name as a
// folder, with no escape, so server a/b would be site b in folder a.
func TestWinSCPIniRefusesSlash(t *testing.T) {
	for name, c := range map[string]struct {
		change  func(h *clientconf.Host)
		folders clientconf.FolderBy
		want    string
	}{
		"in a name":   {change: func(h *clientconf.Host) { h.Name = "web/1" }, want: `site's name as a folder`},
		"in a folder": {change: func(h *clientconf.Host) { h.Groups = []string{"prod/eu"} }, folders: clientconf.FoldersByGroup, want: `folder "prod/eu"`},
	} {
		t.Run(name, func(t *testing.T) {
			hosts := ppkHosts(t)
			c.change(&hosts[1])
			_, err := clientconf.WriteWinSCPIni(hosts, clientconf.Options{Folders: c.folders})
			var he *clientconf.HostError
			if !errors.As(err, &he) || !strings.Contains(err.Error(), c.want) {
				t.Errorf("err = %v, want a HostError saying %q", err, c.want)
			}
		})
	}
	// Filed by firewall, the groups are no folders and need no check.
	hosts := ppkHosts(t)
	hosts[1].Groups = []string{"prod/eu"}
	if _, err := clientconf.WriteWinSCPIni(hosts, clientconf.Options{Folders: clientconf.FoldersByFirewall}); err != nil {
		t.Error(err)
	}
}
