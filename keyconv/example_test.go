package keyconv_test

import (
	"errors"
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
	golden, _ := os.ReadFile("../testdata/corpus/rsa2048/puttygen.rsa2048.v3.ppk")
	fmt.Println("same as puttygen:", string(ppk) == string(golden))
	// Output: same as puttygen: true
}

func ExampleParse_encrypted() {
	data, err := os.ReadFile("../testdata/corpus/ed25519/puttygen.ed25519.v3.argon2id.enc.ppk")
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

// Tell which mistake a file name is, to word the fix in one's own way.
func ExampleNameMismatchError() {
	err := keyconv.CheckKeyFileName("cafe24.pem.ppk", "cafe24")
	var mismatch *keyconv.NameMismatchError
	if errors.As(err, &mismatch) {
		fmt.Println(mismatch.Problem, "->", mismatch.Want)
	}
	// Output: doubled-extension -> cafe24.ppk
}

func ExampleValidateKeypairName() {
	fmt.Println(keyconv.ValidateKeypairName("cafe24"))
	fmt.Println(keyconv.ValidateKeypairName("my key"))
	// Output:
	// <nil>
	// keyconv: invalid keypair name "my key": use 1 to 64 letters, digits, '-' or '_', starting with a letter or digit
}

// An encrypted key with no passphrase callback says so, and a PPK or
// OpenSSH file shows which key it is before any passphrase is asked for.
func ExamplePassphraseMissingError() {
	data, err := os.ReadFile("../testdata/corpus/ed25519/puttygen.ed25519.v3.argon2id.enc.ppk")
	if err != nil {
		log.Fatal(err)
	}
	_, err = keyconv.Parse(data, nil)
	var missing *keyconv.PassphraseMissingError
	if errors.As(err, &missing) {
		fmt.Println(missing.PublicKey.FingerprintLine(keyconv.SHA256))
	}
	// Output: ssh-ed25519 255 SHA256:/SsJhcrqUKH+mfwZJXaH7RFkCzhxITfkmj0pVW3VcXQ
}

func ExampleDetectFormat() {
	data, err := os.ReadFile("../testdata/cafe24.pem")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(keyconv.DetectFormat(data))
	// Output: PKCS#1 PEM
}

func ExamplePublicKey_AuthorizedKey() {
	data, err := os.ReadFile("../testdata/corpus/ed25519/ssh-keygen.ed25519.openssh.key")
	if err != nil {
		log.Fatal(err)
	}
	key, err := keyconv.Parse(data, nil)
	if err != nil {
		log.Fatal(err)
	}
	pub, err := key.Public()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Print(pub.AuthorizedKey())
	fmt.Println(pub.Fingerprint(keyconv.MD5))
	// Output:
	// ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFfuPKChS0A72oxBMOrN+d6AgtPIrZyAWWOy2dbko8TC ed25519@keyconv-test
	// 87:82:b1:12:40:f5:e7:f1:8d:4b:df:b8:2a:e9:cf:8e
}

// Write an encrypted key with the Argon2 settings puttygen's --ppk-param
// takes, and read back what the file's headers say.
func ExampleMarshalPPK() {
	pem, err := os.ReadFile("../testdata/cafe24.pem")
	if err != nil {
		log.Fatal(err)
	}
	key, err := keyconv.Parse(pem, nil)
	if err != nil {
		log.Fatal(err)
	}
	opts := keyconv.PPKOptions{Passphrase: []byte("s3cret"), KDF: keyconv.Argon2id, Memory: 8192, Passes: 8}
	ppk, err := keyconv.MarshalPPK(key, opts)
	if err != nil {
		log.Fatal(err)
	}
	back, err := keyconv.Parse(ppk, keyconv.Passphrase([]byte("s3cret")))
	if err != nil {
		log.Fatal(err)
	}
	h := back.Source.PPK
	fmt.Printf("version %d, %s, %s, %d KiB, %d passes, %d lane, %d-byte salt\n",
		h.Version, h.Encryption, h.KDF, h.Memory, h.Passes, h.Parallelism, len(h.Salt))
	// Output: version 3, aes256-cbc, Argon2id, 8192 KiB, 8 passes, 1 lane, 16-byte salt
}
