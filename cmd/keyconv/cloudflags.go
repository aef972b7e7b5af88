package main

import (
	"flag"
	"strings"

	"github.com/cloudkeypair/keypair/firewall"
	"github.com/cloudkeypair/keypair/sshclient/fleet"
)

// cloudFlags pick servers of the cloud file and say where their keys are:
// -c FILE with --server A,B, --all, --group G or --firewall FW (and --os,
// a login flag that run and cp read as a filter), and --keys DIR. ssh, run
// and cp share them.
type cloudFlags struct {
	file     string
	servers  string
	all      bool
	group    string
	firewall string
	keys     string

	fs *flag.FlagSet // to tell a flag given from its default
}

// register adds the flags; many says whether the command acts on many
// servers (run, cp) or one (ssh).
func (f *cloudFlags) register(fs *flag.FlagSet, many bool) {
	f.fs = fs
	fs.StringVar(&f.file, "c", "", "the cloud `FILE` (YAML or JSON) listing the servers")
	fs.StringVar(&f.keys, "keys", "", "the `DIR` of the keypairs' key files (default: the cloud file's keys:, else its folder, then the current one)")
	if !many {
		fs.StringVar(&f.servers, "server", "", "the server's `NAME` in the cloud file: its address, port, user and key")
		return
	}
	fs.StringVar(&f.servers, "server", "", "act on the servers `A,B,...` of the cloud file")
	fs.BoolVar(&f.all, "all", false, "act on every server of the cloud file")
	fs.StringVar(&f.group, "group", "", "act on the servers in `GROUP`")
	fs.StringVar(&f.firewall, "firewall", "", "act on the servers the firewall `NAME` is attached to")
}

// given reports whether the named flag was on the command line.
func (f *cloudFlags) given(name string) bool {
	found := false
	f.fs.Visit(func(fl *flag.Flag) { found = found || fl.Name == name })
	return found
}

// selecting reports whether any selection flag was given.
func (f *cloudFlags) selecting(os string) bool {
	return f.servers != "" || f.all || f.group != "" || f.firewall != "" || os != ""
}

// targets loads the cloud file and resolves the selected servers; os is
// the --os filter, and login's -i, -l and -p, when given, win over the
// file for every server.
func (f *cloudFlags) targets(sio *stdio, os string, login *loginFlags) (*firewall.Config, []fleet.Target, error) {
	if f.file == "" {
		return nil, nil, usageErrorf("-c FILE is required to pick servers from the cloud file")
	}
	cfg, err := loadFirewallFile(sio, f.file)
	if err != nil {
		return nil, nil, err
	}
	sel, opts := f.selection(os), f.keyOptions(login)
	targets, err := fleet.Targets(cfg, sel, opts)
	if err != nil {
		return nil, nil, &exitError{code: exitUsage, err: lastReported(sio, err)}
	}
	return cfg, targets, nil
}

// selection is the fleet.Selection the flags say, os being the --os
// filter.
func (f *cloudFlags) selection(os string) fleet.Selection {
	sel := fleet.Selection{All: f.all, OS: os, Group: f.group, Firewall: f.firewall}
	if f.servers != "" {
		for _, n := range strings.Split(f.servers, ",") {
			if n = strings.TrimSpace(n); n != "" {
				sel.Names = append(sel.Names, n)
			}
		}
	}
	return sel
}

// keyOptions says where the servers' keys are, with login's -i, -l and
// -p, when given, over the file (login may be nil).
func (f *cloudFlags) keyOptions(login *loginFlags) fleet.KeyOptions {
	opts := fleet.KeyOptions{Dir: f.keys}
	if login == nil {
		return opts
	}
	opts.KeyFile, opts.User = login.keyFile, login.user
	if f.given("p") {
		opts.Port = login.port
	}
	return opts
}

// lastReported prints each error but the last of a joined error on a line
// of its own (one per server whose key is missing, say) and returns the
// last, for the caller to report as usual.
func lastReported(sio *stdio, err error) error {
	joined, ok := err.(interface{ Unwrap() []error })
	if !ok {
		return err
	}
	errs := joined.Unwrap()
	for _, e := range errs[:len(errs)-1] {
		errorf(sio.Err, "%v", e)
	}
	return errs[len(errs)-1]
}
