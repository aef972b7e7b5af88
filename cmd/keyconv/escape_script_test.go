package main

import (
	"crypto/ed25519"
	"crypto/rand"
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
			data, err = keyconv.MarshalPPK(&keyconv.Key{PrivateKey: priv, Comment: comment}, keyconv.PPKOptions{})
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

func unquoteArg(ts *testscript.TestScript, s string) string {
	v, err := strconv.Unquote(`"` + strings.ReplaceAll(s, `"`, `\"`) + `"`)
	ts.Check(err)
	return v
}
