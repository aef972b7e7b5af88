package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/cloudkeypair/keypair/sshclient"
	"github.com/cloudkeypair/keypair/sshclient/fleet"
)

var cmdCp = &command{
	Name:      "cp",
	UsageLine: "cp -c FILE [-r] [--force] [--keys DIR] [-i KEY] [-l USER] [-p PORT] [-f N | --parallel N] [--connect-timeout DURATION] [--known-hosts FILE] [--accept-new] [--passphrase-file FILE] [--no-agent] {LOCAL... NAME:REMOTE | NAME:REMOTE LOCAL | {--server A,B | --all | --os OS | --group G | --firewall FW} {LOCAL... :REMOTE | :REMOTE LOCAL}}",
	Short:     "copy files to or from servers of the cloud file over SFTP",
	Long: `
Cp copies files over SFTP with each server's keypair, as the cloud's SFTP
guide has users set up FileZilla to do, logging in as for 'keyconv ssh
--server'.

To or from one server, name it before the remote path:

	keyconv cp -c cloud.yaml app.tar.gz web1:/tmp/
	keyconv cp -c cloud.yaml web1:/var/log/syslog .

To or from many, select them as 'keyconv run' does and give the remote
path with no name: an upload goes to each server; a download puts each
server's copy in LOCAL/NAME/:

	keyconv cp -c cloud.yaml --group web app.conf :/etc/app/
	keyconv cp -c cloud.yaml --all :/etc/os-release collected/

A remote path is relative to the login user's home unless absolute. When
the target is an existing directory (or several files are uploaded) each
file goes into it under its own name. -r copies directories. Modes are
kept; every file is written under a temporary name and renamed when
complete, so a failed or interrupted copy never leaves a partial file under
the final name. A download never replaces a local file unless --force is
given. On a terminal, a progress line shows the bytes copied.

A running SSH agent that holds a key file's key signs for it, as for
'keyconv ssh' (--no-agent ignores it).

Exit status: 0 when every copy succeeded; 1 when one failed; 130 when
interrupted; 2 for a mistake in the command line or the cloud file.
`,
	Setup:        setupCp,
	Interspersed: true,
}

type cpFlags struct {
	loginFlags
	cloud     cloudFlags
	recursive bool
	force     bool
	parallel  int
}

func setupCp(fs *flag.FlagSet) runFunc {
	f := &cpFlags{}
	help := fleetLoginHelp("copy to or from the servers whose os: is `OS` (as the user table reads it)")
	help.agent = true
	f.register(fs, help)
	f.cloud.register(fs, true)
	fs.BoolVar(&f.recursive, "r", false, "copy directories and what they hold")
	fs.BoolVar(&f.force, "force", false, "let a download replace local files that exist")
	registerParallel(fs, &f.parallel)
	return f.run
}

// cpPlan is what the arguments ask for.
type cpPlan struct {
	upload  bool
	server  string // the NAME of NAME:REMOTE, "" with a selection
	locals  []string
	remote  string
	destDir string // a download's LOCAL
}

func (f *cpFlags) run(ctx context.Context, sio *stdio, args []string) error {
	if err := f.check(); err != nil {
		return err
	}
	if f.parallel < 1 {
		return usageErrorf("--parallel %d: at least 1", f.parallel)
	}
	plan, err := parseCpArgs(args, f.cloud.selecting(f.os))
	if err != nil {
		return err
	}
	if plan.server != "" {
		f.cloud.servers = plan.server
	}
	_, targets, err := f.cloud.targets(sio, f.os, &f.loginFlags)
	if err != nil {
		return err
	}
	many := plan.server == ""
	for _, l := range plan.locals {
		if _, err := os.Stat(l); err != nil {
			return err // before dialling anyone
		}
	}
	opts := &sshclient.CopyOptions{Recursive: f.recursive, Overwrite: f.force}
	out, err := newRunOutput(sio, outputStream, "", len(targets), f.parallel)
	if err != nil {
		return err
	}
	if !many && out.status != nil {
		opts.Progress = newCopyProgress(out).report
	}
	defer f.useAgent(sio)()
	runner := f.runner(f.parallel, 0)
	runner.OnStart = out.onStart
	job := func(ctx context.Context, c *sshclient.Client, t *fleet.Target) error {
		if plan.upload {
			return c.Upload(ctx, plan.locals, plan.remote, opts)
		}
		dest := plan.destDir
		if many {
			dest = filepath.Join(plan.destDir, t.Name)
			if err := os.MkdirAll(dest, 0o700); err != nil {
				return err
			}
		}
		return c.Download(ctx, plan.remote, dest, opts)
	}
	for res := range runner.Do(ctx, targets, job) {
		out.result(res)
	}
	return out.finish(ctx)
}

