package main

import (
	"context"
	"crypto"
	//lint:ignore SA1019 DSA keys are part of the formats keyconv reads and writes (see keyconv/key.go)
	"crypto/dsa"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/cloudkeypair/keypair/cmd/keyconv/internal/fix"
	"github.com/cloudkeypair/keypair/keyconv"
)

var cmdKeygen = &command{
	Name:      "keygen",
	UsageLine: "keygen [-t ed25519|ecdsa|rsa|dsa] [-b BITS] [-C COMMENT] [--new-passphrase FILE] [--ppk] [-o NAME]",
	Short:     "generate a new keypair",
	Long: `
Keygen generates a new key, as puttygen and ssh-keygen do, and writes NAME
(the private key in OpenSSH's format, what ssh-keygen writes by default,
mode 0600), NAME.pub (the one authorized_keys line the cloud console's
"register a public key" form takes) and, with --ppk, NAME.ppk for PuTTY. It
never replaces a file: if any of them exists, nothing is written.
Without -o, NAME is ssh-keygen's default, ~/.ssh/id_TYPE (~/.ssh/id_ed25519
for -t ed25519), where ssh looks for a key; ~/.ssh is made (0700) if it is
missing.

-t chooses the type: ed25519 (the default), ecdsa (-b 256, 384 or 521;
256 by default), rsa (-b 1024 to 16384; 3072 by default, as ssh-keygen 8.0
and later give: puttygen 0.78 would give 2048) or dsa (1024 bits only;
OpenSSH 7.0 and later refuse DSA keys unless configured to take them).

-C sets the comment; the default is puttygen's, such as
"eddsa-key-20260131". --new-passphrase FILE encrypts the private key (and
NAME.ppk) with the first line of FILE; without it the key is written
unencrypted, as the cloud console's own downloads are.

The randomness comes from the operating system (crypto/rand) only.`,
	DefaultInterrupt: true,
	Interspersed:     true,
	Setup:            setupKeygen,
}

// keygenFlags are the flags of cmdKeygen.
type keygenFlags struct {
	typ         string
	bits        int
	comment     string
	commentSet  bool
	newPassFile string
	ppk         bool
	out         string
}

func setupKeygen(fs *flag.FlagSet) runFunc {
	f := &keygenFlags{}
	fs.StringVar(&f.typ, "t", "ed25519", "key `type`: ed25519, ecdsa, rsa or dsa")
	fs.IntVar(&f.bits, "b", 0, "key size in `bits` (rsa: 3072, ecdsa: 256 when not given)")
	fs.Func("C", "the key's `comment`", func(s string) error {
		f.comment, f.commentSet = s, true
		return nil
	})
	fs.StringVar(&f.newPassFile, "new-passphrase", "", "encrypt the key with the first line of `FILE`")
	fs.BoolVar(&f.ppk, "ppk", false, "also write NAME.ppk for PuTTY")
	fs.StringVar(&f.out, "o", "", "write the key to `NAME` and NAME.pub")
	return f.run
}

// keygenDefaultBits are the sizes keygen gives without -b: ssh-keygen
// 8.0's (puttygen 0.78 gives RSA 2048).
var keygenDefaultBits = map[string]int{"rsa": 3072, "ecdsa": 256, "dsa": 1024, "ed25519": 256}

// puttygenCommentPrefix is the first word of puttygen's default comment,
// per key type ("eddsa-key-20260131").
var puttygenCommentPrefix = map[string]string{"rsa": "rsa", "ecdsa": "ecdsa", "dsa": "dsa", "ed25519": "eddsa"}

func (f *keygenFlags) run(ctx context.Context, sio *stdio, args []string) error {
	bits, err := f.size()
	if err != nil {
		return err
	}
	if len(args) != 0 {
		return usageErrorf("keygen takes no key file (it writes -o NAME)")
	}
	if f.out == "-" {
		return usageErrorf("keygen writes files, not standard output: give -o NAME")
	}
	if f.out == "" {
		if f.out, err = defaultKeygenName(f.typ); err != nil {
			return err
		}
	}
	comment := f.comment
	if !f.commentSet {
		comment = puttygenCommentPrefix[f.typ] + "-key-" + time.Now().Format("20060102")
	}
	outputs := []outputFile{{Path: f.out, Perm: 0o600}, {Path: f.out + ".pub", Perm: 0o644}}
	if f.ppk {
		outputs = append(outputs, outputFile{Path: f.out + ".ppk", Perm: 0o600})
	}
	// Every refusal before the key is made: nothing is written when one
	// name is taken.
	for _, o := range outputs {
		if _, err := os.Lstat(o.Path); err == nil {
			return withHints(fmt.Errorf("%s already exists", o.Path), fix.KeygenOutputExists)
		}
	}
	var pass []byte
	if f.newPassFile != "" {
		if pass, err = readPassphraseFile(f.newPassFile, sio.Err); err != nil {
			return err
		}
	}
	priv, err := generateKey(f.typ, bits)
	if err != nil {
		return err
	}
	key := &keyconv.Key{PrivateKey: priv, Comment: comment}
	data, err := keygenFiles(key, pass, f.ppk)
	if err != nil {
		return err
	}
	var written []string
	for i, o := range outputs {
		if err := o.write(sio.Out, data[i]); err != nil {
			// No half a keypair: what this run wrote goes.
			for _, w := range written {
				os.Remove(w)
			}
			return err
		}
		written = append(written, o.Path)
	}
	fmt.Fprint(sio.Out, string(data[1]))
	return nil
}

