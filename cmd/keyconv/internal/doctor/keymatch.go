package doctor

import (
	"bytes"
	"errors"
	"fmt"
	"os"

	"github.com/cloudkeypair/keypair/cmd/keyconv/internal/fix"
	"github.com/cloudkeypair/keypair/internal/keyfile"
	"github.com/cloudkeypair/keypair/keyconv"
)

// Step 2, continued: the keypair's two key files hold one key. The guide
// keeps KEYPAIR.pem for OpenSSH and makes KEYPAIR.ppk from it for PuTTY;
// a .ppk left from another keypair, or from before the keypair was made
// again, has PuTTY offer a key the server refuses ("Server refused our
// key") while the login checked here, with the .pem, works. Both public
// halves are read without a passphrase: a PPK, and OpenSSH's format, keep
// theirs in the clear.

// errPublicKeyEncrypted is why a key file's public half cannot be read
// without its passphrase (an encrypted PKCS#8 or legacy PEM file).
var errPublicKeyEncrypted = errors.New("it is encrypted, public half included")

// checkKeyMatch compares the key checked with the keypair's other key
// file, when that exists; it adds no line when it does not, since the
// connect section then says how to make it.
func (d *doctor) checkKeyMatch() {
	if d.pub == nil {
		return
	}
	files := d.keyFiles()
	other := files.other()
	if !exists(other) {
		return
	}
	checked := d.opts.KeyFile
	remake := fix.StaleKeyFile(other, files.convert(true))
	pub, err := publicKeyIn(other)
	switch {
	case errors.Is(err, errPublicKeyEncrypted):
		d.addf(2, "key-match", Skip, "", "%s was not compared with %s: %v", other, checked, err)
	case err != nil:
		d.addf(2, "key-match", Fail, remake, "%s holds no key to compare with %s: %v", other, checked, err)
	case !bytes.Equal(pub.Blob, d.pub.Blob):
		d.addf(2, "key-match", Fail, remake, "%s holds another key than %s (%s, not %s): %s would offer a key the server refuses",
			other, checked, fingerprint(pub), fingerprint(d.pub), clientOf(files))
	default:
		d.addf(2, "key-match", OK, "", "%s holds the same key as %s", other, checked)
	}
}

func fingerprint(pub *keyconv.PublicKey) string {
	return pub.Algorithm + " " + pub.Fingerprint(keyconv.SHA256)
}

// clientOf names the client that takes the other key file.
func clientOf(f keyFiles) string {
	if f.isPPK {
		return "ssh"
	}
	return "PuTTY"
}

// publicKeyIn reads the public half of the key file at path without a
// passphrase.
func publicKeyIn(path string) (*keyconv.PublicKey, error) {
	// A FIFO or a device would block or never end.
	if info, err := os.Stat(path); err != nil || !info.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file", path)
	}
	data, err := keyfile.ReadFile(path)
	if err != nil {
		return nil, err
	}
	key, err := keyconv.Parse(data, nil)
	var missing *keyconv.PassphraseMissingError
	switch {
	case errors.As(err, &missing) && missing.PublicKey != nil:
		return missing.PublicKey, nil
	case errors.As(err, &missing):
		return nil, errPublicKeyEncrypted
	case err != nil:
		return nil, err
	}
	return key.Public()
}
