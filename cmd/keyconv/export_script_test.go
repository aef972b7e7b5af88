package main

import (
	"crypto/ed25519"
	"crypto/rand"
	"os"
	"strings"

	"github.com/rogpeppe/go-internal/testscript"
	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/knownhosts"
)

// Script commands for the export scripts (testdata/script/export_*.txtar).
func init() {
	// forgehostkey FILE ADDR: in the known_hosts FILE, replace the
	// entries of the fleet's server at ADDR ([ADDR]:$FLEET_PORT) with one
	// of a new Ed25519 key, as if the server's host key had changed.
	scriptCommands["forgehostkey"] = func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) != 2 {
			ts.Fatalf("usage: forgehostkey FILE ADDR")
		}
		host := knownhosts.Normalize(args[1] + ":" + ts.Getenv("FLEET_PORT"))
		pub, _, err := ed25519.GenerateKey(rand.Reader)
		ts.Check(err)
		key, err := ssh.NewPublicKey(pub)
		ts.Check(err)
		var kept []string
		for _, line := range strings.SplitAfter(ts.ReadFile(args[0]), "\n") {
			if fields := strings.Fields(line); len(fields) > 0 && fields[0] == host {
				continue
			}
			kept = append(kept, line)
		}
		kept = append(kept, knownhosts.Line([]string{host}, key)+"\n")
		ts.Check(os.WriteFile(ts.MkAbs(args[0]), []byte(strings.Join(kept, "")), 0o600))
	}
}
