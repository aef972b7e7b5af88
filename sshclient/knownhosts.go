package sshclient

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
)

// KnownHostsLineError means a known_hosts line is too long to read (over
// 64 KiB, the most x/crypto's reader takes), which otherwise fails with
// "token too long" and no file or line.
type KnownHostsLineError struct {
	File string
	Line int
}

// Error names the file and line.
func (e *KnownHostsLineError) Error() string {
	return fmt.Sprintf("sshclient: %s:%d: known_hosts line is over 64 KiB, too long to be a host key; remove or fix that line", e.File, e.Line)
}

// knownHostsLine names one line of one known_hosts file.
type knownHostsLine struct {
	file string
	line int
}

// scanKnownHosts reads a known_hosts file as x/crypto's knownhosts does
// (bufio.Scanner's default line limit, blank lines and comments skipped),
// returning the lines that carry the @cert-authority marker, which
// x/crypto's entries do not tell apart from host keys.
func scanKnownHosts(file string) (map[knownHostsLine]bool, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, fmt.Errorf("sshclient: reading known_hosts: %w", err)
	}
	defer f.Close()
	authorities := map[knownHostsLine]bool{}
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		n++
		fields := bytes.Fields(sc.Bytes())
		if len(fields) > 0 && string(fields[0]) == "@cert-authority" {
			authorities[knownHostsLine{file, n}] = true
		}
	}
	if err := sc.Err(); errors.Is(err, bufio.ErrTooLong) {
		return nil, &KnownHostsLineError{File: file, Line: n + 1}
	} else if err != nil {
		return nil, fmt.Errorf("sshclient: reading known_hosts: %w", err)
	}
	return authorities, nil
}