// size checks -t and -b and returns the key size to generate.
func (f *keygenFlags) size() (int, error) {
	def, ok := keygenDefaultBits[f.typ]
	if !ok {
		return 0, usageErrorf("unknown key type %q (want ed25519, ecdsa, rsa or dsa)", f.typ)
	}
	bits := f.bits
	if bits == 0 {
		return def, nil
	}
	switch f.typ {
	case "rsa":
		// ssh-keygen's bounds; above 16384 generation takes minutes.
		if bits < 1024 || bits > 16384 {
			return 0, usageErrorf("rsa keys have 1024 to 16384 bits, not %d", bits)
		}
	case "ecdsa":
		if bits != 256 && bits != 384 && bits != 521 {
			return 0, usageErrorf("ecdsa keys have 256, 384 or 521 bits, not %d", bits)
		}
	default:
		if bits != def {
			return 0, usageErrorf("%s keys have %d bits only, not %d", f.typ, def, bits)
		}
	}
	return bits, nil
}

// generateKey makes a new private key from crypto/rand.
func generateKey(typ string, bits int) (crypto.PrivateKey, error) {
	switch typ {
	case "ed25519":
		_, priv, err := ed25519.GenerateKey(rand.Reader)
		return priv, err
	case "ecdsa":
		curve := map[int]elliptic.Curve{256: elliptic.P256(), 384: elliptic.P384(), 521: elliptic.P521()}[bits]
		return ecdsa.GenerateKey(curve, rand.Reader)
	case "rsa":
		return rsa.GenerateKey(rand.Reader, bits)
	case "dsa":
		var params dsa.Parameters
		if err := dsa.GenerateParameters(&params, rand.Reader, dsa.L1024N160); err != nil {
			return nil, err
		}
		priv := &dsa.PrivateKey{PublicKey: dsa.PublicKey{Parameters: params}}
		if err := dsa.GenerateKey(priv, rand.Reader); err != nil {
			return nil, err
		}
		return priv, nil
	}
	return nil, errors.New("unknown key type " + typ)
}

// keygenFiles returns the contents of NAME, NAME.pub and, with ppk,
// NAME.ppk, in that order.
func keygenFiles(key *keyconv.Key, pass []byte, ppk bool) ([][]byte, error) {
	private, err := keyconv.MarshalPrivateKey(key, keyconv.PEMOptions{Format: keyconv.PEMOpenSSH, Passphrase: pass})
	if err != nil {
		return nil, commentError(err)
	}
	pub, err := key.Public()
	if err != nil {
		return nil, err
	}
	line, err := pub.AuthorizedKey()
	if err != nil {
		return nil, commentError(err)
	}
	files := [][]byte{private, []byte(line)}
	if ppk {
		data, err := keyconv.MarshalPPK(key, keyconv.PPKOptions{Passphrase: pass})
		if err != nil {
			return nil, commentError(err)
		}
		files = append(files, data)
	}
	return files, nil
}

// commentError gives a -C comment that cannot be written its hint.
func commentError(err error) error {
	var ce *keyconv.CommentError
	if errors.As(err, &ce) {
		return withHints(err, fix.NewComment)
	}
	return err
}

// defaultKeygenName is where keygen writes without -o: ssh-keygen's
// default, ~/.ssh/id_TYPE, one of the names ssh tries on its own. ~/.ssh
// is made owner-only if missing, as ssh-keygen makes it.
func defaultKeygenName(typ string) (string, error) {
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("no -o NAME, and no home folder for ~/.ssh: %w", err)
	}
	dir := filepath.Join(home, ".ssh")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", err
	}
	return filepath.Join(dir, "id_"+typ), nil
}
