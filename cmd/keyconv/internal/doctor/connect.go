package doctor

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/cloudkeypair/keypair/cmd/keyconv/internal/fix"
	"github.com/cloudkeypair/keypair/keyconv"
)

// Step 9: how to connect, once the host, the user and the key file are
// known. OpenSSH takes the PEM file; PuTTY takes a .ppk, which the guide
// saves under the keypair's name beside the PEM.

func (d *doctor) connect() *Connect {
	if d.opts.Host == "" || d.opts.User == "" || d.opts.KeyFile == "" {
		return nil
	}
	files := d.keyFiles()
	c := &Connect{PuTTY: PuTTY{HostName: d.opts.Host, Port: d.opts.Port, User: d.opts.User}}
	if !exists(files.other()) {
		c.Convert = files.convert(false)
	}
	c.PuTTY.PrivateKeyFile = files.ppk
	c.PuTTY.KeyFileExists = exists(files.ppk)
	c.OpenSSH = d.sshCommand(files.pem)
	return c
}

// keyFiles are the keypair's two key files, as the guide has them: the
// PEM OpenSSH takes and the PPK PuTTY takes, side by side, one of them
// the key file checked.
type keyFiles struct {
	pem, ppk string
	isPPK    bool   // the key file checked is ppk, not pem
	keypair  string // pem2ppk's --keypair, when the .ppk is named for it rather than for the file
}

func (d *doctor) keyFiles() keyFiles {
	key := d.opts.KeyFile
	dir, base := filepath.Dir(key), filepath.Base(key)
	name := strings.TrimSuffix(base, filepath.Ext(base))
	f := keyFiles{isPPK: d.keyIsPPK}
	if d.opts.Keypair != "" && d.opts.Keypair != name && !d.namedForAnotherKeypair() {
		name, f.keypair = d.opts.Keypair, d.opts.Keypair
	}
	f.pem, f.ppk = key, filepath.Join(dir, name+".ppk")
	if f.isPPK {
		f.pem, f.ppk = filepath.Join(dir, name+".pem"), key
	}
	return f
}

// other is the file made from the one checked.
func (f keyFiles) other() string {
	if f.isPPK {
		return f.pem
	}
	return f.ppk
}

// convert is the command that makes other from the file checked.
func (f keyFiles) convert(force bool) string {
	if f.isPPK {
		return fix.PPK2PEM(f.ppk, f.pem, force)
	}
	return fix.PEM2PPK(f.pem, f.keypair, force)
}

// sshCommand is the OpenSSH command line that logs in as the doctor did.
func (d *doctor) sshCommand(pem string) string {
	args := []string{"ssh", "-i", fix.Quote(pem)}
	if d.opts.Port != 22 {
		args = append(args, "-p", strconv.Itoa(d.opts.Port))
	}
	if len(d.opts.KnownHostsFiles) > 0 {
		args = append(args, "-o", fix.Quote("UserKnownHostsFile="+d.opts.KnownHostsFiles[0]))
	}
	return strings.Join(append(args, fix.Quote(d.opts.User+"@"+d.opts.Host)), " ")
}

// namedForAnotherKeypair reports whether the key file's name is another
// keypair's, which pem2ppk --keypair refuses.
func (d *doctor) namedForAnotherKeypair() bool {
	var mismatch *keyconv.NameMismatchError
	return errors.As(keyconv.CheckKeyFileName(d.opts.KeyFile, d.opts.Keypair), &mismatch) && mismatch.Problem == keyconv.NameDifferent
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}
