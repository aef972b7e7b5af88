// Command ppk is the keyconv side of bench/ppk/run.sh: the PPK conversions
// the script times against puttygen, as a small binary so that both sides
// pay for process start-up, file reading and writing alike.
//
//	ppk pem2ppk KEY.pem OUT.ppk                      unencrypted PPK v3
//	ppk encrypt KEY.ppk OUT.ppk PASSFILE MEMORY PASSES  Argon2id PPK v3
//	ppk decrypt KEY.ppk OUT.ppk PASSFILE             unencrypted PPK v3
//
// pem2ppk reads PKCS#1 with crypto/x509 so that the benchmark does not wait
// for keyconv's PEM reader; the PPK side is keyconv's.
package main

import (
	"bytes"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"strconv"

	"github.com/cloudkeypair/keypair/keyconv"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "ppk:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	if len(args) < 3 {
		return errors.New("usage: ppk pem2ppk|encrypt|decrypt IN OUT [PASSFILE [MEMORY PASSES]]")
	}
	in, err := os.ReadFile(args[1])
	if err != nil {
		return err
	}
	var k *keyconv.Key
	opts := keyconv.PPKOptions{}
	switch {
	case args[0] == "pem2ppk":
		block, _ := pem.Decode(in)
		if block == nil {
			return errors.New("no PEM block")
		}
		priv, err := x509.ParsePKCS1PrivateKey(block.Bytes)
		if err != nil {
			return err
		}
		k = &keyconv.Key{PrivateKey: priv, Comment: keyconv.DefaultComment}
	case args[0] == "encrypt" && len(args) == 6:
		if k, err = keyconv.Parse(in, nil); err != nil {
			return err
		}
		memory, err1 := strconv.ParseUint(args[4], 10, 32)
		passes, err2 := strconv.ParseUint(args[5], 10, 32)
		if err := errors.Join(err1, err2); err != nil {
			return err
		}
		opts = keyconv.PPKOptions{KDF: keyconv.Argon2id, Memory: uint32(memory), Passes: uint32(passes)}
		if opts.Passphrase, err = passphrase(args[3]); err != nil {
			return err
		}
	case args[0] == "decrypt" && len(args) == 4:
		pass, err := passphrase(args[3])
		if err != nil {
			return err
		}
		if k, err = keyconv.Parse(in, keyconv.Passphrase(pass)); err != nil {
			return err
		}
	default:
		return fmt.Errorf("bad arguments %q", args)
	}
	out, err := keyconv.MarshalPPK(k, opts)
	if err != nil {
		return err
	}
	return os.WriteFile(args[2], out, 0o600)
}

// passphrase reads a passphrase file as puttygen does: its first line.
func passphrase(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	line, _, _ := bytes.Cut(b, []byte("\n"))
	return bytes.TrimSuffix(line, []byte("\r")), nil
}
