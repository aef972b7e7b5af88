package doctor

import (
	"errors"
	"path/filepath"

	"github.com/cloudkeypair/keypair/cmd/keyconv/internal/fix"
	"github.com/cloudkeypair/keypair/keyconv"
)

// Step 2: the key file is named after its keypair. A server accepts only
// the keypair it was created with, so a file named for another keypair is
// a failure; a browser's second download or a hidden extension is only a
// warning, since the key inside is most likely the right one.

func (d *doctor) checkKeyName() {
	switch {
	case d.opts.Keypair == "":
		d.add(2, "key-name", Skip, "no keypair name to check the file's name against ("+fix.KeypairUnknown+")", "")
		return
	case d.opts.KeyFile == "":
		d.addf(2, "key-name", Skip, "", "no key file to check against keypair %q", d.opts.Keypair)
		return
	}
	err := keyconv.CheckKeyFileName(d.opts.KeyFile, d.opts.Keypair)
	var mismatch *keyconv.NameMismatchError
	switch {
	case err == nil:
		d.addf(2, "key-name", OK, "", "%s is named after keypair %q", filepath.Base(d.opts.KeyFile), d.opts.Keypair)
	case errors.As(err, &mismatch) && mismatch.Problem == keyconv.NameDifferent:
		d.add(2, "key-name", Fail, err.Error(), fix.OtherKeypairFile(d.opts.Keypair, mismatch.Want))
	case errors.As(err, &mismatch):
		want := filepath.Join(filepath.Dir(d.opts.KeyFile), mismatch.Want)
		d.add(2, "key-name", Warn, err.Error(), fix.Rename(d.opts.KeyFile, want))
	default:
		d.add(2, "key-name", Fail, err.Error(), fix.KeypairName)
	}
}

// Step 3: the login user. Cloud images let in one user only, set by the
// image, and the doctor never guesses between them.

func (d *doctor) checkLoginUser() {
	var osUser string
	var osErr error
	if d.opts.OS != "" {
		osUser, osErr = d.opts.Users.Lookup(d.opts.OS)
	}
	tableFix := d.fixContext().LoginUser()
	switch {
	case d.opts.User == "root":
		d.add(3, "login-user", Warn, "root: cloud images refuse root logins over SSH", fix.RootLogin(osUser))
	case d.opts.User != "" && osUser != "" && osUser != d.opts.User:
		d.addf(3, "login-user", Warn, fix.UserForOS(osUser),
			"%s (from -l), but %s images let in %s only", d.opts.User, d.opts.OS, osUser)
	case d.opts.User != "":
		d.addf(3, "login-user", OK, "", "%s (from -l)", d.opts.User)
	case d.opts.OS == "":
		d.add(3, "login-user", Fail, "no OS and no user given", tableFix)
	case osErr != nil:
		d.add(3, "login-user", Fail, osErr.Error(), tableFix)
	default:
		d.opts.User = osUser
		d.addf(3, "login-user", OK, "", "%s, the login user of %s images", osUser, d.opts.OS)
	}
}
