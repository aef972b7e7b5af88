package fleet

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/cloudkeypair/keypair/firewall"
	"github.com/cloudkeypair/keypair/sshclient"
)

// Selection picks servers of a cloud file. Names or All say which servers
// to start from (All when only filters are given); OS, Group and Firewall
// filter them, all that are set applying together.
type Selection struct {
	Names []string // keyconv's --server A,B: each must exist
	All   bool     // keyconv's --all

	// OS keeps the servers whose OS gives the same login user as this one
	// in the user table ("ubuntu" keeps "Ubuntu 22.04"), or, for an OS
	// the table lacks, the same name, case aside.
	OS string

	Group    string // keeps the servers listing this group
	Firewall string // keeps the servers this firewall is attached to

	// Users is the user table OS is read with. If nil,
	// [sshclient.DefaultUsers].
	Users *sshclient.UserTable
}

// ErrNoSelection means a Selection says nothing: no names, not All, no
// filter. Acting on every server must be asked for.
var ErrNoSelection = errors.New("fleet: no servers selected: name them, ask for all, or filter by OS, group or firewall")

// Select returns the servers sel picks, in the file's order, each once. An
// unknown name, group or firewall is an error, as is a selection that
// picks nothing.
func Select(cfg *firewall.Config, sel Selection) ([]*firewall.Server, error) {
	filtered := sel.OS != "" || sel.Group != "" || sel.Firewall != ""
	switch {
	case len(sel.Names) > 0 && sel.All:
		return nil, errors.New("fleet: name servers or ask for all, not both")
	case len(sel.Names) == 0 && !sel.All && !filtered:
		return nil, ErrNoSelection
	}
	for _, n := range sel.Names {
		if cfg.Server(n) == nil {
			return nil, fmt.Errorf("fleet: no server is named %q in %s", n, fileName(cfg))
		}
	}
	if sel.Group != "" && !slices.ContainsFunc(cfg.Servers, func(s firewall.Server) bool { return slices.Contains(s.Groups, sel.Group) }) {
		return nil, fmt.Errorf("fleet: no server is in group %q in %s", sel.Group, fileName(cfg))
	}
	var attached []string
	if sel.Firewall != "" {
		if cfg.Firewall(sel.Firewall) == nil {
			return nil, fmt.Errorf("fleet: no firewall is named %q in %s", sel.Firewall, fileName(cfg))
		}
		attached = cfg.ServersOf(sel.Firewall)
	}
	users := sel.Users
	if users == nil {
		users = sshclient.DefaultUsers()
	}
	var out []*firewall.Server
	for i := range cfg.Servers {
		s := &cfg.Servers[i]
		switch {
		case len(sel.Names) > 0 && !slices.Contains(sel.Names, s.Name),
			sel.OS != "" && !sameOS(users, s.OS, sel.OS),
			sel.Group != "" && !slices.Contains(s.Groups, sel.Group),
			sel.Firewall != "" && !slices.Contains(attached, s.Name):
			continue
		}
		out = append(out, s)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("fleet: no server of %s matches the selection", fileName(cfg))
	}
	return out, nil
}

// sameOS compares OS names as the user table reads them.
func sameOS(users *sshclient.UserTable, os, want string) bool {
	if strings.EqualFold(strings.TrimSpace(os), strings.TrimSpace(want)) {
		return true
	}
	u1, err1 := users.Lookup(os)
	u2, err2 := users.Lookup(want)
	return err1 == nil && err2 == nil && u1 == u2
}

func fileName(cfg *firewall.Config) string {
	if cfg.File == "" {
		return "the cloud file"
	}
	return cfg.File
}
