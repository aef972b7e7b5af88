package sshclient

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io/fs"
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

// Error names the local file that is there already.
func (e *LocalExistsError) Error() string {
	return "sshclient: " + e.Path + " already exists"
}

// Unwrap makes the error match [fs.ErrExist].
func (e *LocalExistsError) Unwrap() error { return fs.ErrExist }

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

// tempName is a hidden name beside base, unique to one copy.
func tempName(base string) string {
	var b [6]byte
	rand.Read(b[:])
	return "." + base + ".keyconv-" + hex.EncodeToString(b[:])
}
