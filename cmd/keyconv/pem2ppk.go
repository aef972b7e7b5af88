package main

import (
	"context"
	"errors"
	"flag"
	"path/filepath"

	"github.com/cloudkeypair/keypair/cmd/keyconv/internal/fix"
	"github.com/cloudkeypair/keypair/keyconv"
)

var cmdPem2ppk = &command{
	Name:      "pem2ppk",
	UsageLine: "pem2ppk [-o FILE] [-C COMMENT] [--ppk-param K=V,...] [--old-passphrase FILE] [--new-passphrase FILE] [--keypair NAME] [--force] KEYFILE",
	Short:     "convert a private key to PuTTY's PPK format",
	Long: `
Pem2ppk converts a private key to PuTTY's .ppk format, byte for byte as
puttygen 0.78 does, for logging in with PuTTY on Windows. KEYFILE may be any
format keyconv reads: the cloud console's PEM download, PKCS#8, OpenSSH,
ssh.com, or a PPK file (to rewrite a version 3 key as version 2 for PuTTY 0.74 and older:
--ppk-param version=2).

The output goes beside KEYFILE under its name with .ppk (cafe24.pem becomes
cafe24.ppk), with mode 0600; -o - writes it to standard output. An existing
file is never replaced without --force.

--keypair NAME checks KEYFILE's name against the keypair it belongs to and
names the output NAME.ppk, as the console's guide asks.

An encrypted key stays encrypted under the same passphrase unless
--new-passphrase gives another (an empty file removes the encryption).
--ppk-param takes puttygen's settings: version=2|3, kdf=argon2id|argon2i|
argon2d, memory=KiB, time=MS or passes=N, parallelism=N.`,
	Interspersed:     true,
	DefaultInterrupt: true,
	Setup:            setupPem2ppk,
}

// pem2ppkFlags are the flags of cmdPem2ppk.
type pem2ppkFlags struct {
	conv      conversion
	ppkParams []string // each --ppk-param, applied in turn as puttygen does
	keypair   string
}

func setupPem2ppk(fs *flag.FlagSet) runFunc {
	f := &pem2ppkFlags{}
	f.conv.register(fs, ".ppk")
	fs.Func("ppk-param", "PPK settings as puttygen takes them: `K=V,...` (may be repeated)", func(s string) error {
		f.ppkParams = append(f.ppkParams, s)
		return nil
	})
	fs.StringVar(&f.keypair, "keypair", "", "the keypair `NAME` the key belongs to: check the file's name and write NAME.ppk")
	return f.run
}

func (f *pem2ppkFlags) run(ctx context.Context, sio *stdio, args []string) error {
	if len(args) != 1 {
		return usageErrorf("pem2ppk takes exactly one key file")
	}
	input := args[0]
	var opts keyconv.PPKOptions
	for _, p := range f.ppkParams {
		if err := parsePPKParam(p, &opts); err != nil {
			return usageErrorf("--ppk-param: %v", err)
		}
	}
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
