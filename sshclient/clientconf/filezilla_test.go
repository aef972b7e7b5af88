package clientconf_test

import (
	"bytes"
	"encoding/xml"
	"strconv"
	"strings"
	"testing"

	"github.com/cloudkeypair/keypair/internal/golden"
	"github.com/cloudkeypair/keypair/sshclient/clientconf"
)

// The shape FileZilla's GetServer and CSiteManager::Load read, declared
// here independently of the writer's own types.
type fzServer struct {
	Host      string `xml:"Host"`
	Port      string `xml:"Port"`
	Protocol  string `xml:"Protocol"`
	Type      string `xml:"Type"`
	User      string `xml:"User"`
	Keyfile   string `xml:"Keyfile"`
	Logontype string `xml:"Logontype"`
	Name      string `xml:"Name"`
}

type fzFolder struct {
	Expanded string     `xml:"expanded,attr"`
	Text     string     `xml:",chardata"`
	Servers  []fzServer `xml:"Server"`
	Folders  []fzFolder `xml:"Folder"`
}

type fzDocument struct {
	XMLName xml.Name `xml:"FileZilla3"`
	Servers fzFolder `xml:"Servers"`
}

func parseSiteManager(t *testing.T, data []byte) fzDocument {
	t.Helper()
	if !bytes.HasPrefix(data, []byte(`<?xml version="1.0" encoding="UTF-8"`)) {
		t.Fatalf("no XML declaration: %.60q", data)
	}
	var doc fzDocument
	if err := xml.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	return doc
}

func checkFileZillaServer(t *testing.T, got fzServer, h clientconf.Host) {
	t.Helper()
	want := fzServer{
		Host: h.Address, Port: strconv.Itoa(h.PortOrDefault()), Protocol: "1", Type: "0",
		User: h.User, Keyfile: h.PPKFile, Logontype: "5", Name: h.Name,
	}
	if got != want {
		t.Errorf("server %+v, want %+v", got, want)
	}
}

func TestFileZillaSiteManager(t *testing.T) {
	hosts := ppkHosts(t)
	data, err := clientconf.WriteFileZilla(hosts, clientconf.Options{})
	if err != nil {
		t.Fatal(err)
	}
	golden.Check(t, "testdata/sitemanager.xml", data)
	doc := parseSiteManager(t, data)
	if len(doc.Servers.Folders) != 0 || len(doc.Servers.Servers) != len(hosts) {
		t.Fatalf("document %+v", doc)
	}
	for i, h := range hosts {
		checkFileZillaServer(t, doc.Servers.Servers[i], h)
	}
}

func TestFileZillaSiteManagerFolders(t *testing.T) {
	hosts := ppkHosts(t)
	hosts[1].Firewalls = nil
	for _, c := range []struct {
		name     string
		grouping clientconf.FolderBy
		folders  map[string][]int // folder name -> indexes of its hosts
		top      []int
	}{
		{"group", clientconf.FoldersByGroup, map[string][]int{"prod": {0, 1}, "web": {0}}, nil},
		{"firewall", clientconf.FoldersByFirewall, map[string][]int{"office-ssh": {0}}, []int{1}},
	} {
		t.Run(c.name, func(t *testing.T) {
			data, err := clientconf.WriteFileZilla(hosts, clientconf.Options{Folders: c.grouping})
			if err != nil {
				t.Fatal(err)
			}
			golden.Check(t, "testdata/sitemanager-by-"+c.name+".xml", data)
			doc := parseSiteManager(t, data)
			if len(doc.Servers.Folders) != len(c.folders) || len(doc.Servers.Servers) != len(c.top) {
				t.Fatalf("document %+v", doc)
			}
			for _, f := range doc.Servers.Folders {
				// CSiteManager::Load takes the folder's name from its
				// first text node, trimmed.
				name := strings.TrimSpace(f.Text)
				want, ok := c.folders[name]
				if !ok || len(f.Servers) != len(want) || f.Expanded != "1" {
					t.Fatalf("folder %q: %+v", name, f)
				}
				for i, j := range want {
					checkFileZillaServer(t, f.Servers[i], hosts[j])
				}
			}
			for i, j := range c.top {
				checkFileZillaServer(t, doc.Servers.Servers[i], hosts[j])
			}
		})
	}
}

func TestFileZillaSiteManagerEscapesXML(t *testing.T) {
	hosts := ppkHosts(t)[:1]
	hosts[0].Name = `a<b>&"c"`
	hosts[0].PPKFile = `C:\keys\a&b.ppk`
	data, err := clientconf.WriteFileZilla(hosts, clientconf.Options{})
	if err != nil {
		t.Fatal(err)
	}
	doc := parseSiteManager(t, data)
	checkFileZillaServer(t, doc.Servers.Servers[0], hosts[0])
}

func TestFileZillaComment(t *testing.T) {
	data, err := clientconf.WriteFileZilla(ppkHosts(t), clientconf.Options{Comment: "written by keyconv export filezilla"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), "\n<!-- written by keyconv export filezilla -->\n<FileZilla3>") {
		t.Errorf("comment missing:\n%s", data)
	}
	parseSiteManager(t, data)
	if _, err := clientconf.WriteFileZilla(ppkHosts(t), clientconf.Options{Comment: "a\nb"}); err == nil {
		t.Error("a comment of two lines was written")
	}
	data, err = clientconf.WriteFileZilla(ppkHosts(t), clientconf.Options{Comment: "from my---cloud.yaml"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), "<!-- from my- - -cloud.yaml -->") {
		t.Errorf("comment with dashes:\n%s", data)
	}
	parseSiteManager(t, data)
}
