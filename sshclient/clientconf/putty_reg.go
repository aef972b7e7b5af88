package clientconf

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf16"
)

// puttyRegistryRoot is where PuTTY on Windows keeps its saved sessions:
// windows/storage.c's puttystr, PUTTY_REG_POS "\\Sessions" under
// HKEY_CURRENT_USER.
const puttyRegistryRoot = `HKEY_CURRENT_USER\Software\SimonTatham\PuTTY\Sessions`

// WritePuTTYRegistry returns the hosts' saved sessions for PuTTY on Windows as a
// .reg file that regedit (or `reg import`) merges into the registry: the
// format regedit itself exports, "Windows Registry Editor Version 5.00",
// UTF-16LE with a byte-order mark and CRLF line ends. Each host is a key
// under HKEY_CURRENT_USER\Software\SimonTatham\PuTTY\Sessions named as
// PuTTY escapes a session name, holding the values [WritePuTTYSessions]
// writes, PortNumber as a DWORD and the rest as strings; opts.Comment is a
// ";" comment line after the header. With opts.PuTTYHostKeyCache the known
// host keys are also added to PuTTY's host-key cache.
//
// PPKFile is written as given: for PuTTY on Windows it must be a Windows
// path (C:\keys\cafe24.ppk).
func WritePuTTYRegistry(hosts []Host, opts Options) ([]byte, error) {
	sessions, err := puttySessions(hosts)
	if err != nil {
		return nil, err
	}
	if err := checkUTF8Hosts(hosts); err != nil {
		return nil, err
	}
	var b bytes.Buffer
	b.WriteString("Windows Registry Editor Version 5.00\n\n")
	if err := writeComment(&b, ";", opts.Comment); err != nil {
		return nil, err
	}
	for i, values := range sessions {
		fmt.Fprintf(&b, "[%s\\%s]\n", puttyRegistryRoot, puttyRegistryKeyName(hosts[i].Name))
		for _, v := range values {
			if v.isInt {
				fmt.Fprintf(&b, "%s=dword:%08x\n", regString(v.name), uint32(v.number))
			} else {
				fmt.Fprintf(&b, "%s=%s\n", regString(v.name), regString(v.str))
			}
		}
		b.WriteString("\n")
	}
	if opts.PuTTYHostKeyCache {
		if err := puttyRegistryHostKeys(&b, hosts); err != nil {
			return nil, err
		}
	}
	return utf16LEWithBOM(crlf(b.Bytes())), nil
}

// crlf turns a file's LF line ends into the CRLF Windows tools write. The
// writers build with LF; no value holds a line end (checkHost).
func crlf(b []byte) []byte { return bytes.ReplaceAll(b, []byte("\n"), []byte("\r\n")) }

// regString quotes s as a .reg file's value name or string data: in double
// quotes, with "\" and `"` escaped by a backslash.
func regString(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

// utf16LEWithBOM encodes s as UTF-16, little-endian, after the byte-order
// mark, the encoding regedit writes .reg files in.
func utf16LEWithBOM(s []byte) []byte {
	units := utf16.Encode([]rune(string(s)))
	out := make([]byte, 0, 2+2*len(units))
	out = append(out, 0xff, 0xfe)
	for _, u := range units {
		out = append(out, byte(u), byte(u>>8))
	}
	return out
}
