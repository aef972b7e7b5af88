package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"path/filepath"

	"github.com/cloudkeypair/keypair/cmd/keyconv/internal/fix"
	"github.com/cloudkeypair/keypair/internal/keyfile"
)

// outputFile describes where a command writes its result: a path, or
// standard output for "-".
type outputFile struct {
	Path  string
	Force bool        // replace an existing file
	Perm  os.FileMode // 0600 for private keys
	Input string      // the input's path, never to be overwritten
}

func (o outputFile) isStdout() bool { return o.Path == "-" }

// check refuses, before any work is done, the outputs the rules forbid: the
// input's own path, and an existing file without --force.
func (o outputFile) check() error {
	if o.isStdout() {
		return nil
	}
	if o.Input != "" && samePath(o.Path, o.Input) {
		return withHints(fmt.Errorf("refusing to overwrite the input file %s", o.Path), fix.OutputIsInput)
	}
	if _, err := os.Lstat(o.Path); err == nil && !o.Force {
		return errAlreadyExists(o.Path)
	}
	return nil
}

// samePath reports whether a and b name the same file, by identity when
// both exist and by cleaned absolute path otherwise.
func samePath(a, b string) bool {
	ai, errA := os.Stat(a)
	bi, errB := os.Stat(b)
	if errA == nil && errB == nil {
		return os.SameFile(ai, bi)
	}
	absA, errA := filepath.Abs(a)
	absB, errB := filepath.Abs(b)
	return errA == nil && errB == nil && absA == absB
}

// write stores data atomically: it goes to a temporary file beside the
// target, created 0600 with O_EXCL so nobody else can open it, and is then
// renamed into place. A failure at any point removes the temporary file, so
// a failed run leaves nothing behind. Without Force the final step is a hard
// link, which fails if the target appeared in the meantime.
func (o outputFile) write(stdout io.Writer, data []byte) error {
	if o.isStdout() {
		_, err := stdout.Write(data)
		return err
	}
	if err := o.check(); err != nil {
		return err
	}
	return writeAtomically(o.Path, o.Perm, data, nil, o.commit)
}

// writeAtomically writes data to a temporary file beside path, lets check
// look at it (nil for none), then has commit move it into place; on any
// failure the temporary file is removed, so nothing is left behind. Ctrl-C
// waits until it returns.
func writeAtomically(path string, perm os.FileMode, data []byte, check, commit func(tmpName string) error) error {
	defer holdInterrupt()()
	tmpName, err := writeTemp(path, perm, data)
	if err != nil {
		return err
	}
	committed := false
	defer func() {
		if !committed {
			os.Remove(tmpName)
		}
	}()
	if check != nil {
		if err := check(tmpName); err != nil {
			return err
		}
	}
	if testHookBeforeCommit != nil {
		testHookBeforeCommit()
	}
	if err := commit(tmpName); err != nil {
		return err
	}
	committed = true
	return nil
}

// holdInterrupt makes Ctrl-C wait until the function it returns is
// called. The key commands leave Ctrl-C its default effect
// (DefaultInterrupt), which between writing a temporary file and renaming
// it into place would kill the process and leave the temporary file
// behind. The write takes milliseconds, so Ctrl-C waits for it: caught
// here, the signal is dropped and the run completes.
func holdInterrupt() (release func()) {
	held := make(chan os.Signal, 1)
	signal.Notify(held, os.Interrupt)
	return func() { signal.Stop(held) }
}

// writeTemp writes data to a new temporary file beside path, created 0600
// with O_EXCL so nobody else can open it, and returns its name. On failure
// it leaves no file behind.
func writeTemp(path string, perm os.FileMode, data []byte) (string, error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	create := os.CreateTemp
	if perm&0o077 == 0 {
		// A private key: on Windows, an owner-only access list from the
		// moment the file exists, as Windows OpenSSH wants it.
		create = keyfile.CreateTemp
	}
	tmp, err := create(dir, "."+base+".tmp*")
	if err != nil {
		return "", fmt.Errorf("cannot create %s: %w", path, unwrapPathError(err))
	}
	ok := false
	defer func() {
		if !ok {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	// CreateTemp already makes the file 0600; chmod to the wanted mode,
	// which for keys is 0600 too, before any byte is written.
	if err := tmp.Chmod(perm); err != nil && !errors.Is(err, errors.ErrUnsupported) {
		return "", fmt.Errorf("cannot set the mode of %s: %w", path, unwrapPathError(err))
	}
	if _, err := tmp.Write(data); err != nil {
		return "", fmt.Errorf("cannot write %s: %w", path, unwrapPathError(err))
	}
	if err := tmp.Sync(); err != nil {
		return "", fmt.Errorf("cannot write %s: %w", path, unwrapPathError(err))
	}
	if err := tmp.Close(); err != nil {
		return "", fmt.Errorf("cannot write %s: %w", path, unwrapPathError(err))
	}
	ok = true
	return tmp.Name(), nil
}

// testHookBeforeCommit, set only by the tests, runs when the temporary
// file is complete and not yet renamed into place.
var testHookBeforeCommit func()

func (o outputFile) commit(tmpName string) error {
	if o.Force {
		if err := os.Rename(tmpName, o.Path); err != nil {
			return fmt.Errorf("cannot write %s: %w", o.Path, unwrapPathError(err))
		}
		return nil
	}
	err := os.Link(tmpName, o.Path)
	switch {
	case err == nil:
		os.Remove(tmpName)
		return nil
	case errors.Is(err, fs.ErrExist):
		return errAlreadyExists(o.Path)
	}
	// Some file systems (FAT on a USB stick, some network shares) have no
	// hard links: fall back to a checked rename.
	if _, statErr := os.Lstat(o.Path); statErr == nil {
		return errAlreadyExists(o.Path)
	}
	if err := os.Rename(tmpName, o.Path); err != nil {
		return fmt.Errorf("cannot write %s: %w", o.Path, unwrapPathError(err))
	}
	return nil
}

// errAlreadyExists is the refusal to replace an existing output file, the
// same whether it was there before the run or appeared during it.
func errAlreadyExists(path string) error {
	return withHints(fmt.Errorf("%s already exists", path), fix.OutputExists)
}

// unwrapPathError drops os.PathError's "op path:" prefix where the message
// already names the file.
func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}
