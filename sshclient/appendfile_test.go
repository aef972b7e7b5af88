package sshclient

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"
)

func TestAppendLine(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "new", "known_hosts")
	if err := appendLine(path, []byte("a\n")); err != nil {
		t.Fatal(err)
	}
	if err := appendLine(path, []byte("b\n")); err != nil {
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
}

func TestAppendLineAfterMissingNewline(t *testing.T) {
	path := filepath.Join(t.TempDir(), "known_hosts")
	if err := os.WriteFile(path, []byte("# mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := appendLine(path, []byte("b\n")); err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(path); string(data) != "# mine\nb\n" {
		t.Errorf("contents %q", data)
	}
}

// TestAppendLineConcurrently records many lines at once, as parallel
// keyconv runs with --accept-new do: none may be lost.
func TestAppendLineConcurrently(t *testing.T) {
	path := filepath.Join(t.TempDir(), "known_hosts")
	var want []string
	var wg sync.WaitGroup
	for i := 0; i < 50; i++ {
		line := fmt.Sprintf("host%02d ssh-ed25519 AAAA", i)
		want = append(want, line)
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := appendLine(path, []byte(line+"\n")); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	data, _ := os.ReadFile(path)
	got := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	sort.Strings(got)
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("lines after concurrent appends:\n%s", data)
	}
}

func TestAppendLineFollowsSymlink(t *testing.T) {
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
	if err := appendLine(link, []byte("y\n")); err != nil {
		t.Fatal(err)
	}
	if info, _ := os.Lstat(link); info.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the symlink was replaced by a file")
	}
	if data, _ := os.ReadFile(target); string(data) != "x\ny\n" {
		t.Errorf("target contents %q", data)
	}
}
