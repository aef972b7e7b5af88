package main

import (
	"context"
	"flag"
	"fmt"
	"net/netip"
	"strings"

	"github.com/cloudkeypair/keypair/sshclient/fleet"
)

var cmdRun = &command{
	Name:      "run",
	UsageLine: "run -c FILE {--server A,B | --all | --os OS | --group G | --firewall FW} [--keys DIR] [-i KEY] [-l USER] [-p PORT] [--root] [-f N | --parallel N] [--timeout DURATION] [--connect-timeout DURATION] [--known-hosts FILE] [--accept-new] [--passphrase-file FILE] [--no-agent] [--json | --merge | --out DIR] [--max-output SIZE] [--dry-run] [--from ADDR] [--] COMMAND...",
	Short:     "run a command on many servers of the cloud file at once",
	Long: `
Run runs COMMAND on every selected server of the cloud file (-c FILE), at
most -f N (--parallel N) at once, over keyconv's own SSH client: no ssh
processes, no ControlMaster sockets. Each server's address, port, login
user and key come from the file, as for 'keyconv ssh --server'.

Selection: --server A,B names servers; --all takes every one; --os OS,
--group G and --firewall FW keep the servers with that OS (read as the
user table reads it: --os ubuntu keeps "Ubuntu 22.04"), in that group, or
behind that firewall, and combine with each other and with --server.

Output, by default, is each line as it arrives, prefixed with the server's
name ("web1: ..."), stdout and stderr kept apart; memory stays bounded
whatever a server prints. --merge gathers the output and prints each
distinct output once, under the servers that gave it. --out DIR writes
DIR/NAME.out and DIR/NAME.err (mode 0600) instead. --json prints one JSON
object a line per server, as it finishes:

	{"name": string, "address": "HOST:PORT", "user": string,
	 "status": "ok" | "refused" | "timed out" | "auth refused" | "host key" |
	           "non-zero exit" | "interrupted" | "not started" | "failed" |
	           "blocked",
	 "exit_status": number | null,   // null when the command did not exit
	 "error": string,                // omitted when status is "ok"
	 "encoding": "utf-8" | "base64", // of stdout and stderr: base64 when
	                                 // either is not valid UTF-8
	 "stdout": string, "stderr": string,
	 "truncated": bool,              // output passed --max-output
	 "started": bool,                // the command began on the server
	 "duration_ms": number}

Gathered output (--merge, --json) keeps at most --max-output bytes of each
stream per server (default 1MiB; suffixes k, M, G or KiB, MiB, GiB).

Each server has its own connect timeout (--connect-timeout) and, with
--timeout D, a limit on the whole of its work. Host keys are checked
strictly against known_hosts; --accept-new records new hosts, each once,
through one writer for the whole run; a changed key refuses that server
only. On a terminal, a status line shows progress below the output.

A running SSH agent that holds a key file's key signs for it, as for
'keyconv ssh' (--no-agent ignores it).

Ctrl-C stops starting servers, sends the running commands TERM, waits up to
2 seconds, closes the connections, and prints the summary, where those
servers are "interrupted, may still be running".

--dry-run lists the servers that would be contacted, as whom and with which
key, dialling none; with --from ADDR it says which of them the cloud file's
firewalls keep ADDR from reaching. Without --dry-run, --from skips those
servers, reporting them as "blocked".

A summary on standard error ends every run: how many servers succeeded and
failed, by cause, with their names.

Exit status: 0 when every server ran COMMAND and it exited 0; 3 when every
server ran it but on some it exited non-zero; 1 when some server could not
run it (refused, timed out, login or host key refused, blocked, another
failure); 130 when interrupted; 2 for a mistake in the command line or the
cloud file.
`,
	Setup: setupRun,
}

// Run's exit statuses besides 0, 1 and 2.
const (
	exitSomeNonZero  = 3
	exitInterrupted  = 130 // 128 + SIGINT, as shells report Ctrl-C
	defaultMaxOutput = "1MiB"
)

type runFlags struct {
	fleetFlags
	json      bool
	merge     bool
	outDir    string
	maxOutput string
	dryRun    bool
	from      string
}

func setupRun(fs *flag.FlagSet) runFunc {
	f := &runFlags{}
	help := fleetLoginHelp("act on the servers whose os: is `OS` (as the user table reads it)")
	help.root = true
	help.agent = true
	f.register(fs, help)
	fs.BoolVar(&f.json, "json", false, "print one JSON object a line per server (schema in 'keyconv help run')")
	fs.BoolVar(&f.merge, "merge", false, "gather the output and print each distinct output once, under its servers")
	fs.StringVar(&f.outDir, "out", "", "write each server's output to `DIR`/NAME.out and DIR/NAME.err")
	fs.StringVar(&f.maxOutput, "max-output", defaultMaxOutput, "most of each stream kept per server by --merge and --json, such as 64k")
	fs.BoolVar(&f.dryRun, "dry-run", false, "list the servers and logins, dialling none")
	fs.StringVar(&f.from, "from", "", "the `ADDR` you connect from: skip (or, with --dry-run, list) the servers the firewalls keep it from")
	return f.run
}

