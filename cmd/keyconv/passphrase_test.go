package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReadPassphraseFile checks that a passphrase file yields what puttygen
// 0.78 reads from it (checked by hand against puttygen --old-passphrase on
// an encrypted OpenSSH key), so that the same file opens the same key.
func TestReadPassphraseFile(t *testing.T) {
	for _, tc := range []struct {
		name, content, want string
	}{
		{"lf", "secret\n", "secret"},
		{"crlf", "secret\r\n", "secret"},
		{"no final newline", "secret", "secret"},
		{"empty file", "", ""},
		{"only a newline", "\n", ""},
		{"second line ignored", "secret\nother\n", "secret"},
		{"cr line endings", "secret\rother\r", "secret"},
		{"cr cr lf", "secret\r\r\n", "secret"},
		{"nul ends it", "secret\x00junk\n", "secret"},
		{"inner spaces kept", " a b \n", " a b "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "pass.txt")
			if err := os.WriteFile(path, []byte(tc.content), 0o600); err != nil {
				t.Fatal(err)
			}
			got, err := readPassphraseFile(path, nil)
			if err != nil {
				t.Fatalf("readPassphraseFile: %v", err)
			}
			if string(got) != tc.want {
				t.Errorf("readPassphraseFile(%q) = %q, want %q", tc.content, got, tc.want)
			}
		})
	}
}

// TestReadPassphraseFileErrors: a missing file, a folder or a file that is
// plainly not a passphrase gives one message naming the file once, without
// Go's "open"/"read" prefixes or bufio's internals.
func TestReadPassphraseFileErrors(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.bin")
	if err := os.WriteFile(big, make([]byte, 100<<10), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ path, want string }{
		{filepath.Join(dir, "missing.txt"), "cannot read passphrase file " + filepath.Join(dir, "missing.txt") + ": no such file or directory"},
		{dir, "cannot read passphrase file " + dir + ": is a directory"},
		{big, "passphrase file " + big + ": the first line is over 64 KiB, so this is not a passphrase file"},
	} {
		_, err := readPassphraseFile(tc.path, nil)
		if err == nil || err.Error() != tc.want {
			t.Errorf("readPassphraseFile(%s) = %v, want %q", tc.path, err, tc.want)
		}
		if err != nil && strings.Count(err.Error(), tc.path) != 1 {
			t.Errorf("error names the file other than once: %v", err)
		}
	}
}
