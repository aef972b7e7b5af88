package main

import (
	"bytes"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/cloudkeypair/keypair/internal/keyfile"
	"github.com/rogpeppe/go-internal/testscript"
)

func init() {
	// encode STEPS SRC DST: DST is SRC as a Windows editor or shell saves
	// it, after STEPS, a comma-separated list applied in order: crlf,
	// nonewline (drop the final line endings), utf8bom, utf16le, utf16be
	// (with the byte-order mark). DST is created 0600.
	scriptCommands["encode"] = func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) != 3 {
			ts.Fatalf("usage: encode STEPS SRC DST")
		}
		data, err := os.ReadFile(ts.MkAbs(args[1]))
		ts.Check(err)
		for _, step := range strings.Split(args[0], ",") {
			switch step {
			case "crlf":
				data = bytes.ReplaceAll(data, []byte("\n"), []byte("\r\n"))
			case "nonewline":
				data = bytes.TrimRight(data, "\r\n")
			case "utf8bom":
				data = append([]byte("\xef\xbb\xbf"), data...)
			case "utf16le", "utf16be":
				var order binary.AppendByteOrder = binary.LittleEndian
				if step == "utf16be" {
					order = binary.BigEndian
				}
				out := order.AppendUint16(nil, 0xfeff)
				for _, u := range utf16.Encode([]rune(string(data))) {
					out = order.AppendUint16(out, u)
				}
				data = out
			default:
				ts.Fatalf("encode: unknown step %q", step)
			}
		}
		ts.Check(os.WriteFile(ts.MkAbs(args[2]), data, 0o600))
	}
}

// fix-key refuses, as root, to rewrite a key that belongs to another user:
// the copy would be root's, and its owner could no longer read it.
func TestFixKeyRefusesAnotherUsersFile(t *testing.T) {
	if runtime.GOOS == "windows" || os.Geteuid() != 0 {
		t.Skip("needs root on Unix to give a file away")
	}
	key, err := os.ReadFile(filepath.Join(repoRoot, "testdata", "cafe24.pem"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, tc := range []struct {
		name string
		data []byte
	}{
		{"open.pem", key},
		{"crlf.pem", bytes.ReplaceAll(key, []byte("\n"), []byte("\r\n"))},
	} {
		path := filepath.Join(dir, tc.name)
		if err := os.WriteFile(path, tc.data, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(path, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chown(path, 65534, 65534); err != nil {
			t.Fatal(err)
		}
		_, err := fixKey(path)
		var notOwner *keyfile.NotOwnerError
		if !errors.As(err, &notOwner) {
			t.Fatalf("%s: fixKey = %v, want a *keyfile.NotOwnerError", tc.name, err)
		}
		info, statErr := os.Stat(path)
		if statErr != nil || info.Mode().Perm() != 0o644 {
			t.Errorf("%s changed: %v %v", tc.name, info.Mode(), statErr)
		}
		if _, err := os.Lstat(path + ".bak"); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s: a backup was written: %v", tc.name, err)
		}
	}
}