// registerParallel adds -f N and --parallel N, one value: pdsh's and
// Ansible's fan-out flag, and its long name (not -P, which scp users type
// for a port).
func registerParallel(fs *flag.FlagSet, p *int) {
	fs.IntVar(p, "parallel", fleet.DefaultParallel, "at most `N` servers at once")
	fs.IntVar(p, "f", fleet.DefaultParallel, "short for --parallel `N`")
}

func (f *runFlags) run(ctx context.Context, sio *stdio, args []string) error {
	if len(args) == 0 && !f.dryRun {
		return usageErrorf("no command given")
	}
	if err := f.checkRunFlags(); err != nil {
		return err
	}
	maxOutput, err := parseSize(f.maxOutput)
	if err != nil {
		return usageErrorf("--max-output %s: %v", f.maxOutput, err)
	}
	from, err := parseFrom(f.from)
	if err != nil {
		return err
	}
	cfg, targets, err := f.cloud.targets(sio, f.os, &f.loginFlags)
	if err != nil {
		return err
	}
	plan := fleet.Plan(cfg, targets, from, false, nil)
	if f.dryRun {
		return printPlan(sio, plan, from)
	}
	var blocked []fleet.Result
	targets, blocked = withoutBlocked(plan)

	out, err := newRunOutput(sio, f.mode(), f.outDir, len(targets)+len(blocked), f.parallel)
	if err != nil {
		return err
	}
	for _, b := range blocked {
		out.result(b)
	}
	defer f.useAgent(sio)()
	runner := f.runner()
	runner.OnStart = out.onStart
	cmd := &fleet.Command{Line: strings.Join(args, " "), Root: f.root, MaxOutput: maxOutput, Stream: out.stream()}
	for res := range runner.Run(ctx, targets, cmd) {
		out.result(res)
	}
	return out.finish(ctx)
}

func (f *runFlags) checkRunFlags() error {
	if err := f.checkFleet(); err != nil {
		return err
	}
	modes := 0
	for _, on := range []bool{f.json, f.merge, f.outDir != ""} {
		if on {
			modes++
		}
	}
	if modes > 1 {
		return usageErrorf("--json, --merge and --out each choose where output goes: give one")
	}
	return nil
}

func (f *runFlags) mode() outputMode {
	switch {
	case f.json:
		return outputJSON
	case f.merge:
		return outputMerge
	case f.outDir != "":
		return outputFiles
	}
	return outputStream
}

// parseFrom reads --from: an address, or nothing.
func parseFrom(s string) (netip.Addr, error) {
	if s == "" {
		return netip.Addr{}, nil
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Addr{}, usageErrorf("--from %q is not an IP address", s)
	}
	return a.Unmap(), nil
}

// withoutBlocked splits the plan: the targets to dial, and a result for
// each the firewalls block.
func withoutBlocked(plan []fleet.Planned) ([]fleet.Target, []fleet.Result) {
	var targets []fleet.Target
	var blocked []fleet.Result
	for _, p := range plan {
		if p.Reachable() {
			targets = append(targets, *p.Target)
			continue
		}
		blocked = append(blocked, fleet.Result{
			Target: p.Target, User: p.User, Class: fleet.Failed, ExitStatus: -1,
			Err: &blockedError{server: p.Target.Name, why: p.Verdict.Why()},
		})
	}
	return targets, blocked
}

// blockedError is a server the firewall file keeps --from from reaching.
type blockedError struct{ server, why string }

func (e *blockedError) Error() string {
	return fmt.Sprintf("%s: not dialled: the cloud file's firewalls block it: %s", e.server, e.why)
}

// printPlan is --dry-run's listing.
func printPlan(sio *stdio, plan []fleet.Planned, from netip.Addr) error {
	unreachable := 0
	for _, p := range plan {
		t := p.Target
		user := p.User
		if p.Err != nil && user == "" {
			user = "?"
		}
		line := fmt.Sprintf("%s\t%s\tas %s\twith %s", t.Name, t.Addr(), user, t.KeyFile)
		switch {
		case p.Err != nil:
			line += "\terror: " + p.Err.Error()
			unreachable++
		case p.Verdict != nil && !p.Verdict.Allowed:
			line += "\tblocked: " + p.Verdict.Why()
			unreachable++
		case p.Verdict != nil:
			line += "\treachable from " + from.String()
		}
		fmt.Fprintln(sio.Out, line)
	}
	if unreachable > 0 {
		return &exitError{code: exitFailure, err: fmt.Errorf("%d of %d servers could not be contacted", unreachable, len(plan))}
	}
	return nil
}
