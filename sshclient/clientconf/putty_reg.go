package clientconf

import (
	"fmt"
	"strings"
	"unicode/utf16"
)

// puttyRegistryRoot is where PuTTY on Windows keeps its saved sessions:
// windows/storage.c's puttystr, PUTTY_REG_POS "\\Sessions" under
// HKEY_CURRENT_USER.
const puttyRegistryRoot = `HKEY_CURRENT_USER\Software\SimonTatham\PuTTY\Sessions`

// PuTTYRegistry returns the hosts' saved sessions for PuTTY on Windows as a
// .reg file that regedit (or `reg import`) merges into the registry: the
// format regedit itself exports, "Windows Registry Editor Version 5.00",
// UTF-16LE with a byte-order mark and CRLF line ends. Each host is a key
// under HKEY_CURRENT_USER\Software\SimonTatham\PuTTY\Sessions named as
// PuTTY escapes a session name, holding the values [PuTTYSessionFiles]
// writes, PortNumber as a DWORD and the rest as strings.
//
// PPKFile is written as given: for PuTTY on Windows it must be a Windows
// path (C:\keys\cafe24.ppk).
func PuTTYRegistry(hosts []Host) ([]byte, error) {
	sessions, err := puttySessions(hosts)
	if err != nil {
		return nil, err
	}
	var b strings.Builder
	b.WriteString("Windows Registry Editor Version 5.00\r\n\r\n")
	for i, values := range sessions {
		fmt.Fprintf(&b, "[%s\\%s]\r\n", puttyRegistryRoot, puttyRegistryKeyName(hosts[i].Name))
		for _, v := range values {
			if v.isInt {
				fmt.Fprintf(&b, "%s=dword:%08x\r\n", regString(v.name), uint32(v.number))
			} else {
				fmt.Fprintf(&b, "%s=%s\r\n", regString(v.name), regString(v.str))
			}
		}
		b.WriteString("\r\n")
	}
	return utf16LEWithBOM(b.String()), nil
}

// regString quotes s as a .reg file's value name or string data: in double
// quotes, with "\" and `"` escaped by a backslash.
func regString(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

// utf16LEWithBOM encodes s as UTF-16, little-endian, after the byte-order
// mark, the encoding regedit writes .reg files in.
func utf16LEWithBOM(s string) []byte {
	units := utf16.Encode([]rune(s))
	out := make([]byte, 0, 2+2*len(units))
	out = append(out, 0xff, 0xfe)
	for _, u := range units {
		out = append(out, byte(u), byte(u>>8))
	}
	return out
}
