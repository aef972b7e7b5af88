package clientconf_test

import (
	"strings"
	"testing"

	"github.com/cloudkeypair/keypair/sshclient/clientconf"
)

// hostileName and hostilePath hold every character the PuTTY, WinSCP and
// FileZilla files give a meaning to (quotes, "\", "=", ";", "[", "]", "#",
// "%", "*", "<", "&", spaces at either end, non-ASCII, a trailing "\"):
// each must read back, through the client's own unescaping, as written.
const (
	hostileName = ` .a=b;c[d]#e%f*g?h<&>"i"\é `
	hostilePath = `C:\k "x"\a=b;c[d]#e%f*<&> é\`
)

func TestHostileValuesReadBack(t *testing.T) {
	hosts := ppkHosts(t)
	hosts[1].Name, hosts[1].PPKFile = hostileName, hostilePath

	reg, err := clientconf.WritePuTTYRegistry(hosts, clientconf.Options{})
	if err != nil {
		t.Fatal(err)
	}
	key := `HKEY_CURRENT_USER\Software\SimonTatham\PuTTY\Sessions\%20.a=b;c[d]#e%25f%2Ag%3Fh<&>"i"%5C%C3%A9%20`
	if got := parseRegFile(t, reg)[key]["PublicKeyFile"]; got != hostilePath {
		t.Errorf("putty-reg: %s PublicKeyFile = %q, want %q", key, got, hostilePath)
	}

	ini, err := clientconf.WriteWinSCPIni(hosts, clientconf.Options{})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for section, values := range parseIni(t, ini) {
		if name, ok := strings.CutPrefix(section, `Sessions\`); ok && winSCPUnmunge(t, name) == hostileName {
			found = true
			if got := winSCPUnmunge(t, values["PublicKeyFile"]); got != hostilePath {
				t.Errorf("winscp: PublicKeyFile = %q, want %q", got, hostilePath)
			}
		}
	}
	if !found {
		t.Errorf("winscp: no section for %q in\n%s", hostileName, ini)
	}

	xml, err := clientconf.WriteFileZilla(hosts, clientconf.Options{})
	if err != nil {
		t.Fatal(err)
	}
	doc := parseSiteManager(t, xml)
	if len(doc.Servers.Servers) != 2 {
		t.Fatalf("filezilla: %d servers", len(doc.Servers.Servers))
	}
	checkFileZillaServer(t, doc.Servers.Servers[1], hosts[1])

	files, err := clientconf.WritePuTTYSessions(hosts, clientconf.Options{})
	if err != nil {
		t.Fatal(err)
	}
	name := "sessions/%20.a%3Db%3Bc%5Bd%5D%23e%25f%2Ag%3Fh%3C%26%3E%22i%22%5C%C3%A9%20"
	if got := parsePuTTYSessionFile(t, files[name])["PublicKeyFile"]; got != hostilePath {
		t.Errorf("putty: %s PublicKeyFile = %q, want %q (files %v)", name, got, hostilePath, files)
	}
}
