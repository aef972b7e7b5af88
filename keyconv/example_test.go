package keyconv_test

import (
	"fmt"
	"log"
	"os"

	"github.com/cloudkeypair/keypair/keyconv"
)

// Convert the cloud console's PEM download to PuTTY's format, as
// "puttygen cafe24.pem -o cafe24.ppk" does.
func Example() {
	pem, err := os.ReadFile("../testdata/cafe24.pem")
	if err != nil {
		log.Fatal(err)
	}
	key, err := keyconv.Parse(pem, nil)
	if err != nil {
		log.Fatal(err)
	}
	ppk, err := keyconv.MarshalPPK(key, keyconv.PPKOptions{})
	if err != nil {
		log.Fatal(err)
	}
	golden, _ := os.ReadFile("../testdata/corpus/rsa2048/puttygen.v3.ppk")
	fmt.Println("same as puttygen:", string(ppk) == string(golden))
	// Output: same as puttygen: true
}

func ExampleParse_encrypted() {
	data, err := os.ReadFile("../testdata/corpus/ed25519/puttygen.v3.argon2id.enc.ppk")
	if err != nil {
		log.Fatal(err)
	}
	key, err := keyconv.Parse(data, keyconv.Passphrase([]byte("correct horse battery staple")))
	if err != nil {
		log.Fatal(err)
	}
	pub, _ := key.Public()
	fmt.Println(pub.FingerprintLine(keyconv.SHA256))
	fmt.Println(key.Source.PPK.KDF, key.Source.PPK.Memory, "KiB")
	// Output:
	// ssh-ed25519 255 SHA256:/SsJhcrqUKH+mfwZJXaH7RFkCzhxITfkmj0pVW3VcXQ
	// Argon2id 1024 KiB
}

func ExampleCheckKeyFileName() {
	err := keyconv.CheckKeyFileName("Downloads/cafe24 (1).pem", "cafe24")
	fmt.Println(err)
	// Output: keyconv: key file "cafe24 (1).pem" does not match keypair "cafe24": it looks like a second download of cafe24.pem (browsers add " (1)" or "-1")
}
