package main

import (
	"context"
	"flag"

	"github.com/cloudkeypair/keypair/keyconv"
)

var cmdPpk2pem = &command{
	Name:      "ppk2pem",
	UsageLine: "ppk2pem [-o FILE] [--format pem|openssh] [-C COMMENT] [--old-passphrase FILE] [--new-passphrase FILE] [--force] KEYFILE...",
	Short:     "convert a private key to PEM or OpenSSH format",
	Long: `
Ppk2pem converts a private key (a PPK file, or any format keyconv reads) for
OpenSSH's ssh -i, as "puttygen -O private-openssh" does: --format pem (the
default) writes RSA as PKCS#1, DSA as OpenSSL's DSA PEM, ECDSA as SEC1 and
Ed25519 in OpenSSH's format; --format openssh writes OpenSSH's format for
every type.

The output goes beside KEYFILE under its name with .pem, with mode 0600; -o -
writes it to standard output. An existing file is never replaced without
--force. An encrypted key stays encrypted under the same passphrase unless
--new-passphrase gives another (an empty file removes the encryption).

With several key files, each is converted beside itself; one failure stops
none of the others, and the exit status is 1 if any failed.`,
	Interspersed:     true,
	DefaultInterrupt: true,
	Setup:            setupPpk2pem,
}

// ppk2pemFlags are the flags of cmdPpk2pem.
type ppk2pemFlags struct {
	conv   conversion
	format string
}

func setupPpk2pem(fs *flag.FlagSet) runFunc {
	f := &ppk2pemFlags{}
	f.conv.register(fs, ".pem")
	fs.StringVar(&f.format, "format", string(keyconv.PEMTraditional), "output `format`: pem or openssh")
	return f.run
}

func (f *ppk2pemFlags) run(ctx context.Context, sio *stdio, args []string) error {
	if err := checkFileArgs("ppk2pem", args, f.conv.out); err != nil {
		return err
	}
	pemFormat := keyconv.PEMFormat(f.format)
	if pemFormat != keyconv.PEMTraditional && pemFormat != keyconv.PEMOpenSSH {
		return usageErrorf("unknown format %q (want pem or openssh)", f.format)
	}
	return eachFile(sio, args, func(input string) error {
		return f.conv.run(sio, input, f.conv.outputFor(input, ".pem"), func(key *keyconv.Key, passphrase []byte) ([]byte, error) {
			return keyconv.MarshalPrivateKey(key, keyconv.PEMOptions{Format: pemFormat, Passphrase: passphrase})
		})
	})
}
