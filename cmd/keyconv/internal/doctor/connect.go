package doctor

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/cloudkeypair/keypair/internal/shellquote"
	"github.com/cloudkeypair/keypair/keyconv"
)

// Step 9: how to connect, once the host, the user and the key file are
// known. OpenSSH takes the PEM file; PuTTY takes a .ppk, which the guide
// saves under the keypair's name beside the PEM.

func (d *doctor) connect() *Connect {
	if d.opts.Host == "" || d.opts.User == "" || d.opts.KeyFile == "" {
		return nil
	}
	key := d.opts.KeyFile
	dir, base := filepath.Dir(key), filepath.Base(key)
	name := strings.TrimSuffix(base, filepath.Ext(base))
	keypairFlag := ""
	if d.opts.Keypair != "" && d.opts.Keypair != name && !d.namedForAnotherKeypair() {
		name, keypairFlag = d.opts.Keypair, "--keypair "+shellquote.IfNeeded(d.opts.Keypair)+" "
	}
	c := &Connect{PuTTY: PuTTY{HostName: d.opts.Host, Port: d.opts.Port, User: d.opts.User}}
	pem, ppk := key, filepath.Join(dir, name+".ppk")
	if d.keyIsPPK {
		pem, ppk = filepath.Join(dir, name+".pem"), key
		if !exists(pem) {
			c.Convert = fmt.Sprintf("keyconv ppk2pem %s -o %s", shellquote.IfNeeded(key), shellquote.IfNeeded(pem))
		}
	} else if !exists(ppk) {
		c.Convert = fmt.Sprintf("keyconv pem2ppk %s%s", keypairFlag, shellquote.IfNeeded(key))
	}
	c.PuTTY.PrivateKeyFile = ppk
	c.PuTTY.KeyFileExists = exists(ppk)
	c.OpenSSH = d.sshCommand(pem)
	return c
}

// sshCommand is the OpenSSH command line that logs in as the doctor did.
func (d *doctor) sshCommand(pem string) string {
	args := []string{"ssh", "-i", shellquote.IfNeeded(pem)}
	if d.opts.Port != 22 {
		args = append(args, "-p", strconv.Itoa(d.opts.Port))
	}
	if len(d.opts.KnownHostsFiles) > 0 {
		args = append(args, "-o", shellquote.IfNeeded("UserKnownHostsFile="+d.opts.KnownHostsFiles[0]))
	}
	return strings.Join(append(args, shellquote.IfNeeded(d.opts.User+"@"+d.opts.Host)), " ")
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
