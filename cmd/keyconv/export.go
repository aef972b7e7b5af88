package main

import (
	"context"
	"flag"
	"fmt"
	"strings"

	"github.com/cloudkeypair/keypair/cmd/keyconv/internal/clients"
	"github.com/cloudkeypair/keypair/sshclient/clientconf"
)

var cmdExport = &command{
	Name:      "export",
	UsageLine: "export FORMAT -c FILE {--server A,B | --all | --os OS | --group G | --firewall FW} [--keys DIR] [--known-hosts FILE] [--windows] [--for CLIENT[@VERSION]] [--convert [--old-passphrase FILE]] [--skip-missing] [--ini] [--folders group|firewall] [--putty-dir DIR] [--host-key-cache] [-o FILE|- | --into CONFIG] [--force]",
	Short:     "write the servers of the cloud file as ssh_config, Ansible inventory, ...",
	Long: `
Export writes the selected servers of the cloud file (-c FILE, selection as
for 'keyconv run') in the configuration a client reads, so that the client
logs in to each by name: its address, port, login user (the file's user:,
else the OS's) and key (found as 'keyconv run' finds it, --keys DIR
first), every path absolute.

Host-key checking is never turned off. Each format carries the host keys
keyconv has verified: the known_hosts file that 'keyconv ssh' and
'keyconv run --accept-new' write (~/.ssh/known_hosts, or --known-hosts
FILE), or the keys themselves where the client has no such file. A server
whose key that file does not hold yet is exported with a warning naming
the command that records it.

A server the file does not have, one without a public_ip, or one whose key
is missing is an error naming it; --skip-missing leaves such servers out
with a warning instead.

Formats that need PuTTY's .ppk keys take the KEYPAIR.ppk beside each
KEYPAIR.pem; --convert writes the missing ones (mode 0600, as pem2ppk
does; an encrypted key's passphrase from --old-passphrase FILE or the
terminal). --for CLIENT[@VERSION] names the client the keys are for: PPK
version 2 for PuTTY before 0.75, WinSCP before 5.18.5, mRemoteNG before
1.77.3, else version 3. --convert writes that version, and each .ppk
already there must be one the client reads (its header says, no
passphrase needed): one it cannot read is an error naming it, and is
written again from the .pem only with --convert --force.

Paths are written in Windows form (C:\keys\cafe24.pem) on Windows, and with
--windows elsewhere, for a client on Windows: outside Windows only WSL's
/mnt/X/ folders have a Windows form. putty-reg and winscp, whose clients
run on Windows only, get Windows paths without --windows when every key
has one (keys under /mnt/c/ in WSL); when one has not, the file may still
be meant for copying to Windows, so the paths are written as they are,
with a warning, rather than refused.

The output goes to standard output, or to -o FILE (never over an existing
file without --force). For ssh-config, --into CONFIG (say ~/.ssh/config)
keeps your own entries as they are: keyconv's hosts go to a file of their
own (-o, default keyconv.conf beside CONFIG), which keyconv replaces on
every run, and CONFIG gets one line, 'Include FILE', at its top, once.
Running it again rewrites only keyconv's file, and only if it changed.

PuTTY: putty writes a session file per server into the sessions folder of
PuTTY's settings directory (--putty-dir DIR, by default the one PuTTY
reads: $PUTTYDIR, else ~/.config/putty if it exists, else ~/.putty), so
that 'putty -load NAME' and 'plink -load NAME' work; a session that is
already there unchanged is left alone, one that differs is replaced only
with --force. putty-reg writes the same sessions as a .reg file for PuTTY
on Windows ('reg import FILE'). Both list the verified host keys in each
session (PuTTY's manual host keys: PuTTY then accepts those and refuses any
other without asking); --host-key-cache also adds them to PuTTY's host-key
cache, as if you had accepted each (keeping the cache's other entries).
WinSCP's SshHostKey carries them too; FileZilla's sitemanager.xml has no
place for host keys, so FileZilla asks on the first connection. --folders
group (or firewall) puts WinSCP's and FileZilla's sites in a folder per
group (or firewall) of the cloud file.

The formats, and the clients each serves:
` + exportFormatList() + `
Exit status: 0 when every selected server was written; 1 when a file could
not be written; 2 for a mistake in the command line or the cloud file, or
a server that could not be exported without --skip-missing.
`,
	Setup:        setupExport,
	Interspersed: true,
}

// exportFormatList is the formats' part of export's help, from the
// registry.
func exportFormatList() string {
	var b strings.Builder
	for _, f := range clientconf.Formats() {
		needs := ""
		if f.NeedsPPK {
			needs = " (needs .ppk keys)"
		}
		fmt.Fprintf(&b, "\t%-12s %s%s\n", f.Name, strings.Join(f.Clients, ", "), needs)
	}
	return b.String()
}

type exportFlags struct {
	cloud       cloudFlags
	os          string
	knownHosts  string
	windows     bool
	convert     bool
	forClient   string
	skipMissing bool
	ini         bool
	out         string
	into        string
	force       bool
	loader      keyLoader // --old-passphrase, for --convert of an encrypted key

	puttyDir     string // putty: PuTTY's settings directory
	hostKeyCache bool   // putty, putty-reg: add the host keys to PuTTY's cache
	folders      string // winscp, filezilla: "group" or "firewall"
}

