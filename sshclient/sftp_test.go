package sshclient_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"io/fs"
	"os"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/cloudkeypair/keypair/sshclient"
)

// remoteHome makes a fresh folder in rocky's home for one test, since the
// server is this machine, and returns its path relative to the home and
// its path here.
func remoteHome(t *testing.T) (rel, abs string) {
	t.Helper()
	u, err := user.Lookup("rocky")
	if err != nil {
		t.Fatal(err)
	}
	dir, err := os.MkdirTemp(u.HomeDir, "sftp-test-")
	if err != nil {
		t.Fatal(err)
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	if err := os.Chown(dir, uid, gid); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return filepath.Base(dir), dir
}

// A 50 MB file and a directory tree go up and come back byte for byte,
// with their modes, and no temporary file is left on either side.
func TestRealSSHDCopyRoundTrip(t *testing.T) {
	s := startSSHD(t)
	c := dialSSHD(t, s, sshclient.Config{User: "rocky"})
	rel, abs := remoteHome(t)
	local := t.TempDir()

	big := make([]byte, 50<<20)
	rand.Read(big)
	bigFile := filepath.Join(local, "big.bin")
	os.WriteFile(bigFile, big, 0o640)
	tree := filepath.Join(local, "tree")
	files := map[string]os.FileMode{"a.txt": 0o644, "run.sh": 0o755, "sub/b.txt": 0o600, "sub/deeper/c": 0o444, "empty/": 0o750}
	for name, mode := range files {
		p := filepath.Join(tree, filepath.FromSlash(name))
		if strings.HasSuffix(name, "/") {
			os.MkdirAll(p, 0o700)
			os.Chmod(p, mode)
			continue
		}
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte("contents of "+name), mode)
		os.Chmod(p, mode)
	}

	ctx := context.Background()
	var progressed int64
	opts := &sshclient.CopyOptions{Recursive: true, Progress: func(_ string, done, _ int64) { progressed = done }}
	if err := c.Upload(ctx, []string{bigFile, tree}, "~/"+rel, opts); err != nil {
		t.Fatal(err)
	}
	if progressed == 0 {
		t.Error("Progress was never called")
	}
	if got, _ := os.ReadFile(filepath.Join(abs, "big.bin")); !bytes.Equal(got, big) {
		t.Error("the uploaded 50 MB file differs")
	}
	back := t.TempDir()
	if err := c.Download(ctx, rel+"/big.bin", filepath.Join(back, "big.copy"), nil); err != nil {
		t.Fatal(err)
	}
	if err := c.Download(ctx, rel+"/tree", back, &sshclient.CopyOptions{Recursive: true}); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(filepath.Join(back, "big.copy")); !bytes.Equal(got, big) {
		t.Error("the 50 MB file came back different")
	}
	if info, _ := os.Stat(filepath.Join(back, "big.copy")); info.Mode().Perm() != 0o640 {
		t.Errorf("big.copy mode %#o, want 0640", info.Mode().Perm())
	}
	for name, mode := range files {
		for _, root := range []string{filepath.Join(abs, "tree"), filepath.Join(back, "tree")} {
			p := filepath.Join(root, filepath.FromSlash(strings.TrimSuffix(name, "/")))
			info, err := os.Stat(p)
			if err != nil {
				t.Errorf("%s: %v", p, err)
				continue
			}
			if info.Mode().Perm() != mode {
				t.Errorf("%s: mode %#o, want %#o", p, info.Mode().Perm(), mode)
			}
			if !info.IsDir() {
				if got, _ := os.ReadFile(p); string(got) != "contents of "+name {
					t.Errorf("%s: %q", p, got)
				}
			}
		}
	}
	for _, root := range []string{abs, back} {
		filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if strings.Contains(d.Name(), ".keyconv-") {
				t.Errorf("temporary file left: %s", p)
			}
			return nil
		})
	}
}

