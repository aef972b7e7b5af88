package sshclient

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
)

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
