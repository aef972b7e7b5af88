package main

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// inputs writes the same release files twice, in different folders, with
// different modes and times on disk, as two checkouts on two machines
// would have them.
func inputs(t *testing.T, exe string, mode os.FileMode, when time.Time) []string {
	dir := t.TempDir()
	files := map[string]string{exe: "\x7fELF binary", "README.md": "# keyconv\n"}
	var paths []string
	for name, content := range files {
		p := filepath.Join(dir, name)
		m := os.FileMode(0o600)
		if name == exe {
			m = mode
		}
		if err := os.WriteFile(p, []byte(content), m); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(p, m); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, when, when); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	return paths
}

func TestArchivesAreReproducible(t *testing.T) {
	mtime := time.Unix(1764615600, 0).UTC()
	for _, tc := range []struct{ ext, exe string }{{".tar.gz", "keyconv"}, {".zip", "keyconv.exe"}} {
		t.Run(tc.ext, func(t *testing.T) {
			out := t.TempDir()
			a, b := filepath.Join(out, "a"+tc.ext), filepath.Join(out, "b"+tc.ext)
			// README.md listed first in one, last in the other.
			filesA := inputs(t, tc.exe, 0o755, time.Now())
			filesB := inputs(t, tc.exe, 0o700, time.Unix(0, 0))
			if filepath.Base(filesA[0]) == filepath.Base(filesB[0]) {
				filesB[0], filesB[1] = filesB[1], filesB[0]
			}
			if err := writeArchive(a, "keyconv-v1-os-arch", mtime, filesA); err != nil {
				t.Fatal(err)
			}
			if err := writeArchive(b, "keyconv-v1-os-arch", mtime, filesB); err != nil {
				t.Fatal(err)
			}
			da, _ := os.ReadFile(a)
			db, _ := os.ReadFile(b)
			if len(da) == 0 || !bytes.Equal(da, db) {
				t.Fatalf("the two archives differ (%d and %d bytes)", len(da), len(db))
			}
			checkEntries(t, tc.ext, da, mtime, tc.exe)
		})
	}
}

// checkEntries reads an archive back: a folder, then the files sorted by
// name, each with the fixed time, owner 0 and the normalised mode.
func checkEntries(t *testing.T, ext string, data []byte, mtime time.Time, exe string) {
	t.Helper()
	type got struct {
		name     string
		mode     os.FileMode
		mtime    time.Time
		uid, gid int
		content  string
	}
	var entries []got
	if ext == ".zip" {
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range zr.File {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			c, _ := io.ReadAll(rc)
			entries = append(entries, got{f.Name, f.Mode(), f.Modified.UTC(), 0, 0, string(c)})
		}
	} else {
		gz, err := gzip.NewReader(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		if !gz.ModTime.IsZero() || gz.Name != "" {
			t.Errorf("gzip header has time %v and name %q", gz.ModTime, gz.Name)
		}
		tr := tar.NewReader(gz)
		for {
			h, err := tr.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			c, _ := io.ReadAll(tr)
			entries = append(entries, got{h.Name, h.FileInfo().Mode(), h.ModTime.UTC(), h.Uid, h.Gid, string(c)})
			if h.Uname != "" || h.Gname != "" {
				t.Errorf("%s has owner names %q/%q", h.Name, h.Uname, h.Gname)
			}
		}
	}
	want := []got{
		{"keyconv-v1-os-arch/", os.ModeDir | 0o755, mtime, 0, 0, ""},
		{"keyconv-v1-os-arch/README.md", 0o644, mtime, 0, 0, "# keyconv\n"},
		{"keyconv-v1-os-arch/" + exe, 0o755, mtime, 0, 0, "\x7fELF binary"},
	}
	if !strings.HasPrefix(exe, "keyconv") || len(entries) != len(want) {
		t.Fatalf("entries %+v, want %+v", entries, want)
	}
	for i := range want {
		if entries[i] != want[i] {
			t.Errorf("entry %d = %+v, want %+v", i, entries[i], want[i])
		}
	}
}

func TestSums(t *testing.T) {
	dir := t.TempDir()
	for name, content := range map[string]string{"b.zip": "b", "a.tar.gz": "a"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := writeSums(dir); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(filepath.Join(dir, "SHA256SUMS"))
	want := "ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb  a.tar.gz\n" +
		"3e23e8160039594a33894f6564e1b1348bbd7a0088d42c4acb73eeaed59c009d  b.zip\n"
	if string(got) != want {
		t.Errorf("SHA256SUMS:\n%s\nwant:\n%s", got, want)
	}
	// Summing again ignores the old SHA256SUMS.
	if err := writeSums(dir); err != nil {
		t.Fatal(err)
	}
	if again, _ := os.ReadFile(filepath.Join(dir, "SHA256SUMS")); string(again) != want {
		t.Errorf("second SHA256SUMS differs:\n%s", again)
	}
}
