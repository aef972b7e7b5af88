package sshclient

// LimitedBuffer is an io.Writer that keeps the first Limit bytes written
// to it (DefaultOutputLimit if Limit is zero or less) and swallows the
// rest, reporting every write as whole so that a session's output keeps
// draining: a command blocked on a full pipe would never end. It is what
// [Client.Output] gathers a stream in, and what sshclient/fleet caps each
// server's output with. The zero value is ready to use.
type LimitedBuffer struct {
	Limit int

	// OnOverflow, if set, is called once, when the first byte past Limit
	// arrives: Output stops the command then.
	OnOverflow func()

	buf       []byte
	truncated bool
}

// Write keeps what fits under Limit (DefaultOutputLimit when not set)
// and drops the rest, calling OnOverflow at the first byte dropped. It
// always reports all of p written, so that the command writing to it
// does not fail.
func (b *LimitedBuffer) Write(p []byte) (int, error) {
	limit := b.Limit
	if limit <= 0 {
		limit = DefaultOutputLimit
	}
	room := max(limit-len(b.buf), 0)
	if len(p) <= room {
		b.buf = append(b.buf, p...)
		return len(p), nil
	}
	b.buf = append(b.buf, p[:room]...)
	if !b.truncated {
		b.truncated = true
		if b.OnOverflow != nil {
			b.OnOverflow()
		}
	}
	return len(p), nil
}

// Bytes returns what was kept.
func (b *LimitedBuffer) Bytes() []byte { return b.buf }

// Truncated reports whether more than Limit bytes were written.
func (b *LimitedBuffer) Truncated() bool { return b.truncated }
