package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/cloudkeypair/keypair/cmd/keyconv/internal/fix"
	"github.com/cloudkeypair/keypair/sshclient/fleet"
)

// status names a result's class as the summary and --json do.
func status(res fleet.Result) string {
	if isBlocked(res.Err) {
		return "blocked"
	}
	return res.Class.String()
}

func isBlocked(err error) bool {
	var blocked *blockedError
	return errors.As(err, &blocked)
}

// finish prints what gathered modes print at the end, then the summary,
// and returns the run's exit status.
func (o *runOutput) finish(ctx context.Context) error {
	if o.status != nil {
		o.printer.SetStatus(o.status, "")
	}
	if o.mode == outputMerge {
		o.printMerged()
	}
	o.printSummary()
	return o.exit(ctx)
}

// printMerged prints each distinct stdout once under the servers that gave
// it, as dshbak -c and clush -b do, and the same for stderr on stderr.
func (o *runOutput) printMerged() {
	byName := slices.Clone(o.results)
	slices.SortFunc(byName, func(a, b fleet.Result) int { return strings.Compare(a.Target.Name, b.Target.Name) })
	for _, stream := range []struct {
		w   io.Writer
		get func(fleet.Result) []byte
	}{{o.sio.Out, func(r fleet.Result) []byte { return r.Stdout }}, {o.sio.Err, func(r fleet.Result) []byte { return r.Stderr }}} {
		type group struct {
			output    []byte
			names     []string
			truncated bool
		}
		var groups []*group
		for _, r := range byName {
			out := stream.get(r)
			if len(out) == 0 {
				continue
			}
			i := slices.IndexFunc(groups, func(g *group) bool { return bytes.Equal(g.output, out) })
			if i < 0 {
				groups = append(groups, &group{output: out})
				i = len(groups) - 1
			}
			groups[i].names = append(groups[i].names, r.Target.Name)
			groups[i].truncated = groups[i].truncated || r.Truncated
		}
		for _, g := range groups {
			header := fmt.Sprintf("==> %s (%d) <==", strings.Join(g.names, ", "), len(g.names))
			if g.truncated {
				header += " [truncated]"
			}
			fmt.Fprintln(stream.w, header)
			stream.w.Write(g.output)
			if !bytes.HasSuffix(g.output, []byte("\n")) {
				fmt.Fprintln(stream.w)
			}
		}
	}
}

// printSummary says how many servers succeeded and, by cause, which
// failed, with the fix for each cause once.
func (o *runOutput) printSummary() {
	ok := 0
	var causes []string
	byCause := map[string][]fleet.Result{}
	for _, r := range o.results {
		if r.Class == fleet.OK {
			ok++
			continue
		}
		c := status(r)
		if r.Class == fleet.Interrupted && r.Started {
			c = "interrupted, may still be running"
		}
		if _, seen := byCause[c]; !seen {
			causes = append(causes, c)
		}
		byCause[c] = append(byCause[c], r)
	}
	w := o.sio.Err
	fmt.Fprintf(w, "keyconv: %d of %d servers ok", ok, len(o.results))
	if failed := len(o.results) - ok; failed > 0 {
		fmt.Fprintf(w, ", %d failed", failed)
	}
	fmt.Fprintln(w)
	for _, c := range causes {
		rs := byCause[c]
		slices.SortFunc(rs, func(a, b fleet.Result) int { return strings.Compare(a.Target.Name, b.Target.Name) })
		var names []string
		for _, r := range rs {
			n := r.Target.Name
			if r.Class == fleet.ExitStatus {
				n += fmt.Sprintf(" (%d)", r.ExitStatus)
			}
			names = append(names, n)
		}
		fmt.Fprintf(w, "keyconv: %s: %d: %s\n", c, len(rs), strings.Join(names, ", "))
		if r := rs[0]; r.Class != fleet.ExitStatus {
			for _, h := range (fix.Context{OS: r.Target.OS, Keypair: keypairOf(r.Target)}).For(r.Err) {
				hintf(w, "%s", h)
			}
		}
	}
}

func keypairOf(t *fleet.Target) string {
	if t.Server == nil {
		return ""
	}
	return t.Server.Keypair
}

// exit is run's documented exit status.
func (o *runOutput) exit(ctx context.Context) error {
	nonZero, failed := 0, 0
	for _, r := range o.results {
		switch r.Class {
		case fleet.OK:
		case fleet.ExitStatus:
			nonZero++
		default:
			failed++
		}
	}
	if err := errors.Join(o.fileErrs...); err != nil {
		return fmt.Errorf("writing the output files: %w", err)
	}
	switch {
	case ctx.Err() != nil:
		return &exitError{code: exitInterrupted}
	case failed > 0:
		return &exitError{code: exitFailure}
	case nonZero > 0:
		return &exitError{code: exitSomeNonZero}
	}
	return nil
}
