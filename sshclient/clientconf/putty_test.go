package clientconf_test

import (
	"errors"
	"maps"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/crypto/ssh"

	"github.com/cloudkeypair/keypair/internal/golden"
	"github.com/cloudkeypair/keypair/sshclient/clientconf"
)

// parsePuTTYSessionFile reads a session file as unix/storage.c's
// open_settings_r does: a line without "=" is skipped, the name ends at
// the first "=", and the value runs to the end of the line.
func parsePuTTYSessionFile(t *testing.T, data []byte) map[string]string {
	t.Helper()
	if len(data) == 0 || data[len(data)-1] != '\n' {
		t.Fatalf("session file does not end in a newline: %q", data)
	}
	values := map[string]string{}
	for _, line := range strings.Split(strings.TrimSuffix(string(data), "\n"), "\n") {
		name, value, ok := strings.Cut(line, "=")
		if !ok {
			t.Fatalf("line without '=': %q", line)
		}
		if _, dup := values[name]; dup {
			t.Fatalf("%s given twice", name)
		}
		values[name] = value
	}
	return values
}

// parsePuTTYSet splits a setting holding a set (SSHManualHostKeys) as
// settings.c's gppmap does: entries separated by ",", a backslash
// escaping the next character.
func parsePuTTYSet(s string) []string {
	var entries []string
	var cur strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\\' && i+1 < len(s):
			i++
			cur.WriteByte(s[i])
		case c == ',':
			entries = append(entries, cur.String())
			cur.Reset()
		default:
			cur.WriteByte(c)
		}
	}
	if cur.Len() > 0 {
		entries = append(entries, cur.String())
	}
	return entries
}

func fingerprints(keys []ssh.PublicKey) []string {
	var fps []string
	for _, k := range keys {
		fps = append(fps, ssh.FingerprintSHA256(k))
	}
	return fps
}

// checkPuTTYSession compares a parsed session with the host it was made from.
func checkPuTTYSession(t *testing.T, got map[string]string, h clientconf.Host) {
	t.Helper()
	want := map[string]string{
		"HostName":      h.Address,
		"Protocol":      "ssh",
		"PortNumber":    strconv.Itoa(h.PortOrDefault()),
		"UserName":      h.User,
		"PublicKeyFile": h.PPKFile,
	}
	if len(h.HostKeys) > 0 {
		if keys := parsePuTTYSet(got["SSHManualHostKeys"]); !slices.Equal(keys, fingerprints(h.HostKeys)) {
			t.Errorf("%s: SSHManualHostKeys = %q, want %q", h.Name, keys, fingerprints(h.HostKeys))
		}
		want["SSHManualHostKeys"] = got["SSHManualHostKeys"]
	}
	for name, value := range want {
		if got[name] != value {
			t.Errorf("%s: %s = %q, want %q", h.Name, name, got[name], value)
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			t.Errorf("%s: unexpected value %s", h.Name, name)
		}
	}
}

