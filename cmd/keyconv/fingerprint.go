package main

import (
	"context"
	"flag"
	"fmt"

	"github.com/cloudkeypair/keypair/keyconv"
)

func init() {
	register(&command{
		Name:      "fingerprint",
		UsageLine: "fingerprint [-E sha256|md5] [--old-passphrase FILE] KEYFILE",
		Short:     "print a key's fingerprint",
		Long: `
Fingerprint prints the key's algorithm, size and fingerprint, exactly as
"puttygen -l" does, for comparing with what a server or the cloud console shows.
-E md5 prints the older colon-separated MD5 form.`,
		Interspersed:     true,
		DefaultInterrupt: true,
		Setup: func(fs *flag.FlagSet) func(context.Context, *stdio, []string) error {
			hashName := fs.String("E", "sha256", "fingerprint `hash`: sha256 or md5")
			var loader keyLoader
			loader.register(fs)
			return func(ctx context.Context, sio *stdio, args []string) error {
				if len(args) != 1 {
					return usageErrorf("fingerprint takes exactly one key file")
				}
				hash, err := keyconv.ParseFingerprintHash(*hashName)
				if err != nil {
					return usageErrorf("%v", err)
				}
				loader.stdin, loader.stderr = sio.In, sio.Err
				pub, err := loadPublicKey(&loader, args[0], false)
				if err != nil {
					return err
				}
				_, err = fmt.Fprintln(sio.Out, pub.FingerprintLine(hash))
				return err
			}
		},
	})
}
