package main

import (
	"bytes"
	"os"
	"strings"
	"unicode/utf16"

	"github.com/rogpeppe/go-internal/testscript"
)

func init() {
	// regtext REG OUT: decode the .reg file REG as regedit reads it
	// (UTF-16LE after a byte-order mark, CRLF lines) into OUT as UTF-8
	// with LF lines, for cmp; it fails on any other encoding.
	scriptCommands["regtext"] = func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) != 2 {
			ts.Fatalf("usage: regtext REG OUT")
		}
		data := []byte(ts.ReadFile(args[0]))
		if !bytes.HasPrefix(data, []byte{0xff, 0xfe}) || len(data)%2 != 0 {
			ts.Fatalf("%s is not UTF-16LE with a byte-order mark", args[0])
		}
		units := make([]uint16, 0, len(data)/2)
		for i := 2; i < len(data); i += 2 {
			units = append(units, uint16(data[i])|uint16(data[i+1])<<8)
		}
		text := string(utf16.Decode(units))
		if strings.Count(text, "\n") != strings.Count(text, "\r\n") {
			ts.Fatalf("%s has a line not ending in CRLF", args[0])
		}
		ts.Check(os.WriteFile(ts.MkAbs(args[1]), []byte(strings.ReplaceAll(text, "\r\n", "\n")), 0o644))
	}
}
