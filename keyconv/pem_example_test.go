package keyconv_test

import (
	"bytes"
	"errors"
	"fmt"
	"log"
	"os"

	"github.com/cloudkeypair/keypair/keyconv"
)

// A key read from an OpenSSL file is written back byte for byte.
func ExampleMarshalPrivateKey() {
	pemFile, err := os.ReadFile("../testdata/pem/openssl.ecdsa256.trad.pem")
	if err != nil {
		log.Fatal(err)
	}
	k, err := keyconv.Parse(pemFile, nil)
	if err != nil {
		log.Fatal(err)
	}
	out, err := keyconv.MarshalPrivateKey(k, keyconv.PEMOptions{Format: keyconv.PEMTraditional})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(k.Algorithm(), "from", k.Source.Format)
	fmt.Println("written back unchanged:", bytes.Equal(out, pemFile))
	// Output:
	// ecdsa-sha2-nistp256 from SEC1 PEM
	// written back unchanged: true
}

// An encrypted OpenSSH key shows its public half before the passphrase is
// known, so a program can say which key it is asking about.
func ExampleParse_encryptedOpenSSH() {
	data, err := os.ReadFile("../testdata/pem/ssh-keygen.ed25519.openssh.aes256-ctr.enc.key")
	if err != nil {
		log.Fatal(err)
	}
	_, err = keyconv.Parse(data, nil)
	var missing *keyconv.PassphraseMissingError
	if errors.As(err, &missing) {
		fmt.Println("needs a passphrase:", missing.PublicKey.Algorithm)
	}
	k, err := keyconv.Parse(data, keyconv.Passphrase([]byte("correct horse battery staple")))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("comment %q, encrypted %v\n", k.Comment, k.Source.Encrypted)
	// Output:
	// needs a passphrase: ssh-ed25519
	// comment "ssh-keygen ed25519", encrypted true
}
