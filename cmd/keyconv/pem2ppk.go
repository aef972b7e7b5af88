package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"path/filepath"

	"github.com/cloudkeypair/keypair/cmd/keyconv/internal/clients"
	"github.com/cloudkeypair/keypair/cmd/keyconv/internal/fix"
	"github.com/cloudkeypair/keypair/keyconv"
)

var cmdPem2ppk = &command{
	Name:      "pem2ppk",
	UsageLine: "pem2ppk [-o FILE] [-O TYPE | -l | -L | -p] [-P [--backup] | --reencrypt] [-q] [-C COMMENT] [-E HASH] [--for CLIENT[@VERSION]] [--ppk-param K=V,...] [--old-passphrase FILE] [--new-passphrase FILE] [--keypair NAME] [--force] KEYFILE...",
	Short:     "convert a private key to PuTTY's PPK format",
	Long: `
Pem2ppk converts a private key to PuTTY's .ppk format, byte for byte as
puttygen 0.78 does, for logging in with PuTTY on Windows. KEYFILE may be any
format keyconv reads: the cloud console's PEM download, PKCS#8, OpenSSH,
ssh.com, or a PPK file (to rewrite a version 3 key as version 2 for PuTTY 0.74 and older:
--ppk-param version=2, or --for putty@0.74).

The output goes beside KEYFILE under its name with .ppk (cafe24.pem becomes
cafe24.ppk), with mode 0600; -o - writes it to standard output. An existing
file is never replaced without --force. With several key files, each is
converted beside itself; one failure stops none of the others, and the exit
status is 1 if any failed.

--keypair NAME checks KEYFILE's name against the keypair it belongs to and
names the output NAME.ppk, as the console's guide asks.

An encrypted key stays encrypted under the same passphrase unless
--new-passphrase gives another (an empty file removes the encryption).
--ppk-param takes puttygen's settings: version=2|3, kdf=argon2id|argon2i|
argon2d, memory=KiB, time=MS or passes=N, parallelism=N. --for CLIENT or
CLIENT@VERSION (putty, winscp, mremoteng) picks the newest PPK version that
client reads: version 2 for PuTTY before 0.75, WinSCP before 5.18.5 and
mRemoteNG before 1.77.3 (whose bundled PuTTY is 0.71).

puttygen's habits work too, and "keyconv KEYFILE ..." is "keyconv pem2ppk
KEYFILE ...", as "puttygen KEYFILE ..." is typed. -O chooses the output as
puttygen's -O does: private (PPK, the default), private-openssh (PEM, or
OpenSSH's format for Ed25519, beside KEYFILE with .pem), private-openssh-new
(OpenSSH's format), public (RFC 4716), public-openssh (one authorized_keys
line) or fingerprint (with -E sha256|md5); the last three go to standard
output unless -o says otherwise. -l, -L and -p are -O fingerprint,
public-openssh and public.

-P changes the key's passphrase, read from --new-passphrase FILE or asked
for twice on the terminal. Without -o it rewrites KEYFILE in place, in its
own format (a PPK keeps its version): the one case where keyconv writes
over its input. The new file is written beside the key, private from
creation, read back with the new passphrase, and only then renamed over the
key, so a failure leaves the key as it was; --backup keeps the old file as
KEYFILE.bak (never over an existing one), and without it no copy under the
old passphrase is left. --reencrypt does the same with the key's own
passphrase, for new --ppk-param settings.`,
	Interspersed:     true,
	DefaultInterrupt: true,
	Setup:            setupPem2ppk,
}

// pem2ppkFlags are the flags of cmdPem2ppk.
type pem2ppkFlags struct {
	conv      conversion
	ppkParams []string // each --ppk-param, applied in turn as puttygen does
	keypair   string
	forClient string
	output    string // -O, or the -l, -L, -p that stand for it
	hashName  string
	change    bool // -P
	reencrypt bool
	backup    bool
}

