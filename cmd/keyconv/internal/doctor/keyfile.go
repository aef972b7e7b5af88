package doctor

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"runtime"
	"strings"

	"github.com/cloudkeypair/keypair/cmd/keyconv/internal/fix"
	"github.com/cloudkeypair/keypair/internal/keyfile"
	"github.com/cloudkeypair/keypair/keyconv"
)

// Step 1: the key file exists, only its owner can read it, and it holds a
// private key that opens.

func (d *doctor) checkKeyFile() {
	path := d.opts.KeyFile
	if path == "" && d.opts.Keypair != "" {
		// The console's download is KEYPAIR.pem; look for it, then the
		// guide's PuTTY key, where the user runs the command.
		for _, ext := range keyconv.KeyFileExtensions() {
			if _, err := os.Stat(d.opts.Keypair + ext); err == nil {
				path = d.opts.Keypair + ext
				break
			}
		}
		d.opts.KeyFile = path
	}
	if path == "" {
		d.add(1, "key-file", Fail, "no key file given", fix.NoKeyFile)
		d.add(1, "key", Skip, "no key file to read", "")
		return
	}
	data, ok := d.readKeyFile(path)
	if !ok {
		d.add(1, "key", Skip, "no key file to read", "")
		return
	}
	d.keyData = data
	d.parseKey(path, data)
}

// readKeyFile reads the key file and reports the key-file check.
func (d *doctor) readKeyFile(path string) ([]byte, bool) {
	fail := func(found, fix string) ([]byte, bool) {
		d.add(1, "key-file", Fail, found, fix)
		return nil, false
	}
	data, err := keyfile.ReadFile(path)
	var tooLarge *keyfile.TooLargeError
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fail(fmt.Sprintf("%s does not exist", path), fix.KeyFileMissing)
	case errors.Is(err, fs.ErrPermission):
		return fail(fmt.Sprintf("%s cannot be read: permission denied", path), fix.KeyUnreadable(path))
	case errors.Is(err, keyfile.ErrDirectory):
		return fail(fmt.Sprintf("%s is a directory", path), fix.KeyFileIsDirectory)
	case errors.As(err, &tooLarge) && tooLarge.Size >= 0:
		return fail(fmt.Sprintf("%s is %d bytes, too large to be a private key", path, tooLarge.Size), fix.KeyFileTooLarge)
	case errors.As(err, &tooLarge):
		return fail(fmt.Sprintf("%s is too large to be a private key", path), fix.KeyFileTooLarge)
	case err != nil:
		return fail(fmt.Sprintf("%s cannot be read: %s", path, err), fix.KeyFileUnusable)
	}
	var notPrivate *keyfile.NotPrivateError
	switch err := keyfile.Check(path); {
	case errors.As(err, &notPrivate):
		// The doctor goes on to log in with the key, to say what else
		// is wrong, so it reports the rule's failure and carries on.
		d.add(1, "key-file", Fail, strings.TrimPrefix(err.Error(), "keyfile: "), fix.KeyMode(path))
	case err != nil:
		d.add(1, "key-file", Fail, fmt.Sprintf("%s: its permissions cannot be read: %s", path, err), fix.KeyMode(path))
	default:
		if runtime.GOOS == "windows" {
			// Go's mode bits say nothing of a Windows file's readers;
			// keyfile.Check read its owner and access list.
			d.addf(1, "key-file", OK, "", "%s is readable, owner and access list private", path)
		} else if info, err := os.Stat(path); err == nil {
			d.addf(1, "key-file", OK, "", "%s is readable, mode %04o", path, info.Mode().Perm())
		} else {
			d.addf(1, "key-file", OK, "", "%s is readable", path)
		}
	}
	return data, true
}

// parseKey opens the key and reports the key check.
func (d *doctor) parseKey(path string, data []byte) {
	asked := false
	key, err := keyconv.Parse(data, func() ([]byte, error) {
		asked = true
		if d.opts.Passphrase == nil {
			return nil, &keyconv.PassphraseMissingError{}
		}
		return d.opts.Passphrase()
	})
	givePassphrase := d.fixContext().Passphrase()
	var missing *keyconv.PassphraseMissingError
	switch {
	case err == nil:
	case errors.As(err, &missing):
		d.addf(1, "key", Fail, givePassphrase, "%s is encrypted and no passphrase was given", path)
		return
	case errors.Is(err, keyconv.ErrWrongPassphrase):
		d.addf(1, "key", Fail, d.fixes(err), "%s: wrong passphrase", path)
		return
	case asked && !errors.Is(err, keyconv.ErrMalformed) && !errors.Is(err, keyconv.ErrUnsupported):
		d.addf(1, "key", Fail, givePassphrase, "%s is encrypted and its passphrase could not be read: %s", path, err)
		return
	default:
		d.addf(1, "key", Fail, fix.NotAPrivateKey,
			"%s is not a private key keyconv can read: %s", path, err)
		return
	}
	pub, err := key.Public()
	if err == nil {
		d.signer, err = key.Signer()
	}
	if err != nil {
		d.addf(1, "key", Fail, fix.KeyTypeForSSH, "%s: %s", path, err)
		return
	}
	d.pub = pub
	d.keyIsPPK = key.Source.Format == keyconv.FormatPPK
	enc := "not encrypted"
	if key.Source.Encrypted {
		enc = "encrypted, passphrase accepted"
	}
	d.addf(1, "key", OK, "", "%s, %s, %s", pub.FingerprintLine(keyconv.SHA256), key.Source.Format, enc)
}
