package fleet

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/cloudkeypair/keypair/firewall"
	"github.com/cloudkeypair/keypair/keyconv"
)

// keyExtensions are looked for in this order: the console hands out
// KEYPAIR.pem, and KEYPAIR.ppk is what Windows users make of it.
var keyExtensions = []string{".pem", ".ppk"}

// KeyNotFoundError means no private key file was found for a server's
// keypair, or for a keypair given by name ([KeypairFile]).
type KeyNotFoundError struct {
	Server  string // "" for a keypair given by name
	Keypair string
	Looked  []string // the folders searched, in order
}

// Error names the server, the keypair and where the key was looked for.
func (e *KeyNotFoundError) Error() string {
	where := ""
	if e.Server != "" {
		where = fmt.Sprintf("server %q: ", e.Server)
	}
	return fmt.Sprintf("fleet: %sno private key for keypair %q: looked for %s and %s in %s",
		where, e.Keypair, e.Keypair+keyExtensions[0], e.Keypair+keyExtensions[1], strings.Join(e.Looked, ", "))
}

// keyFinder resolves servers' keys against the folders of one run.
type keyFinder struct {
	fileDir string   // the cloud file's folder, which relative paths in it are read from
	dirs    []string // where KEYPAIR.pem and .ppk are looked for
}

func newKeyFinder(cfg *firewall.Config, opts KeyOptions) *keyFinder {
	work := opts.WorkDir
	if work == "" {
		work = "."
	}
	k := &keyFinder{fileDir: work}
	if cfg.File != "" {
		k.fileDir = filepath.Join(work, filepath.Dir(cfg.File))
		if filepath.IsAbs(cfg.File) {
			k.fileDir = filepath.Dir(cfg.File)
		}
	}
	switch {
	case opts.Dir != "":
		k.dirs = []string{opts.Dir}
	case cfg.KeyDir != "":
		k.dirs = []string{k.inFileDir(cfg.KeyDir)}
	default:
		k.dirs = []string{k.fileDir}
		if filepath.Clean(work) != filepath.Clean(k.fileDir) {
			k.dirs = append(k.dirs, work)
		}
	}
	return k
}

// inFileDir reads a path the cloud file gives as relative to its folder.
func (k *keyFinder) inFileDir(path string) string {
	if filepath.IsAbs(path) {
		return path
	}
	return filepath.Join(k.fileDir, path)
}

// find returns the key file for s: its key, or its keypair's file.
func (k *keyFinder) find(s *firewall.Server) (string, error) {
	if s.Key != "" {
		path := k.inFileDir(s.Key)
		if _, err := os.Stat(path); err != nil {
			return "", fmt.Errorf("fleet: server %q: key %s: %w", s.Name, path, err)
		}
		return path, nil
	}
	if s.Keypair == "" {
		return "", fmt.Errorf("fleet: server %q has neither a keypair nor a key in the cloud file", s.Name)
	}
	return k.findKeypair(s.Name, s.Keypair)
}

// findKeypair returns keypair's key file, for server (which errors name;
// "" when the keypair is named for no server).
func (k *keyFinder) findKeypair(server, keypair string) (string, error) {
	where := "fleet: "
	if server != "" {
		where = fmt.Sprintf("fleet: server %q: ", server)
	}
	if err := keyconv.ValidateKeypairName(keypair); err != nil {
		return "", fmt.Errorf("%s%w", where, err)
	}
	for _, dir := range k.dirs {
		for _, ext := range keyExtensions {
			path := filepath.Join(dir, keypair+ext)
			info, err := os.Stat(path)
			if err == nil && !info.IsDir() {
				return path, nil
			}
			if err != nil && !errors.Is(err, fs.ErrNotExist) {
				return "", fmt.Errorf("%s%w", where, err)
			}
		}
	}
	return "", &KeyNotFoundError{Server: server, Keypair: keypair, Looked: k.dirs}
}

// KeypairFile returns the private key file of the keypair named keypair,
// looked for as a server's keypair is (see the package doc), for commands
// that take a keypair by name, such as the new key of a rotation.
func KeypairFile(cfg *firewall.Config, keypair string, opts KeyOptions) (string, error) {
	return newKeyFinder(cfg, opts).findKeypair("", keypair)
}

// ServerKeyFile returns the private key file the cloud file gives s (its
// key:, or its keypair's file, looked for as the package doc says),
// without opts's KeyFile, which overrides it only for a run's logins: for
// commands that ask which servers hold a key, such as rotate's reminder.
func ServerKeyFile(cfg *firewall.Config, s *firewall.Server, opts KeyOptions) (string, error) {
	return newKeyFinder(cfg, opts).find(s)
}
