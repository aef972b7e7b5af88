package sshclient

import "io"

// progress wraps r to report to Progress, keeping the size visible so
// that sftp's concurrent writes still apply.
func (cp *copier) progress(file string, r io.Reader, size int64) io.Reader {
	if cp.opts.Progress == nil {
		return r
	}
	return &progressReader{r: r, file: file, size: size, report: cp.opts.Progress}
}

type progressReader struct {
	r      io.Reader
	file   string
	done   int64
	size   int64
	report func(string, int64, int64)
}

func (p *progressReader) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	p.done += int64(n)
	p.report(p.file, p.done, p.size)
	return n, err
}

func (p *progressReader) Size() int64 { return p.size }

type progressWriter struct {
	w      io.Writer
	file   string
	done   int64
	size   int64
	report func(string, int64, int64)
}

func (p *progressWriter) Write(b []byte) (int, error) {
	n, err := p.w.Write(b)
	p.done += int64(n)
	p.report(p.file, p.done, p.size)
	return n, err
}
