package main

import (
	"context"
	"errors"
	"flag"
	"fmt"

	"github.com/cloudkeypair/keypair/keyconv"
)

var cmdPub = &command{
	Name:      "pub",
	UsageLine: "pub [-f openssh|rfc4716] [-C COMMENT] [-o FILE] [--force] [--old-passphrase FILE] KEYFILE...",
	Short:     "print a key's public half",
	Long: `
Pub prints the public half of a private key, as "puttygen -L" (-f openssh, the
default: one authorized_keys line) or "puttygen -p" (-f rfc4716) prints it.

The public half of a PPK file is stored in the clear, so an encrypted PPK needs
no passphrase; other encrypted formats do. KEYFILE may also be a public key
file: a .pub line, an RFC 4716 block or a PPK file holding only its public
half.

-C prints the key with another comment. A key whose own comment holds a line
break or another control character is printed only with -C: its line would
add text of the key file's choosing to authorized_keys. With several key
files, their public keys are printed one after another, in order.`,
	Interspersed:     true,
	DefaultInterrupt: true,
	Setup:            setupPub,
}

// pubFlags are the flags of cmdPub.
type pubFlags struct {
	format     string
	out        string
	force      bool
	comment    string
	commentSet bool
	loader     keyLoader
}

func setupPub(fs *flag.FlagSet) runFunc {
	f := &pubFlags{}
	fs.StringVar(&f.format, "f", "openssh", "output `format`: openssh or rfc4716")
	fs.StringVar(&f.out, "o", "-", "write to `FILE` instead of standard output")
	fs.BoolVar(&f.force, "force", false, "replace an existing output file")
	fs.Func("C", "print the key with this `comment` instead of its own", func(s string) error {
		f.comment, f.commentSet = s, true
		return nil
	})
	f.loader.register(fs)
	return f.run
}

func (f *pubFlags) run(ctx context.Context, sio *stdio, args []string) error {
	out := f.out
	if out == "-" {
		out = ""
	}
	if err := checkFileArgs("pub", args, out); err != nil {
		return err
	}
	if f.format != "openssh" && f.format != "rfc4716" {
		return usageErrorf("unknown format %q (want openssh or rfc4716)", f.format)
	}
	return eachFile(sio, args, func(input string) error {
		f.loader.stdin, f.loader.stderr = sio.In, sio.Err
		pub, err := loadPublicKey(&f.loader, input, !f.commentSet)
		if err != nil {
			return err
		}
		// Checked once the input is known good: a bad input is the
		// more useful news.
		output := outputFile{Path: f.out, Force: f.force, Perm: 0o644, Input: input}
		if err := output.check(); err != nil {
			return err
		}
		if f.commentSet {
			pub.Comment = f.comment
		}
		text, err := publicText(pub, f.format)
		if err != nil {
			return explainCommentError(input, err)
		}
		return output.write(sio.Out, []byte(text))
	})
}

// publicText is a public key as pub -f (or puttygen -L and -p) prints it:
// format "openssh" is one authorized_keys line, "rfc4716" the multi-line
// SSH2 public key. A comment no line may carry is an error.
func publicText(pub *keyconv.PublicKey, format string) (string, error) {
	if format == "rfc4716" {
		return pub.RFC4716()
	}
	return pub.AuthorizedKey()
}

// loadPublicKey returns a key file's public half. A PPK file keeps it (and
// the comment) in the clear, and an OpenSSH file keeps the key but not the
// comment, so the passphrase is asked for only when what is needed is
// encrypted. A public key file gives its key as it is.
func loadPublicKey(loader *keyLoader, path string, needComment bool) (*keyconv.PublicKey, error) {
	data, err := readKeyFile(path, loader.stdin)
	if err != nil {
		return nil, err
	}
	// An unencrypted key is parsed once, here: parsing checks the whole
	// private key (for RSA, a modular check that is most of the work), and
	// these commands must start as fast as puttygen (issue 13).
	key, err := keyconv.Parse(data, nil)
	if errors.Is(err, keyconv.ErrPublicKeyOnly) {
		pub, _, err := parsePublicKeyFile(path, data)
		return pub, err
	}
	var missing *keyconv.PassphraseMissingError
	switch {
	case err == nil:
	case !errors.As(err, &missing):
		return nil, explainKeyError(path, err, loader.passphraseFlag)
	case missing.PublicKey != nil && (!needComment || keyconv.DetectFormat(data) == keyconv.FormatPPK):
		return missing.PublicKey, nil
	default:
		loaded, err := loader.parse(path, data)
		if err != nil {
			return nil, err
		}
		key = loaded.Key
	}
	pub, err := key.Public()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return pub, nil
}