func setupPem2ppk(fs *flag.FlagSet) runFunc {
	f := &pem2ppkFlags{}
	f.conv.register(fs, ".ppk")
	fs.Func("ppk-param", "PPK settings as puttygen takes them: `K=V,...` (may be repeated)", func(s string) error {
		f.ppkParams = append(f.ppkParams, s)
		return nil
	})
	fs.StringVar(&f.keypair, "keypair", "", "the keypair `NAME` the key belongs to: check the file's name and write NAME.ppk")
	fs.StringVar(&f.forClient, "for", "", "write the newest PPK version `CLIENT[@VERSION]` reads (putty, winscp, mremoteng)")
	setOutput := func(t string) error {
		if f.output != "" && f.output != t {
			return fmt.Errorf("two output types, %s and %s: choose one", f.output, t)
		}
		f.output = t
		return nil
	}
	fs.Func("O", "output `TYPE`, as puttygen's -O: private, private-openssh, private-openssh-new, public, public-openssh or fingerprint", setOutput)
	fs.BoolFunc("l", "same as -O fingerprint", func(string) error { return setOutput(outFingerprint) })
	fs.BoolFunc("L", "same as -O public-openssh", func(string) error { return setOutput(outPublicOpenSSH) })
	fs.BoolFunc("p", "same as -O public", func(string) error { return setOutput(outPublic) })
	fs.StringVar(&f.hashName, "E", "sha256", "fingerprint `hash` for -O fingerprint: sha256 or md5")
	fs.BoolVar(&f.change, "P", false, "change the passphrase (in place unless -o is given)")
	fs.BoolVar(&f.reencrypt, "reencrypt", false, "encrypt again under the same passphrase (in place unless -o is given), for new --ppk-param settings")
	fs.BoolVar(&f.backup, "backup", false, "with -P or --reencrypt in place, keep the old file as KEYFILE.bak")
	fs.Bool("q", false, "accepted for puttygen's sake: keyconv shows no progress bar")
	return f.run
}

// The output types of puttygen's -O that keyconv writes.
const (
	outPrivate           = "private"
	outPrivateOpenSSH    = "private-openssh"
	outPrivateOpenSSHNew = "private-openssh-new"
	outPublic            = "public"
	outPublicOpenSSH     = "public-openssh"
	outFingerprint       = "fingerprint"
)

func (f *pem2ppkFlags) run(ctx context.Context, sio *stdio, args []string) error {
	var opts keyconv.PPKOptions
	for _, p := range f.ppkParams {
		if err := parsePPKParam(p, &opts); err != nil {
			return usageErrorf("--ppk-param: %v", err)
		}
	}
	if f.forClient != "" {
		target, err := clients.ParseTarget(f.forClient)
		if err != nil {
			return usageErrorf("--for: %v", err)
		}
		v := target.PPKVersion()
		if opts.Version != 0 && opts.Version != v {
			return usageErrorf("--for %s needs PPK version %d, and --ppk-param asks for version %d", f.forClient, v, opts.Version)
		}
		opts.Version = v
	}
	output := f.output
	switch output {
	case "":
		output = outPrivate
	case outPrivate, outPrivateOpenSSH, outPrivateOpenSSHNew, outPublic, outPublicOpenSSH, outFingerprint:
	default:
		return withHints(usageErrorf("-O %s: keyconv does not write this output type", output), fix.PuttygenOutput(output))
	}
	if err := f.checkPassphraseChange(output); err != nil {
		return err
	}
	if err := checkFileArgs("pem2ppk", args, f.conv.out); err != nil {
		return err
	}
	if f.keypair != "" && len(args) > 1 {
		return usageErrorf("--keypair names the key of one keypair, and pem2ppk was given %d key files", len(args))
	}
	hash, err := parseFingerprintHash(f.hashName)
	if err != nil {
		return usageErrorf("%v", err)
	}
	if f.change {
		p, err := newPassphrase(f.conv.newPassFile, sio.Err)
		if err != nil {
			return err
		}
		f.conv.newPass = &p
	}
	if (f.change || f.reencrypt) && f.conv.out == "" {
		return eachFile(sio, args, func(input string) error {
			return rewriteInPlace(sio, &f.conv, input, opts, f.backup)
		})
	}
	return eachFile(sio, args, func(input string) error {
		switch output {
		case outPrivate:
			return f.convert(sio, input, opts)
		case outPrivateOpenSSH, outPrivateOpenSSHNew:
			format := keyconv.PEMTraditional
			if output == outPrivateOpenSSHNew {
				format = keyconv.PEMOpenSSH
			}
			return f.conv.run(sio, input, f.conv.outputFor(input, ".pem"), func(key *keyconv.Key, passphrase []byte) ([]byte, error) {
				return keyconv.MarshalPrivateKey(key, keyconv.PEMOptions{Format: format, Passphrase: passphrase})
			})
		}
		return f.public(sio, input, output, hash)
	})
}

