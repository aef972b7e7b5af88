package main

import (
	"crypto/ed25519"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"encoding/pem"
	"os"
	"strconv"
	"strings"

	"github.com/rogpeppe/go-internal/testscript"
	"golang.org/x/crypto/ssh"

	"github.com/cloudkeypair/keypair/keyconv"
)

// Script commands for the scripts that feed terminal escape sequences to
// keyconv (testdata/script/escape_*.txtar): a script cannot spell an ESC
// byte, so these take Go's escapes (\x1b, \a) and write the bytes.
func init() {
	// envq NAME VALUE: set $NAME to VALUE with Go's backslash escapes
	// decoded, for a file name or an argument holding control bytes.
	scriptCommands["envq"] = func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) != 2 {
			ts.Fatalf("usage: envq NAME VALUE")
		}
		ts.Setenv(args[0], unquoteArg(ts, args[1]))
	}
	// mkkey FILE COMMENT: write a new unencrypted Ed25519 key, mode 0600,
	// whose comment is COMMENT with Go's escapes decoded: in PuTTY's format
	// when FILE ends in .ppk, OpenSSH's otherwise. (keyconv itself refuses
	// to write such a comment.)
	scriptCommands["mkkey"] = func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) != 2 {
			ts.Fatalf("usage: mkkey FILE COMMENT")
		}
		comment := unquoteArg(ts, args[1])
		_, priv, err := ed25519.GenerateKey(rand.Reader)
		ts.Check(err)
		var data []byte
		if strings.HasSuffix(args[0], ".ppk") {
			data, err = keyconv.MarshalPPK(&keyconv.Key{PrivateKey: priv, Comment: "placeholder"}, keyconv.PPKOptions{})
			if err == nil {
				data = ppkWithComment(ts, data, comment)
			}
		} else {
			var block *pem.Block
			block, err = ssh.MarshalPrivateKey(priv, comment)
			if err == nil {
				data = pem.EncodeToMemory(block)
			}
		}
		ts.Check(err)
		ts.Check(os.WriteFile(ts.MkAbs(args[0]), data, 0o600))
	}
}

// ppkWithComment gives an unencrypted v3 PPK file another comment, with the
// MAC that comment needs (HMAC-SHA-256 under an empty key over the
// algorithm, encryption, comment and both blobs), since keyconv's writer
// refuses the comments these scripts need.
func ppkWithComment(ts *testscript.TestScript, data []byte, comment string) []byte {
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	field := func(i int, name string) string {
		v, ok := strings.CutPrefix(lines[i], name+": ")
		if !ok {
			ts.Fatalf("ppk line %d is %q, want %s", i, lines[i], name)
		}
		return v
	}
	blob := func(countLine int, name string) ([]byte, int) {
		n, err := strconv.Atoi(field(countLine, name))
		ts.Check(err)
		b, err := base64.StdEncoding.DecodeString(strings.Join(lines[countLine+1:countLine+1+n], ""))
		ts.Check(err)
		return b, countLine + 1 + n
	}
	alg := strings.TrimPrefix(lines[0], "PuTTY-User-Key-File-3: ")
	enc := field(1, "Encryption")
	pub, next := blob(3, "Public-Lines")
	priv, macLine := blob(next, "Private-Lines")
	mac := hmac.New(sha256.New, nil)
	for _, s := range [][]byte{[]byte(alg), []byte(enc), []byte(comment), pub, priv} {
		ts.Check(binary.Write(mac, binary.BigEndian, uint32(len(s))))
		mac.Write(s)
	}
	lines[2] = "Comment: " + comment
	lines[macLine] = "Private-MAC: " + hex.EncodeToString(mac.Sum(nil))
	return []byte(strings.Join(lines, "\n") + "\n")
}

func unquoteArg(ts *testscript.TestScript, s string) string {
	v, err := strconv.Unquote(`"` + strings.ReplaceAll(s, `"`, `\"`) + `"`)
	ts.Check(err)
	return v
}
