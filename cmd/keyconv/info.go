package main

import (
	"context"
	"flag"
	"fmt"
	"text/tabwriter"

	"github.com/cloudkeypair/keypair/keyconv"
)

var cmdInfo = &command{
	Name:      "info",
	UsageLine: "info [--old-passphrase FILE] KEYFILE",
	Short:     "describe a key file",
	Long: `
Info describes a private key file: its format, whether it is encrypted, the
key's type, size, fingerprints and comment, and for a PPK file its version and
key-derivation parameters. An encrypted key's passphrase is asked for, since
most of this is inside the encryption. A public key file (.pub, RFC 4716, or a
PPK file holding only its public half) is described too.`,
	Interspersed:     true,
	DefaultInterrupt: true,
	Setup:            setupInfo,
}

// infoFlags are the flags of cmdInfo.
type infoFlags struct {
	loader keyLoader
}

func setupInfo(fs *flag.FlagSet) runFunc {
	f := &infoFlags{}
	f.loader.register(fs)
	return f.run
}

func (f *infoFlags) run(ctx context.Context, sio *stdio, args []string) error {
	if len(args) != 1 {
		return usageErrorf("info takes exactly one key file")
	}
	f.loader.stdin, f.loader.stderr = sio.In, sio.Err
	source, pub, err := loadKeyDescription(&f.loader, args[0])
	if err != nil {
		return err
	}
	w := tabwriter.NewWriter(sio.Out, 0, 0, 1, ' ', 0)
	row := func(name, format string, args ...any) {
		fmt.Fprintf(w, "%s:\t%s\n", name, escape(fmt.Sprintf(format, args...)))
	}
	row("file", "%s", args[0])
	row("format", "%s", source.Format)
	row("encrypted", "%s", yesNo(source.Encrypted))
	row("type", "%s", pub.Algorithm)
	row("bits", "%d", pub.Bits)
	row("fingerprint", "%s", pub.Fingerprint(keyconv.SHA256))
	row("md5", "%s", pub.Fingerprint(keyconv.MD5))
	row("comment", "%s", pub.Comment)
	if ppk := source.PPK; ppk != nil {
		row("ppk version", "%d", ppk.Version)
		row("encryption", "%s", ppk.Encryption)
		if ppk.KDF != "" {
			row("kdf", "%s (memory %d KiB, passes %d, parallelism %d, salt %d bytes)",
				ppk.KDF, ppk.Memory, ppk.Passes, ppk.Parallelism, len(ppk.Salt))
		}
	}
	return w.Flush()
}

func yesNo(b bool) string {
	return map[bool]string{true: "yes", false: "no"}[b]
}