// checkPassphraseChange refuses the combinations of -P, --reencrypt and
// --backup that cannot mean anything, before any key is read.
func (f *pem2ppkFlags) checkPassphraseChange(output string) error {
	inPlace := (f.change || f.reencrypt) && f.conv.out == ""
	switch {
	case f.change && f.reencrypt:
		return usageErrorf("-P changes the passphrase and --reencrypt keeps it: choose one")
	case (f.change || f.reencrypt) && (output == outPublic || output == outPublicOpenSSH || output == outFingerprint):
		return usageErrorf("-O %s writes no private key, so it has no passphrase to change", output)
	case inPlace && f.output != "":
		return usageErrorf("without -o, -P and --reencrypt rewrite the key in its own format: give -o to write -O %s", f.output)
	case inPlace && f.keypair != "":
		return usageErrorf("--keypair names a new file, and -P without -o rewrites the key in place: give -o or leave out --keypair")
	case f.backup && !inPlace:
		return usageErrorf("--backup is for -P or --reencrypt without -o, which rewrite the key in place")
	case f.reencrypt && f.conv.newPassFile != "":
		return usageErrorf("--reencrypt keeps the passphrase: use -P to give a new one")
	}
	return nil
}

// convert writes input as a PPK file.
func (f *pem2ppkFlags) convert(sio *stdio, input string, opts keyconv.PPKOptions) error {
	output := f.conv.outputFor(input, ".ppk")
	if f.keypair != "" {
		if err := checkKeypairName(sio, input, f.keypair); err != nil {
			return err
		}
		if f.conv.out == "" {
			output.Path = filepath.Join(filepath.Dir(input), f.keypair+".ppk")
		}
	}
	return f.conv.run(sio, input, output, func(key *keyconv.Key, passphrase []byte) ([]byte, error) {
		opts.Passphrase = passphrase
		return keyconv.MarshalPPK(key, opts)
	})
}

// public writes input's public key or fingerprint, as puttygen -O public,
// public-openssh and fingerprint do: to standard output unless -o names a
// file, with -C's comment when given.
func (f *pem2ppkFlags) public(sio *stdio, input, output string, hash keyconv.FingerprintHash) error {
	out := outputFile{Path: f.conv.out, Force: f.conv.force, Perm: 0o644, Input: input}
	if out.Path == "" {
		out.Path = "-"
	}
	if err := out.check(); err != nil {
		return err
	}
	f.conv.loader.stdin, f.conv.loader.stderr = sio.In, sio.Err
	pub, err := loadPublicKey(&f.conv.loader, input, output != outFingerprint)
	if err != nil {
		return err
	}
	if f.conv.commentSet {
		pub.Comment = f.conv.comment
	}
	var text string
	switch output {
	case outPublic:
		text, err = publicText(pub, "rfc4716")
	case outPublicOpenSSH:
		text, err = publicText(pub, "openssh")
	default:
		text = escape(pub.FingerprintLine(hash)) + "\n"
	}
	if err != nil {
		return explainCommentError(input, err)
	}
	return out.write(sio.Out, []byte(text))
}

// checkKeypairName checks the input's name against the keypair it is meant
// to be. A file that looks like another keypair's is refused: converting it
// under this keypair's name would hide the mistake the check exists for.
// The other mismatches (a duplicate download, a hidden extension, case or
// spaces) name the same keypair, so a warning suffices and the output gets
// the right name.
func checkKeypairName(sio *stdio, input, keypair string) error {
	if err := keyconv.ValidateKeypairName(keypair); err != nil {
		return usageErrorf("--keypair: %v", err)
	}
	warnConsoleKeypairName(sio, keypair)
	err := keyconv.CheckKeyFileName(input, keypair)
	var mismatch *keyconv.NameMismatchError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &mismatch) && mismatch.Problem != keyconv.NameDifferent:
		warningf(sio.Err, "%v", err)
		return nil
	}
	return withHints(err, fix.KeypairFlag(keypair))
}
