package firewall

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"unicode/utf8"
)

// Limits on a firewall file, checked before any work is done on it, so that
// a hostile file costs bounded time and memory.
const (
	// MaxFileSize is the largest file Load and Parse accept: 4 MiB, far
	// above any real cloud account's firewalls.
	MaxFileSize = 4 << 20

	// MaxRules caps the inbound rules of all firewalls together: what lint
	// and show compare pairwise (overlapping rules, the rules covering a
	// port interval) can grow with the square of the rules of one set of
	// firewalls.
	MaxRules = 10000
)

// Load reads, decodes and validates a firewall file (YAML, or JSON, which
// is read as YAML). Errors name the file and line; see [Parse].
func Load(path string) (*Config, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("firewall: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("firewall: %w", err)
	}
	return Parse(data, path)
}

// Parse decodes and validates a firewall file's contents; filename is used
// in messages only. Decoding is strict: an unknown or duplicate key, a value
// of the wrong type, a YAML alias or a second document is an error. Every
// error is an [*Error] naming the file, the line, the firewall, rule or
// server, and the field. Values that were accepted after rewriting them (an
// IPv4-mapped IPv6 address) are listed in [Config.Warnings].
func Parse(data []byte, filename string) (*Config, error) {
	if len(data) > MaxFileSize {
		return nil, &Error{File: filename, Msg: fmt.Sprintf("the file is larger than %d bytes", MaxFileSize)}
	}
	if err := checkUTF8(data, filename); err != nil {
		return nil, err
	}
	d := &decoder{file: filename}
	root, err := d.parseTree(data)
	if err != nil {
		return nil, err
	}
	cfg, err := d.decode(root)
	if err != nil {
		return nil, err
	}
	if err := cfg.validate(&d.lines); err != nil {
		return nil, err
	}
	return cfg, nil
}

// checkUTF8 refuses a file that is not UTF-8, naming the line and column
// of the first bad byte: the YAML library says only "invalid UTF-8", with
// no line, which leaves the user searching a long file. A file that starts
// with a UTF-16 byte order mark is left to the YAML library, which reads
// UTF-16.
func checkUTF8(data []byte, filename string) error {
	if bytes.HasPrefix(data, []byte{0xFF, 0xFE}) || bytes.HasPrefix(data, []byte{0xFE, 0xFF}) || utf8.Valid(data) {
		return nil
	}
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size <= 1 {
			lineStart := bytes.LastIndexByte(data[:i], '\n') + 1
			line := bytes.Count(data[:i], []byte{'\n'}) + 1
			column := utf8.RuneCount(data[lineStart:i]) + 1
			return &Error{File: filename, Line: line, Msg: fmt.Sprintf("invalid UTF-8 (byte 0x%02x at column %d); save the file as UTF-8", data[i], column)}
		}
		i += size
	}
	return nil
}
