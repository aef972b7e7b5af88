package clientconf_test

import (
	"bytes"
	"strconv"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/cloudkeypair/keypair/internal/golden"
	"github.com/cloudkeypair/keypair/sshclient/clientconf"
)

// parseRegFile reads a .reg file as regedit does: UTF-16LE after its
// byte-order mark, CRLF lines, the version header, then [KEY] lines each
// followed by "NAME"=VALUE lines, where VALUE is a quoted string with "\"
// escaping or dword:XXXXXXXX. Numbers come back in decimal.
func parseRegFile(t *testing.T, data []byte) map[string]map[string]string {
	t.Helper()
	if !bytes.HasPrefix(data, []byte{0xff, 0xfe}) || len(data)%2 != 0 {
		t.Fatalf("not UTF-16LE with a byte-order mark: % x", data[:min(len(data), 8)])
	}
	units := make([]uint16, 0, len(data)/2-1)
	for i := 2; i < len(data); i += 2 {
		units = append(units, uint16(data[i])|uint16(data[i+1])<<8)
	}
	text := string(utf16.Decode(units))
	if strings.Contains(strings.ReplaceAll(text, "\r\n", ""), "\n") {
		t.Fatal("a line ends in LF alone")
	}
	lines := strings.Split(text, "\r\n")
	if lines[0] != "Windows Registry Editor Version 5.00" || lines[1] != "" {
		t.Fatalf("header: %q", lines[:2])
	}
	keys := map[string]map[string]string{}
	var cur map[string]string
	for _, line := range lines[2:] {
		switch {
		case line == "":
			cur = nil
		case strings.HasPrefix(line, ";"):
		case strings.HasPrefix(line, "[") && strings.HasSuffix(line, "]"):
			cur = map[string]string{}
			keys[line[1:len(line)-1]] = cur
		case cur != nil && strings.HasPrefix(line, `"`):
			name, rest := regQuoted(t, line)
			value, ok := strings.CutPrefix(rest, "=")
			if !ok {
				t.Fatalf("no '=' in %q", line)
			}
			if dword, ok := strings.CutPrefix(value, "dword:"); ok {
				n, err := strconv.ParseUint(dword, 16, 32)
				if err != nil || len(dword) != 8 {
					t.Fatalf("bad dword in %q", line)
				}
				cur[name] = strconv.FormatUint(n, 10)
				continue
			}
			s, rest := regQuoted(t, value)
			if rest != "" {
				t.Fatalf("trailing %q in %q", rest, line)
			}
			cur[name] = s
		default:
			t.Fatalf("unexpected line %q", line)
		}
	}
	return keys
}

// regQuoted reads the quoted string s starts with, undoing "\" escapes,
// and returns it and what follows it.
func regQuoted(t *testing.T, s string) (string, string) {
	t.Helper()
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
			if i == len(s) {
				t.Fatalf("dangling backslash in %q", s)
			}
			b.WriteByte(s[i])
		case '"':
			return b.String(), s[i+1:]
		default:
			b.WriteByte(s[i])
		}
	}
	t.Fatalf("unterminated string %q", s)
	return "", ""
}

func TestPuTTYRegistry(t *testing.T) {
	hosts := ppkHosts(t)
	reg, err := clientconf.WritePuTTYRegistry(hosts, clientconf.Options{})
	if err != nil {
		t.Fatal(err)
	}
	golden.Check(t, "testdata/putty.reg", reg)
	keys := parseRegFile(t, reg)
	if len(keys) != len(hosts) {
		t.Fatalf("got %d keys for %d hosts: %v", len(keys), len(hosts), keys)
	}
	for _, h := range hosts {
		key := `HKEY_CURRENT_USER\Software\SimonTatham\PuTTY\Sessions\` + h.Name
		values, ok := keys[key]
		if !ok {
			t.Fatalf("no key %s", key)
		}
		checkPuTTYSession(t, values, h)
	}
}

func TestPuTTYRegistryEscapesSessionName(t *testing.T) {
	hosts := ppkHosts(t)[:1]
	hosts[0].Name = `.web 1\*?%é`
	reg, err := clientconf.WritePuTTYRegistry(hosts, clientconf.Options{})
	if err != nil {
		t.Fatal(err)
	}
	keys := parseRegFile(t, reg)
	want := `HKEY_CURRENT_USER\Software\SimonTatham\PuTTY\Sessions\%2Eweb%201%5C%2A%3F%25%C3%A9`
	if _, ok := keys[want]; !ok {
		t.Errorf("keys %v, want %s", keys, want)
	}
}

func TestPuTTYRegistryComment(t *testing.T) {
	reg, err := clientconf.WritePuTTYRegistry(ppkHosts(t), clientconf.Options{Comment: "written by keyconv export putty-reg"})
	if err != nil {
		t.Fatal(err)
	}
	if keys := parseRegFile(t, reg); len(keys) != 2 {
		t.Errorf("keys: %v", keys)
	}
	if _, err := clientconf.WritePuTTYRegistry(ppkHosts(t), clientconf.Options{Comment: "a\nb"}); err == nil {
		t.Error("a comment of two lines was written")
	}
}
