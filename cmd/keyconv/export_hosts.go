package main

import (
	"errors"
	"fmt"
	"path/filepath"
	"runtime"
	"slices"
	"strings"

	"github.com/cloudkeypair/keypair/cmd/keyconv/internal/clients"
	"github.com/cloudkeypair/keypair/cmd/keyconv/internal/fix"
	"github.com/cloudkeypair/keypair/firewall"
	"github.com/cloudkeypair/keypair/sshclient"
	"github.com/cloudkeypair/keypair/sshclient/clientconf"
	"github.com/cloudkeypair/keypair/sshclient/fleet"
)

// hosts builds the selected servers' clientconf.Hosts: from the fleet's
// selection and key lookup, with the host keys known_hosts holds, paths
// absolute and in the client's form, and for a format that needs them the
// .ppk files, checked against --for's target when there is one (nil
// otherwise), and written first with --convert.
func (f *exportFlags) hosts(sio *stdio, cfg *firewall.Config, format clientconf.Format, target *clients.Target) ([]clientconf.Host, error) {
	sel := f.cloud.selection(f.os)
	// Each selected server export cannot write is one line naming it (an
	// unknown name, no public address, a missing key); --skip-missing
	// turns them into warnings. fleet.Select stops at the first unknown
	// name, so each name is selected alone for fleet's error about it.
	var problems []error
	known := sel.Names[:0:0]
	for _, n := range sel.Names {
		if _, err := fleet.Select(cfg, fleet.Selection{Names: []string{n}}); err != nil {
			problems = append(problems, err)
			continue
		}
		known = append(known, n)
	}
	if len(sel.Names) > 0 && len(known) == 0 {
		return nil, f.failed(sio, problems, 0)
	}
	sel.Names = known
	servers, err := fleet.Select(cfg, sel)
	if err != nil {
		return nil, &exitError{code: exitUsage, err: err}
	}
	khFile, err := f.knownHostsFile()
	if err != nil {
		return nil, err
	}
	// Where Windows paths are needed each host's are mapped as it is
	// built; where they are wanted only if every key has one, all at once
	// at the end.
	form := choosePathForm(runtime.GOOS, f.windows, format.WindowsOnly)
	eachForm := form
	if form == windowsPathsIfAll {
		eachForm = hostPaths
	}
	khPath, err := clientPath(runtime.GOOS, eachForm, khFile)
	if err != nil {
		warningf(sio.Err, "%v: the exported files do not name it, so clients use their own known_hosts", err)
		khPath = ""
	}
	keys := f.cloud.keyOptions(nil)
	var hosts []clientconf.Host
	var unknownKeys []string
	for _, s := range servers {
		h, err := f.host(sio, cfg, s, keys, format, target, eachForm)
		if err != nil {
			problems = append(problems, err)
			continue
		}
		h.KnownHostsFile = khPath
		if h.HostKeys, err = sshclient.KnownHostKeys([]string{khFile}, h.Address, h.Port); err != nil {
			return nil, err
		}
		if len(h.HostKeys) == 0 {
			unknownKeys = append(unknownKeys, h.Name)
		}
		hosts = append(hosts, h)
	}
	if len(problems) > 0 && (!f.skipMissing || len(hosts) == 0) {
		return nil, f.failed(sio, problems, len(hosts))
	}
	for _, p := range problems {
		warningf(sio.Err, "%v: left out (--skip-missing)", p)
	}
	if form == windowsPathsIfAll {
		if warning, hint := mapWindowsIfAll(runtime.GOOS, format, hosts); warning != "" {
			warningf(sio.Err, "%s", warning)
			hintf(sio.Err, "%s", hint)
		}
	}
	if len(unknownKeys) > 0 {
		warningf(sio.Err, "no host key of %s is in %s yet: clients will ask about it, or refuse it", strings.Join(unknownKeys, ", "), khFile)
		hintf(sio.Err, "%s", fix.RecordHostKeys(f.cloud.file, unknownKeys, f.knownHosts))
	}
	return hosts, nil
}

// failed reports the servers export cannot write, each on a line of its
// own, the last as the command's error, with each distinct fix once.
func (f *exportFlags) failed(sio *stdio, problems []error, written int) error {
	var hints []string
	for _, p := range problems {
		// A problem's text is whole, "server NAME: " and all, even where
		// its hints are wrapped inside; they are printed once, at the end.
		var hinted *hintError
		if errors.As(p, &hinted) {
			for _, h := range hinted.hints {
				if !slices.Contains(hints, h) {
					hints = append(hints, h)
				}
			}
		}
	}
	for _, p := range problems[:len(problems)-1] {
		errorf(sio.Err, "%v", p)
	}
	err := problems[len(problems)-1]
	if f.skipMissing && written == 0 {
		err = fmt.Errorf("%w; with --skip-missing no server is left to export", err)
	} else {
		hints = append(hints, fix.SkipMissing)
	}
	return &exitError{code: exitUsage, err: withHints(err, hints...)}
}

// knownHostsFile is the known_hosts file whose keys export carries: the
// one keyconv ssh and run --accept-new write, or --known-hosts.
func (f *exportFlags) knownHostsFile() (string, error) {
	file := f.knownHosts
	if file == "" {
		var err error
		if file, err = sshclient.DefaultKnownHostsFile(); err != nil {
			return "", err
		}
	}
	return filepath.Abs(file)
}

// host is one server as the format needs it, its paths absolute and in
// form; an error names the server.
func (f *exportFlags) host(sio *stdio, cfg *firewall.Config, s *firewall.Server, keys fleet.KeyOptions, format clientconf.Format, target *clients.Target, form pathForm) (clientconf.Host, error) {
	targets, err := fleet.Targets(cfg, fleet.Selection{Names: []string{s.Name}}, keys)
	if err != nil {
		return clientconf.Host{}, err
	}
	t := targets[0]
	user, err := t.LoginUser(nil)
	if err != nil {
		return clientconf.Host{}, err
	}
	// The images' users have passwordless sudo; a user: of the file's
	// own is not known to.
	imageUser, err := sshclient.DefaultUsers().Lookup(t.OS)
	h := clientconf.Host{
		Name: t.Name, Address: t.Host, Port: t.Port, User: user, OS: t.OS,
		Groups: slices.Clone(s.Groups), Firewalls: cfg.FirewallsOf(s.Name),
		Sudo: err == nil && imageUser == user,
	}
	pem, ppk := keyPair(t.KeyFile)
	if format.NeedsPPK {
		if ppk, err = f.ppkFor(sio, s.Name, pem, ppk, target); err != nil {
			return clientconf.Host{}, err
		}
	} else if pem == "" {
		return clientconf.Host{}, withHints(fmt.Errorf("server %q: its key %s is a .ppk, which %s's clients do not read", s.Name, t.KeyFile, format.Name),
			fix.ExportOpenSSHKey(t.KeyFile))
	}
	for _, p := range []struct {
		from string
		to   *string
	}{{pem, &h.KeyFile}, {ppk, &h.PPKFile}} {
		if p.from == "" {
			continue
		}
		abs, err := filepath.Abs(p.from)
		if err == nil {
			abs, err = clientPath(runtime.GOOS, form, abs)
		}
		if err != nil {
			return clientconf.Host{}, withHints(fmt.Errorf("server %q: %w", s.Name, err), fix.ExportWindowsPath)
		}
		*p.to = abs
	}
	return h, nil
}
