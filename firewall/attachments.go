package firewall

import (
	"slices"
	"strconv"
	"strings"
)

// Attachments can be written on either side (a firewall's servers, a
// server's firewalls), so who is attached to whom is only known after
// looking at both. Lint, Effective and Compile need it for every server;
// they build this index once, in one pass over the file, and then work once
// per distinct set of attached firewalls: a file of 30,000 servers that all
// carry the same ten firewalls has one set, not 30,000.

// attachIndex is the attachments of every server of a config.
type attachIndex struct {
	sets  []firewallSet // the distinct sets, in order of the first server that has each
	setOf []int         // server index -> index into sets
}

// firewallSet is one distinct set of attached firewalls, in file order.
type firewallSet struct {
	firewalls []int    // indexes into Config.Firewalls
	names     []string // their names
	servers   []int    // the servers that have exactly this set, in file order
}

func (c *Config) attachIndex() *attachIndex {
	fwIndex := make(map[string]int, len(c.Firewalls))
	for i := len(c.Firewalls) - 1; i >= 0; i-- {
		fwIndex[c.Firewalls[i].Name] = i // the first of a duplicated name wins, as in Firewall
	}
	srvIndex := make(map[string]int, len(c.Servers))
	for j := len(c.Servers) - 1; j >= 0; j-- {
		srvIndex[c.Servers[j].Name] = j
	}
	// mark[i] == j+1 when firewall i is already attached to server j: both
	// sides may list the same attachment.
	mark := make([]int, len(c.Firewalls))
	lists := make([][]int, len(c.Servers))
	attach := func(i, j int) {
		if mark[i] != j+1 {
			mark[i] = j + 1
			lists[j] = append(lists[j], i)
		}
	}
	// The firewalls' side is regrouped by server first, so that each
	// server's list is built in one go and mark can tell repeats.
	fromFirewalls := make([][]int, len(c.Servers))
	for i := range c.Firewalls {
		for _, name := range c.Firewalls[i].Servers {
			if j, ok := srvIndex[name]; ok {
				fromFirewalls[j] = append(fromFirewalls[j], i)
			}
		}
	}
	for j := range c.Servers {
		for _, i := range fromFirewalls[j] {
			attach(i, j)
		}
		for _, name := range c.Servers[j].Firewalls {
			if i, ok := fwIndex[name]; ok {
				attach(i, j)
			}
		}
		slices.Sort(lists[j])
	}
	idx := &attachIndex{setOf: make([]int, len(c.Servers))}
	byKey := make(map[string]int)
	var key strings.Builder
	for j, list := range lists {
		key.Reset()
		for _, i := range list {
			key.WriteString(strconv.Itoa(i))
			key.WriteByte(',')
		}
		k, ok := byKey[key.String()]
		if !ok {
			k = len(idx.sets)
			byKey[key.String()] = k
			set := firewallSet{firewalls: list}
			for _, i := range list {
				set.names = append(set.names, c.Firewalls[i].Name)
			}
			idx.sets = append(idx.sets, set)
		}
		idx.setOf[j] = k
		idx.sets[k].servers = append(idx.sets[k].servers, j)
	}
	return idx
}
