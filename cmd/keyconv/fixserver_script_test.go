package main

import (
	"os"
	"os/user"
	"path/filepath"
	"strconv"

	"github.com/cloudkeypair/keypair/internal/sshtest"
	"github.com/rogpeppe/go-internal/testscript"
)

// Script commands for fix-server's and adduser's scripts, on top of
// userfleet (userfleet_script_test.go). The simulated servers share this
// machine's /etc/passwd and /home, so the accounts made here are this
// machine's, one per use, removed when the script ends.
func init() {
	// account VAR: create an account whose authorized_keys holds the
	// fleet's client key (cafe24.pem), with the images' modes; set VAR to
	// its name, VAR_HOME to its home and VAR_AK to its authorized_keys.
	scriptCommands["account"] = func(ts *testscript.TestScript, neg bool, args []string) {
		f, _ := fleets.Load(ts)
		if neg || len(args) != 1 || f == nil {
			ts.Fatalf("usage: account VAR, after userfleet")
		}
		a, err := sshtest.CreateAccount(f.(*sshtest.Fleet).ClientKey.PublicKey())
		ts.Check(err)
		ts.Defer(func() {
			if err := a.Remove(); err != nil {
				ts.Logf("%v", err)
			}
		})
		ts.Setenv(args[0], a.Name)
		ts.Setenv(args[0]+"_HOME", a.Home)
		ts.Setenv(args[0]+"_AK", a.AuthorizedKeysFile)
	}
	// newusername VAR: set VAR to a user name no account has, and remove
	// the account, its home and its /etc/sudoers.d file, if adduser made
	// them, when the script ends.
	scriptCommands["newusername"] = func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) != 1 {
			ts.Fatalf("usage: newusername VAR")
		}
		name, err := sshtest.NewAccountName()
		ts.Check(err)
		ts.Defer(func() {
			if err := sshtest.RemoveAccount(name); err != nil {
				ts.Logf("%v", err)
			}
		})
		ts.Setenv(args[0], name)
	}
	// chownto PATH USER: give PATH to USER and USER's group.
	scriptCommands["chownto"] = func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) != 2 {
			ts.Fatalf("usage: chownto PATH USER")
		}
		u, err := user.Lookup(args[1])
		ts.Check(err)
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		ts.Check(os.Chown(ts.MkAbs(args[0]), uid, gid))
	}
	// cutfirst SRC DST: write SRC without its first byte to DST, as a
	// paste that missed the first character.
	scriptCommands["cutfirst"] = func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) != 2 {
			ts.Fatalf("usage: cutfirst SRC DST")
		}
		data := ts.ReadFile(args[0])
		ts.Check(os.WriteFile(ts.MkAbs(args[1]), []byte(data[min(1, len(data)):]), 0o644))
	}
	// setkeysof HOME FILE: make FILE's content HOME/.ssh/authorized_keys,
	// keeping the file's owner and mode.
	scriptCommands["setkeysof"] = func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) != 2 {
			ts.Fatalf("usage: setkeysof HOME FILE")
		}
		path := filepath.Join(args[0], ".ssh", "authorized_keys")
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_TRUNC, 0)
		ts.Check(err)
		_, err = f.WriteString(ts.ReadFile(args[1]))
		ts.Check(err)
		ts.Check(f.Close())
	}
}
