package main

import (
	"context"
	"encoding/json"
	"flag"
	"io"

	"github.com/cloudkeypair/keypair/firewall"
)

// firewall has subcommands of its own (check, lint, show). Each lives in a
// file of its own, with the same command struct the top level uses; this
// file dispatches to them.

// firewallCommands is the ordered table of firewall's subcommands.
var firewallCommands = []*command{cmdFirewallCheck, cmdFirewallLint, cmdFirewallShow}

var cmdFirewall = &command{
	Name:      "firewall",
	UsageLine: "firewall check|lint|show -c FILE [flags]",
	Short:     "check, lint and show cloud firewall rules from a file",
	Long: `
Firewall reads a file describing cloud firewalls and the servers they are
attached to (YAML, or JSON) and answers questions about it:

	keyconv firewall check -c FILE --server NAME --from ADDR|SERVER [--port 22] [--proto tcp] [--to public|private] [--json]
		will a connection get through? Prints allow or deny with the
		evidence and, on deny, the rule to add (over the private
		network: the allow_internal switch to turn on). Exit 0 allowed,
		1 denied, 2 usage or file error.

	keyconv firewall lint -c FILE [--json]
		looks for exposed ports and mistakes. Exit 1 when a finding is at
		warning level or above, 0 when clean, 2 when the file is invalid.

	keyconv firewall show -c FILE [--json]
		prints each server's effective inbound policy, merged from all
		of its firewalls.

Run "keyconv firewall COMMAND -h" for a command's flags. The file format,
the lint rules and the JSON schemas are documented in the firewall
package (go doc github.com/cloudkeypair/keypair/firewall).
`,
	Setup: noFlags(runFirewall),
}

func runFirewall(ctx context.Context, sio *stdio, args []string) error {
	if len(args) == 0 {
		return usageErrorf("missing firewall command: check, lint or show")
	}
	var sub *command
	for _, c := range firewallCommands {
		if c.Name == args[0] {
			sub = c
		}
	}
	if sub == nil {
		return usageErrorf("unknown firewall command %q: want check, lint or show", args[0])
	}
	fs := flag.NewFlagSet("keyconv firewall "+sub.Name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	runSub := sub.Setup(fs)
	positional, err := parseFlags(fs, args[1:], true)
	if err == flag.ErrHelp {
		printUsage(sio.Out, sub, fs)
		return nil
	}
	if err != nil {
		return usageErrorf("%v", err)
	}
	if len(positional) > 0 {
		return usageErrorf("unexpected argument %q", positional[0])
	}
	return runSub(ctx, sio, nil)
}

// firewallFileFlags are -c FILE and --json, which every firewall command
// takes.
type firewallFileFlags struct {
	file string
	json bool
}

func (f *firewallFileFlags) register(fs *flag.FlagSet, jsonHelp string) {
	fs.StringVar(&f.file, "c", "", "the firewall `FILE` (YAML or JSON)")
	fs.BoolVar(&f.json, "json", false, jsonHelp)
}

// loadFirewallFile reads the -c file, printing its warnings. A missing or
// invalid file ends the command with status 2.
func loadFirewallFile(sio *stdio, path string) (*firewall.Config, error) {
	if path == "" {
		return nil, usageErrorf("-c FILE is required")
	}
	cfg, err := firewall.Load(path)
	if err != nil {
		return nil, &exitError{code: exitUsage, err: err}
	}
	for _, w := range cfg.Warnings {
		warningf(sio.Err, "%s", w)
	}
	return cfg, nil
}

// printJSON writes v indented, for --json.
func printJSON(w io.Writer, v any) error {
	out, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(escapeJSON(out), '\n'))
	return err
}
