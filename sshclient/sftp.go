package sshclient

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/pkg/sftp"
)

// CopyOptions says how [Client.Upload] and [Client.Download] copy.
type CopyOptions struct {
	// Recursive copies directories and everything under them, as scp -r.
	// Without it a directory is an error.
	Recursive bool

	// Progress, if set, is called as each file's bytes go through, with
	// the file's path on the sending side, the bytes so far and its size.
	Progress func(file string, done, size int64)

	// Overwrite lets [Client.Download] replace local files that exist.
	// Without it an existing file is a [*LocalExistsError] and is left
	// as it was, even one that appears during the copy.
	Overwrite bool
}

// LocalExistsError is a download's refusal to replace a local file
// without [CopyOptions.Overwrite]. It matches [fs.ErrExist].
type LocalExistsError struct {
	Path string
}

func (e *LocalExistsError) Error() string {
	return "sshclient: " + e.Path + " already exists"
}

// Unwrap makes the error match [fs.ErrExist].
func (e *LocalExistsError) Unwrap() error { return fs.ErrExist }

// Upload copies local files, and with Recursive directories, to remote on
// the server over SFTP, as scp does: when remote is an existing directory
// (or more than one source is given) each source goes into it under its
// own name; otherwise the one source is written as remote. A relative
// remote path is read from the login user's home; a leading "~/" is
// allowed. Each file is written under a temporary name beside its target
// and renamed over it when complete, so a failed or interrupted copy never
// leaves a partial file under the final name; permission bits are kept.
// When ctx ends the copy stops.
func (c *Client) Upload(ctx context.Context, sources []string, remote string, opts *CopyOptions) error {
	if len(sources) == 0 {
		return errors.New("sshclient: nothing to upload")
	}
	sc, stop, err := c.sftp(ctx)
	if err != nil {
		return err
	}
	defer stop()
	remote = remotePath(remote)
	into := len(sources) > 1
	if info, err := sc.Stat(remote); err == nil && info.IsDir() {
		into = true
	} else if into {
		return fmt.Errorf("sshclient: uploading %d files: %s is not a directory on the server", len(sources), remote)
	}
	cp := &copier{ctx: ctx, sc: sc, ssh: c, opts: optsOrZero(opts)}
	for _, src := range sources {
		dst := remote
		if into {
			dst = path.Join(remote, filepath.Base(src))
		}
		if err := cp.upload(src, dst); err != nil {
			return cp.wrap(err)
		}
	}
	return nil
}

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

// sftp opens an SFTP session, closed by stop or when ctx ends (which makes
// every operation in flight fail).
func (c *Client) sftp(ctx context.Context) (*sftp.Client, func(), error) {
	sc, err := sftp.NewClient(c.ssh, sftp.UseConcurrentWrites(true))
	if err != nil {
		return nil, nil, c.sessionError(fmt.Errorf("starting sftp: %w", err))
	}
	unwatch := context.AfterFunc(ctx, func() { sc.Close() })
	return sc, func() { unwatch(); sc.Close() }, nil
}

// remotePath reads "~/x" as "x": SFTP paths are relative to the home.
func remotePath(p string) string {
	if p == "~" {
		return "."
	}
	if rest, ok := strings.CutPrefix(p, "~/"); ok {
		return rest
	}
	if p == "" {
		return "."
	}
	return p
}

func optsOrZero(o *CopyOptions) *CopyOptions {
	if o == nil {
		return &CopyOptions{}
	}
	return o
}

// copier is one Upload or Download.
type copier struct {
	ctx  context.Context
	sc   *sftp.Client
	ssh  *Client
	opts *CopyOptions
}

// removeRemote removes a temporary file, over a new SFTP session when
// ctx's end has closed the copy's.
func (cp *copier) removeRemote(p string) {
	if err := cp.sc.Remove(p); err == nil || cp.ctx.Err() == nil {
		return
	}
	if sc, err := sftp.NewClient(cp.ssh.ssh); err == nil {
		sc.Remove(p)
		sc.Close()
	}
}

// wrap says that ctx's end, not the SFTP error it caused, stopped the copy.
func (cp *copier) wrap(err error) error {
	if err == nil {
		return nil
	}
	if cp.ctx.Err() != nil {
		return &stoppedError{cause: context.Cause(cp.ctx)}
	}
	return err
}

