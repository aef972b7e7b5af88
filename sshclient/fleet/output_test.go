package fleet

import (
	"bytes"
	"fmt"
	"strings"
	"sync"
	"testing"
)

func TestPrinterWholePrefixedLines(t *testing.T) {
	var out, errOut bytes.Buffer
	p := NewPrinter(&out, &errOut)
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			stdout, stderr := p.Streams(&Target{Name: fmt.Sprintf("s%d", i)})
			for j := range 100 {
				// Lines split across writes, several in one write.
				fmt.Fprintf(stdout, "line %d of s%d", j, i)
				fmt.Fprintf(stdout, " ends\nline %d.5 of s%d\n", j, i)
			}
			stderr.Write([]byte("no newline at the end"))
			stdout.Close()
			stderr.Close()
		}()
	}
	wg.Wait()
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(lines) != 20*200 {
		t.Fatalf("%d lines, want %d", len(lines), 20*200)
	}
	for _, l := range lines {
		name, rest, _ := strings.Cut(l, ": ")
		if !strings.HasSuffix(rest, "of "+name+" ends") && !strings.HasSuffix(rest, "of "+name) {
			t.Fatalf("mixed line %q", l)
		}
	}
	if got := strings.Count(errOut.String(), ": no newline at the end\n"); got != 20 {
		t.Errorf("stderr has %d closing lines, want 20:\n%s", got, errOut.String())
	}
}

func TestLineWriterLongLine(t *testing.T) {
	var out bytes.Buffer
	p := NewPrinter(&out, &out)
	w, _ := p.Streams(&Target{Name: "a"})
	long := strings.Repeat("x", maxLineBuffer*2+10)
	w.Write([]byte(long))
	w.Write([]byte("\n"))
	w.Close()
	want := "a: " + long[:maxLineBuffer] + "\na: " + long[maxLineBuffer:2*maxLineBuffer] + "\na: " + long[2*maxLineBuffer:] + "\n"
	if out.String() != want {
		t.Errorf("a line longer than the buffer is split into %d bytes, want %d", out.Len(), len(want))
	}
}

func TestPrinterStatusNeverMixes(t *testing.T) {
	var out bytes.Buffer
	p := NewPrinter(&out, &out)
	p.SetStatus(&out, "[1/2 done]")
	w, _ := p.Streams(&Target{Name: "a"})
	w.Write([]byte("hello\n"))
	p.Print(&out, "note\n")
	p.SetStatus(&out, "")
	want := "[1/2 done]\r\x1b[Ka: hello\n[1/2 done]\r\x1b[Knote\n[1/2 done]\r\x1b[K"
	if out.String() != want {
		t.Errorf("got %q, want %q", out.String(), want)
	}
}

func TestClassString(t *testing.T) {
	for c, want := range map[Class]string{OK: "ok", AuthRefused: "auth refused", ExitStatus: "non-zero exit", Class(99): "Class(99)"} {
		if c.String() != want {
			t.Errorf("%d.String() = %q, want %q", int(c), c.String(), want)
		}
	}
}
