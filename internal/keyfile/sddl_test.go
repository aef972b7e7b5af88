package keyfile

import (
	"fmt"
	"strconv"
	"strings"
)

// parseSDDL reads the parts of a security descriptor string that the
// Windows rule looks at (O: and D:; G: and S: are skipped), so that the
// tests can state real files' descriptors as Windows prints them
// (Get-Acl's .Sddl, icacls /save, ConvertSidToStringSid). It knows the
// aliases those descriptors use and fails on anything else rather than
// guess.
func parseSDDL(s string) (Descriptor, error) {
	var sd Descriptor
	for len(s) > 0 {
		if len(s) < 2 || s[1] != ':' {
			return sd, fmt.Errorf("sddl: expected O:, G:, D: or S: at %q", s)
		}
		tag := s[0]
		value, rest := splitComponent(s[2:])
		s = rest
		switch tag {
		case 'O':
			sid, err := parseSID(value)
			if err != nil {
				return sd, err
			}
			sd.Owner = sid
		case 'G', 'S':
		case 'D':
			if err := parseDACL(value, &sd); err != nil {
				return sd, err
			}
		default:
			return sd, fmt.Errorf("sddl: unknown component %c:", tag)
		}
	}
	return sd, nil
}

// splitComponent returns the value of one component, which runs to the
// next "X:" outside parentheses.
func splitComponent(s string) (value, rest string) {
	depth := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '(':
			depth++
		case ')':
			depth--
		case ':':
			if depth == 0 && i > 0 && strings.IndexByte("OGDS", s[i-1]) >= 0 {
				return s[:i-1], s[i-1:]
			}
		}
	}
	return s, ""
}

func parseDACL(s string, sd *Descriptor) error {
	flags, aces, _ := strings.Cut(s, "(")
	if aces != "" {
		aces = "(" + aces
	}
	for flags != "" {
		switch {
		case strings.HasPrefix(flags, "NO_ACCESS_CONTROL"):
			sd.NullDACL = true
			flags = flags[len("NO_ACCESS_CONTROL"):]
		case strings.HasPrefix(flags, "AI"), strings.HasPrefix(flags, "AR"):
			flags = flags[2:]
		case strings.HasPrefix(flags, "P"):
			flags = flags[1:]
		default:
			return fmt.Errorf("sddl: unknown DACL flags %q", flags)
		}
	}
	for aces != "" {
		if aces[0] != '(' {
			return fmt.Errorf("sddl: expected ( at %q", aces)
		}
		end, depth := -1, 0
		for i := 0; i < len(aces) && end < 0; i++ {
			switch aces[i] {
			case '(':
				depth++
			case ')':
				if depth--; depth == 0 {
					end = i
				}
			}
		}
		if end < 0 {
			return fmt.Errorf("sddl: unbalanced parentheses in %q", aces)
		}
		ace, err := parseACE(aces[1:end])
		if err != nil {
			return err
		}
		sd.DACL = append(sd.DACL, ace)
		aces = aces[end+1:]
	}
	return nil
}

var (
	aceTypes = map[string]uint8{"A": 0, "D": 1, "AU": 2, "AL": 3, "OA": 5, "OD": 6, "XA": 9, "XD": 10, "ML": 0x11}
	aceFlags = map[string]uint8{"OI": 0x01, "CI": 0x02, "NP": 0x04, "IO": 0x08, "ID": 0x10, "SA": 0x40, "FA": 0x80}
	rights   = map[string]uint32{
		"GA": 0x10000000, "GR": 0x80000000, "GW": 0x40000000, "GX": 0x20000000,
		"RC": 0x20000, "SD": 0x10000, "WD": 0x40000, "WO": 0x80000,
		"FA": 0x1f01ff, "FR": 0x120089, "FW": 0x120116, "FX": 0x1200a0,
		"CC": 0x1, "DC": 0x2, "LC": 0x4, "SW": 0x8, "RP": 0x10, "WP": 0x20, "DT": 0x40, "LO": 0x80, "CR": 0x100,
	}
	sidAliases = map[string]string{
		"BA": SIDAdministrators, "SY": SIDSystem, "BU": SIDUsers, "AU": SIDAuthenticated, "WD": SIDEveryone,
		"CO": "S-1-3-0", "OW": "S-1-3-4", "IU": "S-1-5-4", "NS": "S-1-5-20", "LS": "S-1-5-19",
		"AN": "S-1-5-7", "BG": "S-1-5-32-546", "PU": "S-1-5-32-547", "RD": "S-1-5-32-555", "AC": "S-1-15-2-1",
	}
)

// parseACE reads "type;flags;rights;object;inherited object;account[;...]".
func parseACE(s string) (ACE, error) {
	fields := strings.SplitN(s, ";", 7)
	if len(fields) < 6 {
		return ACE{}, fmt.Errorf("sddl: ACE %q has %d fields, want 6", s, len(fields))
	}
	var ace ACE
	t, ok := aceTypes[fields[0]]
	if !ok {
		return ace, fmt.Errorf("sddl: unknown ACE type %q", fields[0])
	}
	ace.Type = t
	for f := fields[1]; f != ""; f = f[2:] {
		bit, ok := aceFlags[f[:min(2, len(f))]]
		if !ok {
			return ace, fmt.Errorf("sddl: unknown ACE flag in %q", fields[1])
		}
		ace.Flags |= bit
	}
	if r := fields[2]; strings.HasPrefix(r, "0x") {
		v, err := strconv.ParseUint(r[2:], 16, 32)
		if err != nil {
			return ace, fmt.Errorf("sddl: bad rights %q", r)
		}
		ace.Mask = uint32(v)
	} else {
		for ; r != ""; r = r[2:] {
			bit, ok := rights[r[:min(2, len(r))]]
			if !ok {
				return ace, fmt.Errorf("sddl: unknown right in %q", fields[2])
			}
			ace.Mask |= bit
		}
	}
	sid, err := parseSID(fields[5])
	if err != nil {
		return ace, err
	}
	ace.SID = sid
	return ace, nil
}

func parseSID(s string) (string, error) {
	if sid, ok := sidAliases[s]; ok {
		return sid, nil
	}
	if !strings.HasPrefix(s, "S-1-") {
		return "", fmt.Errorf("sddl: unknown account %q", s)
	}
	for _, part := range strings.Split(s[len("S-1-"):], "-") {
		if _, err := strconv.ParseUint(part, 10, 32); err != nil {
			return "", fmt.Errorf("sddl: bad SID %q", s)
		}
	}
	return s, nil
}
