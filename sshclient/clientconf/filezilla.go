package clientconf

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"slices"
	"strings"
)

// FileZilla's element names and numbers are from its source: SetServer and
// GetServer (commonui/xmlfunctions.cpp, the Site Manager's writer and
// reader), CSiteManagerDialog::SaveChild for folders, and the
// ServerProtocol and LogonType enums (SFTP = 1, key = 5).
const (
	fileZillaSFTP    = 1
	fileZillaKeyFile = 5
)

// fileZillaServer is a <Server> as SetServer writes one for an SFTP site
// with key-file logon.
type fileZillaServer struct {
	XMLName     xml.Name `xml:"Server"`
	Host        string   `xml:"Host"`
	Port        int      `xml:"Port"`
	Protocol    int      `xml:"Protocol"`
	Type        int      `xml:"Type"`
	User        string   `xml:"User"`
	Keyfile     string   `xml:"Keyfile"`
	Logontype   int      `xml:"Logontype"`
	BypassProxy int      `xml:"BypassProxy"`
	Name        string   `xml:"Name"`
}

// fileZillaFolder is a <Folder>: FileZilla keeps the folder's name as the
// element's own text, before its servers.
type fileZillaFolder struct {
	XMLName  xml.Name          `xml:"Folder"`
	Expanded string            `xml:"expanded,attr"`
	Name     string            `xml:",chardata"`
	Servers  []fileZillaServer `xml:"Server"`
}

type fileZillaSiteManager struct {
	XMLName xml.Name `xml:"FileZilla3"`
	Servers struct {
		Folders []fileZillaFolder `xml:"Folder"`
		Servers []fileZillaServer `xml:"Server"`
	} `xml:"Servers"`
}

// WriteFileZilla returns the hosts as FileZilla sites in the format
// of its sitemanager.xml (FileZilla3 > Servers > Server), which File >
// Import in FileZilla reads: Host, Port, Protocol 1 (SFTP), User, Keyfile
// (the PPKFile), Logontype 5 (key file) and Name, in folders as
// opts.Folders says, and opts.Comment as an XML comment (with "--", which
// XML forbids there, written "- -").
//
// The format has no place for host keys: FileZilla asks on the first
// connection and keeps the answer in its own cache.
func WriteFileZilla(hosts []Host, opts Options) ([]byte, error) {
	var doc fileZillaSiteManager
	folders := map[string]int{} // folder name -> index in doc.Servers.Folders
	if err := checkPPKHosts(hosts); err != nil {
		return nil, err
	}
	if err := checkUTF8Hosts(hosts); err != nil {
		return nil, err
	}
	for i := range hosts {
		h := &hosts[i]
		server := fileZillaServer{
			Host: h.Address, Port: h.PortOrDefault(), Protocol: fileZillaSFTP,
			User: h.User, Keyfile: h.PPKFile, Logontype: fileZillaKeyFile, Name: h.Name,
		}
		in := h.folders(opts.Folders)
		if in == nil {
			doc.Servers.Servers = append(doc.Servers.Servers, server)
			continue
		}
		for _, name := range in {
			j, ok := folders[name]
			if !ok {
				j = len(doc.Servers.Folders)
				folders[name] = j
				doc.Servers.Folders = append(doc.Servers.Folders, fileZillaFolder{Expanded: "1", Name: name})
			}
			doc.Servers.Folders[j].Servers = append(doc.Servers.Folders[j].Servers, server)
		}
	}
	slices.SortFunc(doc.Servers.Folders, func(a, b fileZillaFolder) int { return strings.Compare(a.Name, b.Name) })
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes" ?>` + "\n")
	if opts.Comment != "" {
		// XML forbids "--" inside a comment; a cloud file named
		// my--cloud.yaml must not make the export fail.
		comment := opts.Comment
		for strings.Contains(comment, "--") {
			comment = strings.ReplaceAll(comment, "--", "- -")
		}
		if err := writeComment(&b, "<!--", comment+" -->"); err != nil {
			return nil, err
		}
	}
	enc := xml.NewEncoder(&b)
	enc.Indent("", "\t")
	if err := enc.Encode(doc); err != nil {
		return nil, fmt.Errorf("clientconf: %w", err)
	}
	b.WriteByte('\n')
	return b.Bytes(), nil
}