func setupExport(fs *flag.FlagSet) runFunc {
	f := &exportFlags{}
	f.cloud.register(fs, true)
	fs.StringVar(&f.os, "os", "", "export the servers whose os: is `OS` (as the user table reads it)")
	fs.StringVar(&f.knownHosts, "known-hosts", "", "the known_hosts `FILE` holding the servers' verified host keys (default ~/.ssh/known_hosts)")
	fs.BoolVar(&f.windows, "windows", false, "write paths for a client on Windows (automatic on Windows, and for putty-reg and winscp where every key has one)")
	fs.BoolVar(&f.convert, "convert", false, "write the missing KEYPAIR.ppk beside each KEYPAIR.pem, for the formats that need .ppk keys")
	fs.StringVar(&f.forClient, "for", "", "the client `CLIENT[@VERSION]` the .ppk keys are for ("+strings.Join(clients.Names(), ", ")+"): each must be a PPK version it reads, and --convert writes that version")
	fs.BoolVar(&f.skipMissing, "skip-missing", false, "leave out, with a warning, servers without a public address or a key, and names the file lacks")
	fs.BoolVar(&f.ini, "ini", false, "write the Ansible inventory in INI form, not YAML")
	fs.StringVar(&f.out, "o", "", "write to `FILE` (\"-\" for standard output, the default; with --into, keyconv's own file, default keyconv.conf beside CONFIG)")
	fs.StringVar(&f.into, "into", "", "ssh-config only: add keyconv's hosts to the OpenSSH `CONFIG` file (such as ~/.ssh/config) through one Include line")
	fs.BoolVar(&f.force, "force", false, "replace an existing -o file")
	fs.StringVar(&f.puttyDir, "putty-dir", "", "putty only: write the sessions into `DIR`/sessions, DIR being PuTTY's settings directory (default the one PuTTY reads: $PUTTYDIR, ~/.config/putty or ~/.putty)")
	fs.BoolVar(&f.hostKeyCache, "host-key-cache", false, "putty and putty-reg: also add the verified host keys to PuTTY's host-key cache, as if accepted")
	fs.StringVar(&f.folders, "folders", "", "winscp and filezilla: put the sites in a folder per `group` or per firewall")
	f.loader.register(fs)
	return f.run
}

func (f *exportFlags) run(ctx context.Context, sio *stdio, args []string) error {
	if len(args) != 1 {
		return usageErrorf("export takes one format: %s", strings.Join(clientconf.FormatNames(), ", "))
	}
	format, err := clientconf.FormatNamed(args[0])
	if err != nil {
		return usageErrorf("%v", err)
	}
	opts, target, err := f.check(format)
	if err != nil {
		return err
	}
	if f.cloud.file == "" {
		return usageErrorf("-c FILE is required to pick servers from the cloud file")
	}
	cfg, err := loadFirewallFile(sio, f.cloud.file)
	if err != nil {
		return err
	}
	hosts, err := f.hosts(sio, cfg, format, target)
	if err != nil {
		return err
	}
	opts.Comment = exportMarker + " " + format.Name + " from " + f.cloud.file + "; keyconv replaces this file: change the cloud file and export again"
	if format.WriteFiles != nil {
		return f.writeFiles(sio, format, hosts, opts)
	}
	data, err := format.Write(hosts, opts)
	if err != nil {
		return err
	}
	if f.into != "" {
		return f.writeInto(sio, data)
	}
	out := outputFile{Path: f.out, Force: f.force, Perm: 0o600}
	if out.Path == "" {
		out.Path = "-"
	}
	if err := out.write(sio.Out, data); err != nil {
		return err
	}
	if !out.isStdout() {
		fmt.Fprintf(sio.Err, "keyconv: wrote %s (%s, %s)\n", escape(out.Path), format.Name, plural(len(hosts), "server"))
	}
	return nil
}

// exportMarker starts the first line of every file export writes, so that
// --into knows its own file from one of the user's.
const exportMarker = "written by keyconv export"

// check refuses the flags that mean nothing for format, before the cloud
// file is read, and returns the writer's options and --for's client (nil
// without --for).
func (f *exportFlags) check(format clientconf.Format) (clientconf.Options, *clients.Target, error) {
	opts := clientconf.Options{INI: f.ini}
	if !f.cloud.selecting(f.os) {
		return opts, nil, usageErrorf("no servers selected: give --server A,B, --all, --os, --group or --firewall")
	}
	if f.ini && format.Name != "ansible" {
		return opts, nil, usageErrorf("--ini is for the ansible format")
	}
	if f.into != "" && format.Name != "ssh-config" {
		return opts, nil, usageErrorf("--into adds hosts to an OpenSSH config: it is for the ssh-config format")
	}
	if f.into != "" && f.out == "-" {
		return opts, nil, usageErrorf("--into writes keyconv's hosts to a file the config includes: -o - cannot be included")
	}
	if (f.convert || f.forClient != "") && !format.NeedsPPK {
		return opts, nil, usageErrorf("--convert and --for are for the formats that need .ppk keys, and %s reads OpenSSH keys", format.Name)
	}
	if err := f.checkPuTTYFlags(format, &opts); err != nil {
		return opts, nil, err
	}
	if f.forClient == "" {
		return opts, nil, nil
	}
	target, err := clients.ParseTarget(f.forClient)
	if err != nil {
		return opts, nil, usageErrorf("--for: %v", err)
	}
	return opts, &target, nil
}