// parseCpArgs reads LOCAL... NAME:REMOTE, NAME:REMOTE LOCAL, LOCAL...
// :REMOTE and :REMOTE LOCAL; selecting says whether selection flags were
// given, which the forms without a name need and the others forbid.
func parseCpArgs(args []string, selecting bool) (*cpPlan, error) {
	if len(args) < 2 {
		return nil, usageErrorf("cp needs a source and a destination")
	}
	last := args[len(args)-1]
	name, remote, lastRemote := splitRemote(last)
	p := &cpPlan{}
	switch {
	case lastRemote:
		p.upload, p.server, p.remote, p.locals = true, name, remote, args[:len(args)-1]
		for _, l := range p.locals {
			if _, _, isRemote := splitRemote(l); isRemote {
				return nil, usageErrorf("copy between local files and servers: %q and %q are both remote", l, last)
			}
		}
	default:
		if len(args) != 2 {
			return nil, usageErrorf("a download takes one remote path and a local destination")
		}
		n, r, isRemote := splitRemote(args[0])
		if !isRemote {
			return nil, usageErrorf("neither %q nor %q is remote: write NAME:PATH, or :PATH with a selection", args[0], last)
		}
		p.server, p.remote, p.destDir = n, r, last
	}
	switch {
	case p.server != "" && selecting:
		return nil, usageErrorf("%s:%s names a server; with --server, --all, --os, --group or --firewall write :%s", p.server, p.remote, p.remote)
	case p.server == "" && !selecting:
		return nil, usageErrorf(":%s names no server: write NAME:%s, or select servers with --server, --all, --os, --group or --firewall", p.remote, p.remote)
	}
	if !p.upload && p.server == "" {
		if info, err := os.Stat(p.destDir); err == nil && !info.IsDir() {
			return nil, usageErrorf("downloading from many servers puts each copy in %s/NAME: %s must be a directory", p.destDir, p.destDir)
		}
	}
	return p, nil
}

// splitRemote reads NAME:PATH or :PATH as scp does: a colon before any
// slash. "C:\x" on Windows is a local path.
func splitRemote(arg string) (name, path string, remote bool) {
	i := strings.IndexByte(arg, ':')
	if i < 0 {
		return "", "", false
	}
	if slash := strings.IndexAny(arg, `/\`); slash >= 0 && slash < i {
		return "", "", false
	}
	if runtime.GOOS == "windows" && i == 1 {
		return "", "", false
	}
	return arg[:i], arg[i+1:], true
}

// copyProgress draws a single copy's progress on the terminal, at most ten
// times a second. The file's name, which a download's server chooses, is
// escaped.
type copyProgress struct {
	out  *runOutput
	mu   sync.Mutex
	last time.Time
}

func newCopyProgress(out *runOutput) *copyProgress { return &copyProgress{out: out} }

func (p *copyProgress) report(file string, done, size int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if now := time.Now(); now.Sub(p.last) >= 100*time.Millisecond || done == size {
		p.last = now
		pct := int64(100)
		if size > 0 {
			pct = done * 100 / size
		}
		p.out.printer.SetStatus(p.out.status, fmt.Sprintf("keyconv: %s %3d%% %s of %s", escape(filepath.Base(file)), pct, mib(done), mib(size)))
	}
}

func mib(n int64) string { return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20)) }