// An upload stopped part way leaves nothing under the final name, and
// says it was stopped.
func TestRealSSHDCopyInterrupted(t *testing.T) {
	s := startSSHD(t)
	c := dialSSHD(t, s, sshclient.Config{User: "rocky"})
	rel, abs := remoteHome(t)
	big := filepath.Join(t.TempDir(), "big.bin")
	os.WriteFile(big, make([]byte, 64<<20), 0o600)
	ctx, cancel := context.WithCancel(context.Background())
	opts := &sshclient.CopyOptions{Progress: func(_ string, done, _ int64) {
		if done > 4<<20 {
			cancel()
		}
	}}
	err := c.Upload(ctx, []string{big}, rel+"/big.bin", opts)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v, want the copy stopped by ctx", err)
	}
	if _, err := os.Stat(filepath.Join(abs, "big.bin")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a partial file is under the final name: %v", err)
	}
	if entries, _ := os.ReadDir(abs); len(entries) != 0 {
		t.Errorf("the stopped upload left %v", entries)
	}
}

func TestRealSSHDCopyErrors(t *testing.T) {
	s := startSSHD(t)
	c := dialSSHD(t, s, sshclient.Config{User: "rocky"})
	rel, _ := remoteHome(t)
	dir := t.TempDir()
	ctx := context.Background()
	if err := c.Upload(ctx, []string{dir}, rel+"/x", nil); err == nil || !strings.Contains(err.Error(), "is a directory") {
		t.Errorf("uploading a directory without Recursive: %v", err)
	}
	if err := c.Upload(ctx, []string{filepath.Join(dir, "nope")}, rel+"/x", nil); err == nil || !strings.HasPrefix(err.Error(), "sshclient: ") {
		t.Errorf("uploading a missing file: %v", err)
	}
	if err := c.Download(ctx, rel+"/nope", dir, nil); err == nil || !strings.Contains(err.Error(), "on the server") {
		t.Errorf("downloading a missing file: %v", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("a failed download left %v", entries)
	}
}

// An uploaded private key is never readable by others on the server,
// not even while it is copied: the temporary file is checked as the bytes
// go through.
func TestRealSSHDUploadTempFileIsPrivate(t *testing.T) {
	s := startSSHD(t)
	c := dialSSHD(t, s, sshclient.Config{User: "rocky"})
	rel, abs := remoteHome(t)
	key := filepath.Join(t.TempDir(), "id_key")
	os.WriteFile(key, make([]byte, 1<<20), 0o600)
	checked := 0
	opts := &sshclient.CopyOptions{Progress: func(_ string, done, _ int64) {
		tmps, _ := filepath.Glob(filepath.Join(abs, ".id_key.keyconv-*"))
		if len(tmps) != 1 {
			t.Errorf("after %d bytes: temporary files %v, want one", done, tmps)
			return
		}
		info, err := os.Stat(tmps[0])
		if err != nil {
			t.Error(err)
			return
		}
		if info.Mode().Perm()&0o077 != 0 {
			t.Errorf("after %d bytes the temporary file has mode %#o", done, info.Mode().Perm())
		}
		checked++
	}}
	if err := c.Upload(context.Background(), []string{key}, rel+"/id_key", opts); err != nil {
		t.Fatal(err)
	}
	if checked == 0 {
		t.Fatal("Progress was never called")
	}
	if info, err := os.Stat(filepath.Join(abs, "id_key")); err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("uploaded key: %v, %v", info, err)
	}
}

// A download never replaces a local file without Overwrite: the file is
// left as it was, and nothing else is left beside it.
func TestRealSSHDDownloadRefusesExisting(t *testing.T) {
	s := startSSHD(t)
	c := dialSSHD(t, s, sshclient.Config{User: "rocky"})
	rel, abs := remoteHome(t)
	os.WriteFile(filepath.Join(abs, "f.txt"), []byte("from the server\n"), 0o644)
	local := t.TempDir()
	dst := filepath.Join(local, "f.txt")
	os.WriteFile(dst, []byte("mine\n"), 0o600)
	ctx := context.Background()

	err := c.Download(ctx, rel+"/f.txt", local, nil)
	var exists *sshclient.LocalExistsError
	if !errors.As(err, &exists) || exists.Path != dst || !errors.Is(err, fs.ErrExist) {
		t.Fatalf("downloading over %s: %v, want a *LocalExistsError", dst, err)
	}
	if got, _ := os.ReadFile(dst); string(got) != "mine\n" {
		t.Errorf("the local file became %q", got)
	}
	if entries, _ := os.ReadDir(local); len(entries) != 1 {
		t.Errorf("the refused download left %v", entries)
	}
	if err := c.Download(ctx, rel+"/f.txt", dst, &sshclient.CopyOptions{Overwrite: true}); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(dst); string(got) != "from the server\n" {
		t.Errorf("with Overwrite the local file is %q", got)
	}
}
