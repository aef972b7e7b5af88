package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/cloudkeypair/keypair/cmd/keyconv/internal/clients"
	"github.com/cloudkeypair/keypair/keyconv"
)

var cmdInfo = &command{
	Name:      "info",
	UsageLine: "info [--old-passphrase FILE] KEYFILE...",
	Short:     "describe a key file",
	Long: `
Info describes a private key file: its format, whether it is encrypted, the
key's type, size, fingerprints and comment, and for a PPK file its version and
key-derivation parameters. An encrypted key's passphrase is asked for, since
most of this is inside the encryption. A public key file (.pub, RFC 4716, or a
PPK file holding only its public half) is described too. For a PPK file it
also says which PuTTY-based clients read its version (PPK version 3 needs
PuTTY 0.75 or later; see pem2ppk --for). Several key files are described one
after another, separated by a blank line.`,
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
	if err := checkFileArgs("info", args, ""); err != nil {
		return err
	}
	first := true
	return eachFile(sio, args, func(input string) error {
		f.loader.stdin, f.loader.stderr = sio.In, sio.Err
		source, pub, err := loadKeyDescription(&f.loader, input)
		if err != nil {
			return err
		}
		if !first {
			fmt.Fprintln(sio.Out)
		}
		first = false
		return printInfo(sio.Out, input, source, pub)
	})
}

func printInfo(out io.Writer, input string, source keyconv.Source, pub *keyconv.PublicKey) error {
	w := tabwriter.NewWriter(out, 0, 0, 1, ' ', 0)
	row := func(name, format string, args ...any) {
		fmt.Fprintf(w, "%s:\t%s\n", name, escape(fmt.Sprintf(format, args...)))
	}
	row("file", "%s", input)
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
		row("read by", "%s", strings.Join(clients.Readers(ppk.Version), ", "))
	}
	return w.Flush()
}

func yesNo(b bool) string {
	return map[bool]string{true: "yes", false: "no"}[b]
}
