package sshclient

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

func TestAppendFileAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "new", "known_hosts")
	if err := appendFileAtomic(path, []byte("a\n")); err != nil {
		t.Fatal(err)
	}
	if err := appendFileAtomic(path, []byte("b\n")); err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(path); string(data) != "a\nb\n" {
		t.Errorf("contents %q, want \"a\\nb\\n\"", data)
	}
	if runtime.GOOS != "windows" {
		if info, _ := os.Stat(path); info.Mode().Perm() != 0o600 {
			t.Errorf("new file mode %#o, want 0600", info.Mode().Perm())
		}
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("directory holds %d entries, want only known_hosts (no temp files left)", len(entries))
	}
}

func TestAppendFileAtomicFollowsSymlink(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symlinks need privileges on Windows")
	}
	dir := t.TempDir()
	target := filepath.Join(dir, "real_known_hosts")
	link := filepath.Join(dir, "known_hosts")
	if err := os.WriteFile(target, []byte("x\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	if err := appendFileAtomic(link, []byte("y\n")); err != nil {
		t.Fatal(err)
	}
	if info, _ := os.Lstat(link); info.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the symlink was replaced by a file")
	}
	if data, _ := os.ReadFile(target); string(data) != "x\ny\n" {
		t.Errorf("target contents %q", data)
	}
}
