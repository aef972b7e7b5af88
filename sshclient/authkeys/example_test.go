package authkeys_test

import (
	"fmt"
	"os"

	"github.com/cloudkeypair/keypair/keyconv"
	"github.com/cloudkeypair/keypair/sshclient/authkeys"
)

// Rotating a key in a file's text: the new key is added (once), the old
// one's line removed by fingerprint, options and all, and the CRLF comment
// line comes out as it went in.
func Example() {
	read := func(name string) *keyconv.PublicKey {
		data, err := os.ReadFile("testdata/" + name)
		if err != nil {
			panic(err)
		}
		pub, _, err := keyconv.ParsePublicKey(data)
		if err != nil {
			panic(err)
		}
		return pub
	}
	oldKey, newKey := read("ssh-keygen.ed25519.a.pub"), read("ssh-keygen.ed25519.b.pub")
	oldLine, _ := oldKey.AuthorizedKey()
	file := []byte("# deploy\r\n" + `from="10.0.0.0/8" ` + oldLine)

	file, added, _ := authkeys.Add(file, newKey)
	fmt.Println("added:", added)
	_, again, _ := authkeys.Add(file, newKey)
	fmt.Println("added again:", again)
	file, removed := authkeys.Remove(file, oldKey.Fingerprint(keyconv.SHA256))
	fmt.Println("removed:", removed)
	for _, l := range authkeys.Parse(file) {
		fmt.Printf("%s %q\n", l.Kind, l.Comment)
	}
	// Output:
	// added: true
	// added again: false
	// removed: 1
	// comment ""
	// key "key-b"
}
