package fleet

import (
	"bytes"
	"io"
	"sync"
)

// maxLineBuffer bounds the part of a line a LineWriter holds while waiting
// for its end: a server printing megabytes without a newline is written in
// pieces of this size, each prefixed, instead of held in memory.
const maxLineBuffer = 64 << 10

// Printer writes many servers' output to one stdout and one stderr, line
// by line, each line prefixed with its server's name ("web1: ..."), never
// mixing two servers' lines. It can keep a status line (progress) on a
// terminal below the output, erased before each write and drawn again
// after, so that the two never mix. It is safe for concurrent use.
type Printer struct {
	mu       sync.Mutex
	out, err io.Writer

	status    string    // the status line now shown, "" for none
	statusOut io.Writer // where it is shown
}

// NewPrinter returns a Printer writing to stdout and stderr.
func NewPrinter(stdout, stderr io.Writer) *Printer {
	return &Printer{out: stdout, err: stderr}
}

// Streams returns the writers for one server's stdout and stderr, as
// [Command.Stream] wants them. Close each to write a last line that did
// not end in a newline (the Runner does).
func (p *Printer) Streams(t *Target) (stdout, stderr io.WriteCloser) {
	prefix := []byte(t.Name + ": ")
	return &LineWriter{p: p, w: p.out, prefix: prefix}, &LineWriter{p: p, w: p.err, prefix: prefix}
}

// SetStatus shows line as the status line on w (a terminal), replacing
// the one shown before; "" erases it.
func (p *Printer) SetStatus(w io.Writer, line string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.eraseStatus()
	p.status, p.statusOut = line, w
	p.drawStatus()
}

// Print writes text (whole lines) to w, one of the Printer's writers or
// the status line's, between the servers' lines and around the status
// line: for the caller's own messages during a run.
func (p *Printer) Print(w io.Writer, text string) error {
	return p.write(w, []byte(text))
}

// eraseStatus and drawStatus are called with mu held. "\r\x1b[K" returns
// to the start of the line and clears it, on every terminal in use.
func (p *Printer) eraseStatus() {
	if p.status != "" {
		io.WriteString(p.statusOut, "\r\x1b[K")
	}
}

func (p *Printer) drawStatus() {
	if p.status != "" {
		io.WriteString(p.statusOut, p.status)
	}
}

// write sends whole lines to w under the lock, around the status line.
func (p *Printer) write(w io.Writer, data []byte) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.eraseStatus()
	_, err := w.Write(data)
	p.drawStatus()
	return err
}

// LineWriter is one server's stream of a [Printer]: it prefixes every line
// and hands the Printer whole lines only.
type LineWriter struct {
	p      *Printer
	w      io.Writer
	prefix []byte
	buf    []byte // a line begun but not ended
	out    []byte // reused for what one Write sends on
}

// Write prefixes each complete line of data and writes them in one go;
// the rest waits for its newline (or for Close), up to 64 KiB.
func (l *LineWriter) Write(data []byte) (int, error) {
	n := len(data)
	l.out = l.out[:0]
	for len(data) > 0 {
		i := bytes.IndexByte(data, '\n')
		if i < 0 {
			room := maxLineBuffer - len(l.buf)
			if len(data) < room {
				l.buf = append(l.buf, data...)
				break
			}
			// A line too long to hold: send what fits, as a line of its own.
			l.out = l.line(l.out, data[:room], true)
			data = data[room:]
			continue
		}
		l.out = l.line(l.out, data[:i+1], false)
		data = data[i+1:]
	}
	if len(l.out) == 0 {
		return n, nil
	}
	if err := l.p.write(l.w, l.out); err != nil {
		return 0, err
	}
	return n, nil
}

// line appends prefix, the buffered start of the line, part, and a newline
// when part has none.
func (l *LineWriter) line(out, part []byte, addNewline bool) []byte {
	out = append(out, l.prefix...)
	out = append(out, l.buf...)
	out = append(out, part...)
	if addNewline {
		out = append(out, '\n')
	}
	l.buf = l.buf[:0]
	return out
}

// Close writes a last line that did not end in a newline, adding one.
func (l *LineWriter) Close() error {
	if len(l.buf) == 0 {
		return nil
	}
	out := l.line(nil, nil, true)
	return l.p.write(l.w, out)
}
