// Command mkarchive writes keyconv's release archives so that the same
// inputs always give the same bytes: entries sorted by name, every mtime
// the commit's time, owner and group 0 with no names, modes 0755 for
// executables and 0644 for the rest, whatever the local file system says.
// tar and zip can be told most of that with flags, but not the same flags
// on GNU, BSD and Info-ZIP, so scripts/release.sh uses this instead.
//
// Usage:
//
//	mkarchive -o OUT.zip|OUT.tar.gz -prefix DIR -mtime UNIXTIME FILE...
//	mkarchive -sums DIR
//
// The first form archives each FILE under DIR/ by its base name. The
// second writes DIR/SHA256SUMS, in sha256sum's format, over the other
// files in DIR.
package main

import (
	"archive/tar"
	"archive/zip"
	"compress/flate"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

func main() {
	out := flag.String("o", "", "archive to write, .zip or .tar.gz")
	prefix := flag.String("prefix", "", "folder the entries go in")
	mtime := flag.Int64("mtime", 0, "modification time of every entry, in seconds since 1970")
	sums := flag.String("sums", "", "write SHA256SUMS over the files of this folder")
	flag.Parse()
	var err error
	switch {
	case *sums != "":
		err = writeSums(*sums)
	case *out != "" && *prefix != "" && flag.NArg() > 0:
		err = writeArchive(*out, *prefix, time.Unix(*mtime, 0).UTC(), flag.Args())
	default:
		flag.Usage()
		os.Exit(2)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "mkarchive:", err)
		os.Exit(1)
	}
}

// entry is one file of an archive.
type entry struct {
	name string // inside the archive
	mode fs.FileMode
	data []byte
}

func readEntries(prefix string, files []string) ([]entry, error) {
	var entries []entry
	for _, f := range files {
		info, err := os.Stat(f)
		if err != nil {
			return nil, err
		}
		if !info.Mode().IsRegular() {
			return nil, fmt.Errorf("%s is not a regular file", f)
		}
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		mode := fs.FileMode(0o644)
		if info.Mode()&0o111 != 0 || strings.HasSuffix(f, ".exe") {
			mode = 0o755
		}
		entries = append(entries, entry{name: prefix + "/" + filepath.Base(f), mode: mode, data: data})
	}
	slices.SortFunc(entries, func(a, b entry) int { return strings.Compare(a.name, b.name) })
	for i := 1; i < len(entries); i++ {
		if entries[i].name == entries[i-1].name {
			return nil, fmt.Errorf("two files named %s", entries[i].name)
		}
	}
	return entries, nil
}

// writeArchive writes the archive to a temporary file beside out and
// renames it into place, so that a failure leaves no half archive.
func writeArchive(out, prefix string, mtime time.Time, files []string) error {
	entries, err := readEntries(prefix, files)
	if err != nil {
		return err
	}
	var write func(io.Writer, string, time.Time, []entry) error
	switch {
	case strings.HasSuffix(out, ".zip"):
		write = writeZip
	case strings.HasSuffix(out, ".tar.gz"):
		write = writeTarGz
	default:
		return fmt.Errorf("%s: want a .zip or .tar.gz name", out)
	}
	tmp, err := os.CreateTemp(filepath.Dir(out), ".mkarchive*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := write(tmp, prefix, mtime, entries); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), out)
}

func writeTarGz(w io.Writer, prefix string, mtime time.Time, entries []entry) error {
	// A zero gzip header: no name, no time; Go writes the OS byte as
	// "unknown" on every platform.
	gz, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return err
	}
	tw := tar.NewWriter(gz)
	dir := &tar.Header{Typeflag: tar.TypeDir, Name: prefix + "/", Mode: 0o755, ModTime: mtime, Format: tar.FormatUSTAR}
	if err := tw.WriteHeader(dir); err != nil {
		return err
	}
	for _, e := range entries {
		h := &tar.Header{Typeflag: tar.TypeReg, Name: e.name, Mode: int64(e.mode), Size: int64(len(e.data)), ModTime: mtime, Format: tar.FormatUSTAR}
		if err := tw.WriteHeader(h); err != nil {
			return err
		}
		if _, err := tw.Write(e.data); err != nil {
			return err
		}
	}
	if err := tw.Close(); err != nil {
		return err
	}
	return gz.Close()
}

func writeZip(w io.Writer, prefix string, mtime time.Time, entries []entry) error {
	zw := zip.NewWriter(w)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(w, flate.BestCompression)
	})
	dir := &zip.FileHeader{Name: prefix + "/", Method: zip.Store, Modified: mtime}
	dir.SetMode(fs.ModeDir | 0o755)
	if _, err := zw.CreateHeader(dir); err != nil {
		return err
	}
	for _, e := range entries {
		h := &zip.FileHeader{Name: e.name, Method: zip.Deflate, Modified: mtime}
		h.SetMode(e.mode)
		fw, err := zw.CreateHeader(h)
		if err != nil {
			return err
		}
		if _, err := fw.Write(e.data); err != nil {
			return err
		}
	}
	return zw.Close()
}

// writeSums writes dir/SHA256SUMS as "HASH  NAME" lines sorted by name,
// which sha256sum -c and shasum -a 256 -c check.
func writeSums(dir string) error {
	names, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	var b strings.Builder
	for _, d := range names {
		if d.Name() == "SHA256SUMS" || !d.Type().IsRegular() {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, d.Name()))
		if err != nil {
			return err
		}
		sum := sha256.Sum256(data)
		fmt.Fprintf(&b, "%s  %s\n", hex.EncodeToString(sum[:]), d.Name())
	}
	if b.Len() == 0 {
		return errors.New(dir + " has no files to sum")
	}
	return os.WriteFile(filepath.Join(dir, "SHA256SUMS"), []byte(b.String()), 0o644)
}
