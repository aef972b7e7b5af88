package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"

	"github.com/cloudkeypair/keypair/firewall"
)

var cmdFirewallLint = &command{
	Name:      "lint",
	UsageLine: "firewall lint -c FILE [--json]",
	Short:     "look for exposed ports and mistakes",
	Long: `
Lint looks for ports open to the whole internet (SSH, RDP, databases and
other sensitive ports), wide port ranges, duplicate and shadowed rules,
servers nobody can log in to, and firewalls that do nothing. Each finding
has a stable id (FW001...), a severity and the file line.

Exit status: 1 when any finding is a warning or an error, 0 when the file is
clean (or has only informational findings), 2 when the file is invalid.
`,
	Setup: setupFirewallLint,
}

// firewallLintFlags are the flags of cmdFirewallLint.
type firewallLintFlags struct {
	firewallFileFlags
}

func setupFirewallLint(fs *flag.FlagSet) runFunc {
	f := &firewallLintFlags{}
	f.firewallFileFlags.register(fs, "print the findings as JSON")
	return f.run
}

func (f *firewallLintFlags) run(ctx context.Context, sio *stdio, args []string) error {
	cfg, err := loadFirewallFile(sio, f.file)
	if err != nil {
		return err
	}
	findings := cfg.Lint()
	if f.json {
		if findings == nil {
			findings = []firewall.Finding{}
		}
		err = printJSON(sio.Out, struct {
			Findings []firewall.Finding `json:"findings"`
		}{findings})
	} else {
		err = printFindings(sio, cfg, findings)
	}
	if err != nil {
		return err
	}
	for _, finding := range findings {
		if finding.Severity >= firewall.SeverityWarning {
			return &exitError{code: exitFailure}
		}
	}
	return nil
}

func printFindings(sio *stdio, cfg *firewall.Config, findings []firewall.Finding) error {
	out := bufio.NewWriter(sio.Out) // a large account has thousands of findings
	counts := map[firewall.Severity]int{}
	for _, f := range findings {
		fmt.Fprintln(out, escape(f.String()))
		counts[f.Severity]++
	}
	if len(findings) == 0 {
		fmt.Fprintf(out, "%s: no findings\n", escape(cfg.File))
	} else {
		fmt.Fprintf(out, "%s: %s, %s, %d info\n", escape(cfg.File),
			plural(counts[firewall.SeverityError], "error"), plural(counts[firewall.SeverityWarning], "warning"), counts[firewall.SeverityInfo])
	}
	return out.Flush()
}

// plural writes "1 error", "2 errors".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
