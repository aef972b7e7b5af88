package sshclient

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// Download copies remote, a file or with Recursive a directory, from the
// server to local, as scp does: into local when it is an existing
// directory, as local otherwise. Files are written as Upload writes them:
// a temporary name, then a rename; permission bits kept. An existing local
// file is replaced only with [CopyOptions.Overwrite].
func (c *Client) Download(ctx context.Context, remote, local string, opts *CopyOptions) error {
	sc, stop, err := c.sftp(ctx)
	if err != nil {
		return err
	}
	defer stop()
	remote = remotePath(remote)
	dst := local
	if info, err := os.Stat(local); err == nil && info.IsDir() {
		dst = filepath.Join(local, path.Base(remote))
	}
	cp := &copier{ctx: ctx, sc: sc, ssh: c, opts: optsOrZero(opts)}
	return cp.wrap(cp.download(remote, dst))
}

func (cp *copier) download(src, dst string) error {
	info, err := cp.sc.Stat(src)
	if err != nil {
		return fmt.Errorf("sshclient: %s on the server: %w", src, err)
	}
	if !info.IsDir() {
		return cp.downloadFile(src, dst, info)
	}
	if !cp.opts.Recursive {
		return fmt.Errorf("sshclient: %s on the server is a directory (copy directories recursively)", src)
	}
	walker := cp.sc.Walk(src)
	for walker.Step() {
		if err := walker.Err(); err != nil {
			return fmt.Errorf("sshclient: %w", err)
		}
		rel := strings.TrimPrefix(strings.TrimPrefix(walker.Path(), src), "/")
		target := filepath.Join(dst, filepath.FromSlash(rel))
		if rel != "" && !filepath.IsLocal(filepath.FromSlash(rel)) {
			return fmt.Errorf("sshclient: the server listed %q under %s", walker.Path(), src)
		}
		st := walker.Stat()
		switch {
		case st.IsDir():
			if err := os.MkdirAll(target, 0o700); err != nil {
				return fmt.Errorf("sshclient: %w", err)
			}
			if err := os.Chmod(target, st.Mode().Perm()|0o700); err != nil {
				return fmt.Errorf("sshclient: %w", err)
			}
		case st.Mode().IsRegular():
			if err := cp.downloadFile(walker.Path(), target, st); err != nil {
				return err
			}
		}
	}
	return nil
}

func (cp *copier) downloadFile(src, dst string, info fs.FileInfo) error {
	if !info.Mode().IsRegular() {
		return fmt.Errorf("sshclient: %s on the server is not a regular file", src)
	}
	in, err := cp.sc.Open(src)
	if err != nil {
		return fmt.Errorf("sshclient: reading %s on the server: %w", src, err)
	}
	defer in.Close()
	if _, err := os.Lstat(dst); err == nil && !cp.opts.Overwrite {
		return &LocalExistsError{Path: dst}
	}
	out, err := os.CreateTemp(filepath.Dir(dst), tempName(filepath.Base(dst)))
	if err != nil {
		return fmt.Errorf("sshclient: %w", err)
	}
	committed := false
	defer func() {
		if !committed {
			out.Close()
			os.Remove(out.Name())
		}
	}()
	w := io.Writer(out)
	if cp.opts.Progress != nil {
		w = &progressWriter{w: out, file: src, size: info.Size(), report: cp.opts.Progress}
	}
	if _, err := in.WriteTo(w); err != nil {
		return fmt.Errorf("sshclient: reading %s on the server: %w", src, err)
	}
	if err := out.Chmod(info.Mode().Perm()); err != nil {
		return fmt.Errorf("sshclient: %w", err)
	}
	if err := out.Close(); err != nil {
		return fmt.Errorf("sshclient: %w", err)
	}
	if err := cp.commitLocal(out.Name(), dst); err != nil {
		return err
	}
	committed = true
	return nil
}

// commitLocal moves a downloaded file into place: by rename with
// Overwrite; else by a hard link, which fails if dst appeared during the
// copy, or, where the file system has no hard links, a checked rename.
func (cp *copier) commitLocal(tmp, dst string) error {
	if !cp.opts.Overwrite {
		err := os.Link(tmp, dst)
		switch {
		case err == nil:
			os.Remove(tmp)
			return nil
		case errors.Is(err, fs.ErrExist):
			return &LocalExistsError{Path: dst}
		}
		if _, err := os.Lstat(dst); err == nil {
			return &LocalExistsError{Path: dst}
		}
	}
	if err := os.Rename(tmp, dst); err != nil {
		return fmt.Errorf("sshclient: %w", err)
	}
	return nil
}
