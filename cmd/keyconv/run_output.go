package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"

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
