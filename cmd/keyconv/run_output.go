package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/cloudkeypair/keypair/cmd/keyconv/internal/fix"
	"github.com/cloudkeypair/keypair/sshclient/fleet"
	"golang.org/x/term"
)

// outputMode is where run (and cp) send each server's output.
type outputMode int

const (
	outputStream outputMode = iota // prefixed lines as they arrive
	outputMerge                    // gathered, identical outputs printed once
	outputJSON                     // one JSON object a line per server
	outputFiles                    // DIR/NAME.out and DIR/NAME.err
)

// runOutput prints a run's results as they come and its summary at the
// end, and keeps the progress line on a terminal.
type runOutput struct {
	sio      *stdio
	mode     outputMode
	dir      string
	total    int
	parallel int // at most this many run at once
	printer  *fleet.Printer
	status   io.Writer // the terminal the progress line goes to; nil for none

	// mu guards the counts and lists below: the workers (onStart, the
	// --out files' errors) and the results loop touch them at once, and
	// the progress line reads them. After the run, finish reads them
	// alone.
	mu        sync.Mutex
	results   []fleet.Result
	done      int
	failed    int
	started   int
	undialled int // results for servers never dialled (blocked, not started), which never start
	fileErrs  []error
}

func newRunOutput(sio *stdio, mode outputMode, dir string, total, parallel int) (*runOutput, error) {
	o := &runOutput{sio: sio, mode: mode, dir: dir, total: total, parallel: parallel, printer: fleet.NewPrinter(sio.Out, sio.Err)}
	if mode == outputFiles {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, err
		}
	}
	// The line is first drawn when a server starts: after the keys'
	// passphrases, if any, were asked for.
	if isTerminalWriter(sio.Err) {
		o.status = sio.Err
	}
	return o, nil
}

// isTerminalWriter reports whether w is a terminal: the progress line is
// for people, never for a pipe or a file.
func isTerminalWriter(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// stream is the Command.Stream the mode wants: nil to gather.
func (o *runOutput) stream() func(t *fleet.Target) (io.WriteCloser, io.WriteCloser) {
	switch o.mode {
	case outputStream:
		return o.printer.Streams
	case outputFiles:
		return o.files
	}
	return nil
}

// files opens DIR/NAME.out and DIR/NAME.err for a server. A file that
// cannot be opened or written fails the run at the end.
func (o *runOutput) files(t *fleet.Target) (io.WriteCloser, io.WriteCloser) {
	open := func(ext string) io.WriteCloser {
		f, err := os.OpenFile(filepath.Join(o.dir, t.Name+ext), os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
		if err != nil {
			o.fileError(err)
			return nopWriteCloser{io.Discard}
		}
		return &runOutputFile{f: f, o: o}
	}
	return open(".out"), open(".err")
}

func (o *runOutput) fileError(err error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.fileErrs = append(o.fileErrs, err)
}

// onStart counts the servers begun, for the progress line.
func (o *runOutput) onStart(*fleet.Target) {
	o.mu.Lock()
	o.started++
	o.mu.Unlock()
	o.showProgress()
}

// runOutputFile is an --out file: a write error is kept for the end, and the
// rest of the stream discarded, so the command still runs to its end.
type runOutputFile struct {
	f   *os.File
	o   *runOutput
	err error
}

func (w *runOutputFile) Write(p []byte) (int, error) {
	if w.err == nil {
		if _, w.err = w.f.Write(p); w.err != nil {
			w.o.fileError(w.err)
		}
	}
	return len(p), nil
}

func (w *runOutputFile) Close() error {
	if err := w.f.Close(); err != nil && w.err == nil {
		w.o.fileError(err)
	}
	return nil
}

type nopWriteCloser struct{ io.Writer }

func (nopWriteCloser) Close() error { return nil }

// result takes one server's result.
func (o *runOutput) result(res fleet.Result) {
	o.mu.Lock()
	o.results = append(o.results, res)
	o.done++
	if res.Class != fleet.OK {
		o.failed++
	}
	if res.Class == fleet.NotStarted || isBlocked(res.Err) {
		o.undialled++
	}
	o.mu.Unlock()
	switch o.mode {
	case outputJSON:
		o.printer.Print(o.sio.Out, o.jsonLine(res))
	case outputStream, outputFiles:
		// A non-zero exit is the command's own; interrupted servers are
		// listed by the summary.
		if res.Err != nil && res.Class != fleet.ExitStatus && res.Class != fleet.Interrupted && res.Class != fleet.NotStarted {
			var b strings.Builder
			errorf(&b, "%v", res.Err)
			o.printer.Print(o.sio.Err, b.String())
		}
	}
	o.showProgress()
}

func (o *runOutput) showProgress() {
	if o.status == nil {
		return
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	// A worker starts its next server before this goroutine has taken
	// the last one's result: never show more running than can run.
	running := min(max(o.started-(o.done-o.undialled), 0), o.parallel)
	waiting := max(o.total-o.started-o.undialled, 0)
	line := fmt.Sprintf("keyconv: %d/%d done, %d failed, %d running, %d waiting", o.done, o.total, o.failed, running, waiting)
	o.printer.SetStatus(o.status, line)
}

// jsonResult is one line of --json; the schema is in run's help.
type jsonResult struct {
	Name       string `json:"name"`
	Address    string `json:"address"`
	User       string `json:"user"`
	Status     string `json:"status"`
	ExitStatus *int   `json:"exit_status"`
	Error      string `json:"error,omitempty"`
	Encoding   string `json:"encoding"`
	Stdout     string `json:"stdout"`
	Stderr     string `json:"stderr"`
	Truncated  bool   `json:"truncated"`
	Started    bool   `json:"started"`
	DurationMS int64  `json:"duration_ms"`
}

func (o *runOutput) jsonLine(res fleet.Result) string {
	j := jsonResult{
		Name: res.Target.Name, Address: res.Target.Addr(), User: res.User, Status: status(res),
		Encoding: "utf-8", Stdout: string(res.Stdout), Stderr: string(res.Stderr),
		Truncated: res.Truncated, Started: res.Started, DurationMS: res.Duration.Milliseconds(),
	}
	if res.ExitStatus >= 0 {
		j.ExitStatus = &res.ExitStatus
	}
	if res.Err != nil {
		j.Error = res.Err.Error()
	}
	if !utf8.Valid(res.Stdout) || !utf8.Valid(res.Stderr) {
		j.Encoding = "base64"
		j.Stdout, j.Stderr = base64.StdEncoding.EncodeToString(res.Stdout), base64.StdEncoding.EncodeToString(res.Stderr)
	}
	line, _ := json.Marshal(j)
	return string(line) + "\n"
}

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
