package main

import (
	"context"
	"flag"
	"fmt"
)

var cmdFingerprint = &command{
	Name:      "fingerprint",
	UsageLine: "fingerprint [-E sha256|md5] [--old-passphrase FILE] KEYFILE...",
	Short:     "print a key's fingerprint",
	Long: `
Fingerprint prints the key's algorithm, size and fingerprint, exactly as
"puttygen -l" does, for comparing with what a server or the cloud console shows.
-E md5 prints the older colon-separated MD5 form. With several key files, one
line is printed for each, in order.`,
	Interspersed:     true,
	DefaultInterrupt: true,
	Setup:            setupFingerprint,
}

// fingerprintFlags are the flags of cmdFingerprint.
type fingerprintFlags struct {
	hashName string
	loader   keyLoader
}

func setupFingerprint(fs *flag.FlagSet) runFunc {
	f := &fingerprintFlags{}
	fs.StringVar(&f.hashName, "E", "sha256", "fingerprint `hash`: sha256 or md5")
	f.loader.register(fs)
	return f.run
}

func (f *fingerprintFlags) run(ctx context.Context, sio *stdio, args []string) error {
	if err := checkFileArgs("fingerprint", args, ""); err != nil {
		return err
	}
	hash, err := parseFingerprintHash(f.hashName)
	if err != nil {
		return usageErrorf("%v", err)
	}
	return eachFile(sio, args, func(input string) error {
		f.loader.stdin, f.loader.stderr = sio.In, sio.Err
		pub, err := loadPublicKey(&f.loader, input, false)
		if err != nil {
			return err
		}
		_, err = fmt.Fprintln(sio.Out, escape(pub.FingerprintLine(hash)))
		return err
	})
}