func (cp *copier) upload(src, dst string) error {
	info, err := os.Stat(src)
	if err != nil {
		return fmt.Errorf("sshclient: %w", err)
	}
	if !info.IsDir() {
		return cp.uploadFile(src, dst, info)
	}
	if !cp.opts.Recursive {
		return fmt.Errorf("sshclient: %s is a directory (copy directories recursively)", src)
	}
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return fmt.Errorf("sshclient: %w", err)
		}
		rel, _ := filepath.Rel(src, p)
		target := path.Join(dst, filepath.ToSlash(rel))
		info, err := os.Stat(p) // follows symbolic links, as scp does
		if err != nil {
			return fmt.Errorf("sshclient: %w", err)
		}
		switch {
		case info.IsDir() && d.Type()&fs.ModeSymlink != 0:
			return fmt.Errorf("sshclient: %s is a link to a directory, which is not followed", p)
		case info.IsDir():
			if err := cp.sc.Mkdir(target); err != nil {
				if st, statErr := cp.sc.Stat(target); statErr != nil || !st.IsDir() {
					return fmt.Errorf("sshclient: making directory %s on the server: %w", target, err)
				}
			}
			if err := cp.sc.Chmod(target, info.Mode().Perm()); err != nil {
				return fmt.Errorf("sshclient: %s on the server: %w", target, err)
			}
			return nil
		}
		return cp.uploadFile(p, target, info)
	})
}

func (cp *copier) uploadFile(src, dst string, info fs.FileInfo) error {
	if !info.Mode().IsRegular() {
		return fmt.Errorf("sshclient: %s is not a regular file", src)
	}
	in, err := os.Open(src)
	if err != nil {
		return fmt.Errorf("sshclient: %w", err)
	}
	defer in.Close()
	tmp := path.Join(path.Dir(dst), tempName(path.Base(dst)))
	out, err := cp.sc.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL)
	if err != nil {
		return fmt.Errorf("sshclient: writing %s on the server: %w", dst, err)
	}
	committed := false
	defer func() {
		if !committed {
			out.Close()
			cp.removeRemote(tmp)
		}
	}()
	// The server creates the file with its default mode (0644 under
	// sftp-server's usual umask): make it the owner's alone before any
	// byte of a private key is in it. The source's own bits come at the
	// end.
	if err := out.Chmod(0o600); err != nil {
		return fmt.Errorf("sshclient: %s on the server: %w", dst, err)
	}
	if _, err := out.ReadFrom(cp.progress(src, in, info.Size())); err != nil {
		return fmt.Errorf("sshclient: writing %s on the server: %w", dst, err)
	}
	if err := out.Chmod(info.Mode().Perm()); err != nil {
		return fmt.Errorf("sshclient: %s on the server: %w", dst, err)
	}
	if err := out.Close(); err != nil {
		return fmt.Errorf("sshclient: writing %s on the server: %w", dst, err)
	}
	if err := cp.rename(tmp, dst); err != nil {
		return fmt.Errorf("sshclient: renaming into %s on the server: %w", dst, err)
	}
	committed = true
	return nil
}

// rename replaces dst with tmp: atomically with OpenSSH's posix-rename
// extension, else (old servers) by removing dst first.
func (cp *copier) rename(tmp, dst string) error {
	if _, ok := cp.sc.HasExtension("posix-rename@openssh.com"); ok {
		return cp.sc.PosixRename(tmp, dst)
	}
	if err := cp.sc.Remove(dst); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return cp.sc.Rename(tmp, dst)
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

// tempName is a hidden name beside base, unique to one copy.
func tempName(base string) string {
	var b [6]byte
	rand.Read(b[:])
	return "." + base + ".keyconv-" + hex.EncodeToString(b[:])
}

// progress wraps r to report to Progress, keeping the size visible so
// that sftp's concurrent writes still apply.
func (cp *copier) progress(file string, r io.Reader, size int64) io.Reader {
	if cp.opts.Progress == nil {
		return r
	}
	return &progressReader{r: r, file: file, size: size, report: cp.opts.Progress}
}

type progressReader struct {
	r      io.Reader
	file   string
	done   int64
	size   int64
	report func(string, int64, int64)
}

func (p *progressReader) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	p.done += int64(n)
	p.report(p.file, p.done, p.size)
	return n, err
}

func (p *progressReader) Size() int64 { return p.size }

type progressWriter struct {
	w      io.Writer
	file   string
	done   int64
	size   int64
	report func(string, int64, int64)
}

func (p *progressWriter) Write(b []byte) (int, error) {
	n, err := p.w.Write(b)
	p.done += int64(n)
	p.report(p.file, p.done, p.size)
	return n, err
}
