package clientconf

import "slices"

// FolderBy says how the formats that have site folders (WinSCP,
// FileZilla) put the hosts in them.
type FolderBy int

// The ways to file hosts. A host is listed in the folder of each of its
// groups (or firewalls); one without any stays at the top level.
const (
	NoFolders         FolderBy = iota // every site at the top level
	FoldersByGroup                    // a folder per entry of Host.Groups
	FoldersByFirewall                 // a folder per entry of Host.Firewalls
)

// folders returns the folders h is listed in, sorted, each once; nil
// means the top level.
func (h *Host) folders(by FolderBy) []string {
	var in []string
	switch by {
	case FoldersByGroup:
		in = h.Groups
	case FoldersByFirewall:
		in = h.Firewalls
	}
	if len(in) == 0 {
		return nil
	}
	return slices.Compact(slices.Sorted(slices.Values(in)))
}
