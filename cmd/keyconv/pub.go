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
	UsageLine: "pub [-f openssh|rfc4716] [-C COMMENT] [-o FILE] [--force] [--old-passphrase FILE] KEYFILE",
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
add text of the key file's choosing to authorized_keys.`,
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
	if len(args) != 1 {
		return usageErrorf("pub takes exactly one key file")
	}
	if f.format != "openssh" && f.format != "rfc4716" {
		return usageErrorf("unknown format %q (want openssh or rfc4716)", f.format)
	}
	f.loader.stdin, f.loader.stderr = sio.In, sio.Err
	pub, err := loadPublicKey(&f.loader, args[0], !f.commentSet)
	if err != nil {
		return err
	}
	// Checked once the input is known good: a bad input is the more
	// useful news.
	output := outputFile{Path: f.out, Force: f.force, Perm: 0o644, Input: args[0]}
	if err := output.check(); err != nil {
		return err
	}
	if f.commentSet {
		pub.Comment = f.comment
	}
	text, err := pub.AuthorizedKey()
	if f.format == "rfc4716" {
		text, err = pub.RFC4716()
	}
	if err != nil {
		return explainCommentError(args[0], err)
	}
	return output.write(sio.Out, []byte(text))
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
	_, err = keyconv.Parse(data, nil)
	if errors.Is(err, keyconv.ErrPublicKeyOnly) {
		pub, _, err := parsePublicKeyFile(path, data)
		return pub, err
	}
	var missing *keyconv.PassphraseMissingError
	if errors.As(err, &missing) && missing.PublicKey != nil &&
		(!needComment || keyconv.DetectFormat(data) == keyconv.FormatPPK) {
		return missing.PublicKey, nil
	}
	key, err := loader.parse(path, data)
	if err != nil {
		return nil, err
	}
	pub, err := key.Public()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return pub, nil
}
