package sshclient

import (
	"sort"
	"strings"
	"unicode"
)

// UserTable maps an OS to the login user its cloud images have: the only
// account that accepts the keypair, with passwordless sudo. Lookups forgive
// how people write an OS name (case, versions, editions, /etc/os-release
// IDs). The zero value is an empty table; [DefaultUsers] has the built-in
// entries.
type UserTable struct {
	entries []UserEntry
}

// UserEntry is one row of a [UserTable].
type UserEntry struct {
	OS      string   // the OS as people name it, such as "Rocky"
	User    string   // the login user
	Aliases []string // other names that select this entry, such as "rhel-rocky"
}

// DefaultUsers returns a new table with the users of the cloud images keyconv
// knows: Rocky (rocky), CentOS (centos), Ubuntu (ubuntu) and AlmaLinux
// (almalinux). Callers may add or override entries with [UserTable.Set].
func DefaultUsers() *UserTable {
	return &UserTable{entries: []UserEntry{
		{OS: "Rocky", User: "rocky"},
		{OS: "CentOS", User: "centos"},
		{OS: "Ubuntu", User: "ubuntu"},
		{OS: "AlmaLinux", User: "almalinux", Aliases: []string{"alma"}},
	}}
}

// Set adds an entry for os, or replaces the user of the entry that os
// already selects, for custom images.
func (t *UserTable) Set(os, user string) {
	key := osKey(os)
	for i := range t.entries {
		if t.entries[i].matches(key) {
			t.entries[i].User = user
			return
		}
	}
	t.entries = append(t.entries, UserEntry{OS: strings.TrimSpace(os), User: user})
}

// Entries returns the table's rows in the order they were added.
func (t *UserTable) Entries() []UserEntry {
	out := make([]UserEntry, len(t.entries))
	copy(out, t.entries)
	return out
}

// Lookup returns the login user for an OS written in any of the ways people
// write it: "Rocky Linux 9.4", "ubuntu-22.04", "CentOS 7", "almalinux 8", or
// an /etc/os-release ID such as "rocky". Version numbers and words such as
// "Linux", "Server" or "LTS" are ignored. An OS not in the table, or a name
// that matches two entries, is an [*UnknownOSError]: the package never
// guesses, since trying users in turn gets clients banned.
func (t *UserTable) Lookup(os string) (string, error) {
	words := osWords(os)
	if e := t.find(strings.Join(words, "")); e != nil {
		return e.User, nil
	}
	var found *UserEntry
	for _, w := range words {
		e := t.find(w)
		if e == nil {
			continue
		}
		if found != nil && found != e {
			return "", t.unknown(os)
		}
		found = e
	}
	if found == nil {
		return "", t.unknown(os)
	}
	return found.User, nil
}

func (t *UserTable) find(key string) *UserEntry {
	if key == "" {
		return nil
	}
	for i := range t.entries {
		if t.entries[i].matches(key) {
			return &t.entries[i]
		}
	}
	return nil
}

func (t *UserTable) unknown(os string) error {
	known := make([]string, 0, len(t.entries))
	for _, e := range t.entries {
		known = append(known, e.OS)
	}
	sort.Strings(known)
	return &UnknownOSError{OS: os, Known: known}
}

func (e *UserEntry) matches(key string) bool {
	if osKey(e.OS) == key {
		return true
	}
	for _, a := range e.Aliases {
		if osKey(a) == key {
			return true
		}
	}
	return false
}

// noiseWords carry no information about which image it is.
var noiseWords = map[string]bool{
	"linux": true, "os": true, "server": true, "lts": true, "stream": true,
	"minimal": true, "cloud": true, "edition": true, "gnu": true, "x": true, "amd": true,
}

// osWords splits an OS name into lowercase words of letters, dropping
// version numbers, punctuation and noise words.
func osWords(os string) []string {
	var words []string
	for _, w := range strings.FieldsFunc(strings.ToLower(os), func(r rune) bool { return !unicode.IsLetter(r) }) {
		if !noiseWords[w] {
			words = append(words, w)
		}
	}
	return words
}

func osKey(os string) string { return strings.Join(osWords(os), "") }