func TestPuTTYSessionFiles(t *testing.T) {
	hosts := ppkHosts(t)
	files, err := clientconf.WritePuTTYSessions(hosts, clientconf.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != len(hosts) {
		t.Fatalf("got %d files for %d hosts", len(files), len(hosts))
	}
	for _, h := range hosts {
		path := "sessions/" + h.Name // the fixture names need no escaping
		data, ok := files[path]
		if !ok {
			t.Fatalf("no %s in %v", path, slices.Collect(maps.Keys(files)))
		}
		golden.Check(t, filepath.Join("testdata", "putty", path), data)
		checkPuTTYSession(t, parsePuTTYSessionFile(t, data), h)
	}
}

func TestPuTTYSessionFileNameEscaped(t *testing.T) {
	hosts := ppkHosts(t)[:1]
	hosts[0].Name = "web 1/a%b+c.d@e_f"
	files, err := clientconf.WritePuTTYSessions(hosts, clientconf.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := files["sessions/web%201%2Fa%25b+c.d@e_f"]; !ok {
		t.Errorf("files: %v", slices.Collect(maps.Keys(files)))
	}
}

func TestPPKWritersRefuse(t *testing.T) {
	writers := map[string]func([]clientconf.Host) error{
		"putty": func(h []clientconf.Host) error {
			_, err := clientconf.WritePuTTYSessions(h, clientconf.Options{})
			return err
		},
	}
	for _, name := range []string{"putty-reg", "winscp", "filezilla"} {
		f, err := clientconf.FormatNamed(name)
		if err != nil || !f.NeedsPPK {
			t.Fatalf("%s: %+v, %v", name, f, err)
		}
		writers[name] = func(h []clientconf.Host) error { _, err := f.Write(h, clientconf.Options{}); return err }
	}
	cases := map[string]struct {
		change func(hosts []clientconf.Host) []clientconf.Host
		is     error
		text   string
		typed  bool // a *HostError
	}{
		"no ppk":  {change: func(h []clientconf.Host) []clientconf.Host { h[1].PPKFile = ""; return h }, is: clientconf.ErrNoPPK},
		"no user": {change: func(h []clientconf.Host) []clientconf.Host { h[1].User = ""; return h }, text: "no user"},
		"newline in user": {change: func(h []clientconf.Host) []clientconf.Host {
			h[1].User = "ubuntu\nPortNumber=1"
			return h
		}, text: "control character"},
		"no address": {change: func(h []clientconf.Host) []clientconf.Host { h[1].Address = ""; return h }, text: "no address"},
		"port":       {change: func(h []clientconf.Host) []clientconf.Host { h[1].Port = 70000; return h }, text: "port 70000"},
		"twice":      {change: func(h []clientconf.Host) []clientconf.Host { return append(h, h[1]) }, text: "listed twice", typed: true},
	}
	for wname, write := range writers {
		for cname, c := range cases {
			t.Run(wname+"/"+cname, func(t *testing.T) {
				err := write(c.change(ppkHosts(t)))
				if err == nil {
					t.Fatal("no error")
				}
				var he *clientconf.HostError
				if (c.typed || c.is != nil) && (!errors.As(err, &he) || he.Host != "db") {
					t.Fatalf("err = %v, want a HostError for db", err)
				}
				if c.is != nil && !errors.Is(err, c.is) {
					t.Errorf("err = %v, want %v", err, c.is)
				}
				if !strings.HasPrefix(err.Error(), `clientconf: server "db"`) || !strings.Contains(err.Error(), c.text) {
					t.Errorf("err = %q", err)
				}
			})
		}
	}
}

func TestPuTTYSettingsDir(t *testing.T) {
	cases := []struct {
		name   string
		env    map[string]string
		exists []string
		want   string
	}{
		{"PUTTYDIR wins", map[string]string{"PUTTYDIR": "/p", "XDG_CONFIG_HOME": "/x"}, []string{"/x/putty", "/h/.config/putty"}, "/p"},
		{"XDG_CONFIG_HOME", map[string]string{"XDG_CONFIG_HOME": "/x"}, []string{"/x/putty"}, "/x/putty"},
		{".config/putty", nil, []string{"/h/.config/putty", "/h/.putty"}, "/h/.config/putty"},
		{"XDG dir missing", map[string]string{"XDG_CONFIG_HOME": "/x"}, []string{"/h/.config/putty"}, "/h/.putty"},
		{"nothing yet", nil, nil, "/h/.putty"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := clientconf.PuTTYSettingsDir(
				func(k string) string { return c.env[k] }, "/h",
				func(p string) bool { return slices.Contains(c.exists, p) })
			if got != c.want {
				t.Errorf("got %s, want %s", got, c.want)
			}
		})
	}
}

// TestSessionNamesClientsConfuse: PuTTY's registry keys and WinSCP's
// sections do not differ by case, so "DB" after "db" would replace it, and
// "Default Settings" would be every session's defaults, not a site.
func TestSessionNamesClientsConfuse(t *testing.T) {
	writers := map[string]func([]clientconf.Host) error{
		"putty": func(h []clientconf.Host) error {
			_, err := clientconf.WritePuTTYSessions(h, clientconf.Options{})
			return err
		},
		"putty-reg": func(h []clientconf.Host) error {
			_, err := clientconf.WritePuTTYRegistry(h, clientconf.Options{})
			return err
		},
		"winscp": func(h []clientconf.Host) error {
			_, err := clientconf.WriteWinSCPIni(h, clientconf.Options{})
			return err
		},
	}
	for wname, write := range writers {
		for name, want := range map[string]string{"DB": `listed twice: PuTTY and WinSCP take it for "db"`, "default SETTINGS": "default session"} {
			t.Run(wname+"/"+name, func(t *testing.T) {
				hosts := ppkHosts(t)
				extra := hosts[1]
				extra.Name = name
				err := write(append(hosts, extra))
				var he *clientconf.HostError
				if !errors.As(err, &he) || he.Host != name || !strings.Contains(err.Error(), want) {
					t.Errorf("err = %v, want a HostError for %s saying %q", err, name, want)
				}
			})
		}
	}
}

// TestPPKWritersRefuseNonUTF8: regedit's UTF-16 and FileZilla's XML hold
// text, so a byte that is not UTF-8 would be written as U+FFFD (and read
// by WinSCP in the ANSI code page): the .ppk named would be another file.
// PuTTY's session files are bytes and keep it.
func TestPPKWritersRefuseNonUTF8(t *testing.T) {
	for _, name := range []string{"putty-reg", "winscp", "filezilla"} {
		f, _ := clientconf.FormatNamed(name)
		for field, change := range map[string]func(h *clientconf.Host){
			"ppk file": func(h *clientconf.Host) { h.PPKFile = "/home/kim/keys/caf\xe9.ppk" },
			"group":    func(h *clientconf.Host) { h.Groups = []string{"caf\xe9"} },
		} {
			t.Run(name+"/"+field, func(t *testing.T) {
				hosts := ppkHosts(t)
				change(&hosts[1])
				_, err := f.Write(hosts, clientconf.Options{})
				var he *clientconf.HostError
				if !errors.As(err, &he) || he.Host != "db" || !strings.Contains(err.Error(), field+` "`) || !strings.Contains(err.Error(), "not UTF-8") {
					t.Errorf("err = %v, want a HostError for db about its %s", err, field)
				}
			})
		}
	}
	hosts := ppkHosts(t)
	hosts[1].PPKFile = "/home/kim/keys/caf\xe9.ppk"
	files, err := clientconf.WritePuTTYSessions(hosts, clientconf.Options{})
	if err != nil || !strings.Contains(string(files["sessions/db"]), "PublicKeyFile=/home/kim/keys/caf\xe9.ppk\n") {
		t.Errorf("err = %v, files %q", err, files["sessions/db"])
	}
}

// TestPuTTYWritersRefuseLongName: each byte PuTTY escapes takes three
// characters, and a registry key's name, like a file name, holds 255;
// regedit would skip the session, and a session file could not be made.
func TestPuTTYWritersRefuseLongName(t *testing.T) {
	hosts := ppkHosts(t)
	hosts[1].Name = strings.Repeat("é", 43) // 86 bytes, 258 characters escaped
	if _, err := clientconf.WritePuTTYRegistry(hosts, clientconf.Options{}); err == nil || !strings.Contains(err.Error(), "258 characters") {
		t.Errorf("putty-reg: err = %v", err)
	}
	if _, err := clientconf.WritePuTTYSessions(hosts, clientconf.Options{}); err == nil || !strings.Contains(err.Error(), "258 characters") {
		t.Errorf("putty: err = %v", err)
	}
	hosts[1].Name = strings.Repeat("x", 255)
	if _, err := clientconf.WritePuTTYRegistry(hosts, clientconf.Options{}); err != nil {
		t.Errorf("255 characters: %v", err)
	}
}
