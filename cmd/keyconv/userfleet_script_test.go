//go:build linux

// The real-sshd tests run on Linux only (see internal/sshtest), and read
// file owners through syscall.Stat_t.

package main

import (
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"

	"github.com/cloudkeypair/keypair/internal/sshtest"
	"github.com/rogpeppe/go-internal/testscript"
)

// Script commands for the scripts that change keys on servers
// (testdata/script/keys_*.txtar): a fleet whose sshd reads each user's own
// authorized_keys with StrictModes yes, as a real server does, and one
// account per server, so that what a command does on one server touches
// none of the others' files (the simulated servers share /etc/passwd and
// /home).
func init() {
	// userfleet N [NAME:KEYWORD=VALUE...]: start N servers with StrictModes yes and each user's own
	// ~/.ssh/authorized_keys, each with an account of its own (created for
	// the script, removed after it) as its cloud file user:. Writes to
	// $WORK cloud.yaml (servers s1..sN, keypair cafe24), cafe24.pem (the
	// key every account accepts) and known_hosts; sets FLEET_PORT and, for
	// each server sI, USER_sI (its account), AK_sI (the account's
	// authorized_keys) and SSHDIR_sI (its ~/.ssh). Each NAME:KEYWORD=VALUE
	// makes server NAME differ by one sshd_config setting (a Match
	// LocalAddress block), such as s2:PubkeyAcceptedAlgorithms=ssh-ed25519.
	scriptCommands["userfleet"] = func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) < 1 {
			ts.Fatalf("usage: userfleet N [NAME:KEYWORD=VALUE...]")
		}
		n, err := strconv.Atoi(args[0])
		ts.Check(err)
		opts := sshtest.FleetOptions{UserAuthorizedKeys: true}
		for _, a := range args[1:] {
			name, setting, ok1 := strings.Cut(a, ":")
			keyword, value, ok2 := strings.Cut(setting, "=")
			i, err := strconv.Atoi(strings.TrimPrefix(name, "s"))
			if !ok1 || !ok2 || err != nil || i < 1 || i > n {
				ts.Fatalf("userfleet: %q is not NAME:KEYWORD=VALUE for a server s1..s%d", a, n)
			}
			// The fleet's addresses start at 127.0.0.2 (sshtest.Fleet).
			opts.Config = append(opts.Config, fmt.Sprintf("Match LocalAddress 127.0.0.%d", i+1), keyword+" "+value)
		}
		ts.Check(sshtest.EnsureUsers())
		f, err := sshtest.StartFleetWith("", n, opts)
		ts.Check(err)
		ts.Defer(func() { f.Close() })
		var accounts []*sshtest.Account
		for i := range n {
			a, err := sshtest.CreateAccount(f.ClientKey.PublicKey())
			ts.Check(err)
			ts.Defer(func() {
				if err := a.Remove(); err != nil {
					ts.Logf("%v", err)
				}
			})
			accounts = append(accounts, a)
			ts.Setenv("USER_"+sshtest.ServerName(i), a.Name)
			ts.Setenv("AK_"+sshtest.ServerName(i), a.AuthorizedKeysFile)
			ts.Setenv("SSHDIR_"+sshtest.ServerName(i), filepath.Dir(a.AuthorizedKeysFile))
		}
		key, err := os.ReadFile(f.ClientKeyFile)
		ts.Check(err)
		ts.Check(os.WriteFile(ts.MkAbs("cafe24.pem"), key, 0o600))
		ts.Check(os.WriteFile(ts.MkAbs("cloud.yaml"), f.CloudFileWithUsers(nil, accounts), 0o600))
		ts.Check(os.WriteFile(ts.MkAbs("known_hosts"), f.KnownHosts(), 0o600))
		ts.Setenv("FLEET_PORT", strconv.Itoa(f.Port))
		fleets.Store(ts, f)
		userFleets.Store(ts, accounts)
		ts.Defer(func() { fleets.Delete(ts); userFleets.Delete(ts) })
	}
	// setauthkeys NAME FILE: make FILE's content the authorized_keys of
	// server NAME's account (0600, ~/.ssh 0700, the account's); FILE "-"
	// removes ~/.ssh altogether.
	scriptCommands["setauthkeys"] = func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) != 2 {
			ts.Fatalf("usage: setauthkeys NAME FILE")
		}
		a := scriptAccount(ts, args[0])
		if args[1] == "-" {
			ts.Check(os.RemoveAll(filepath.Dir(a.AuthorizedKeysFile)))
			return
		}
		ts.Check(a.WriteAuthorizedKeys([]byte(ts.ReadFile(args[1]))))
	}
	// owner PATH USER: PATH's owner and group are USER's.
	scriptCommands["owner"] = func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) != 2 {
			ts.Fatalf("usage: owner PATH USER")
		}
		fi, err := os.Stat(ts.MkAbs(args[0]))
		ts.Check(err)
		u, err := user.Lookup(args[1])
		ts.Check(err)
		st := fi.Sys().(*syscall.Stat_t)
		if strconv.Itoa(int(st.Uid)) != u.Uid || strconv.Itoa(int(st.Gid)) != u.Gid {
			ts.Fatalf("%s belongs to %d:%d, not %s (%s:%s)", args[0], st.Uid, st.Gid, args[1], u.Uid, u.Gid)
		}
	}
	// sshlogin NAME KEY [USER]: OpenSSH's ssh logs in to server NAME as
	// USER (by default the server's account) with the private key file KEY
	// and no other; with !, it is refused.
	scriptCommands["sshlogin"] = func(ts *testscript.TestScript, neg bool, args []string) {
		if len(args) != 2 && len(args) != 3 {
			ts.Fatalf("usage: [!] sshlogin NAME KEY [USER]")
		}
		name, key := args[0], args[1]
		user := scriptAccount(ts, name).Name
		if len(args) == 3 {
			user = args[2]
		}
		f, _ := fleets.Load(ts)
		i, err := strconv.Atoi(strings.TrimPrefix(name, "s"))
		ts.Check(err)
		ssh, err := exec.LookPath("ssh")
		if err != nil {
			ts.Fatalf("ssh is not installed (scripts/install-tools.sh installs it)")
		}
		out, err := exec.Command(ssh, "-F", "/dev/null", "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes",
			"-o", "StrictHostKeyChecking=yes", "-o", "UserKnownHostsFile="+ts.MkAbs("known_hosts"),
			"-o", "GlobalKnownHostsFile=/dev/null", "-i", ts.MkAbs(key), "-p", ts.Getenv("FLEET_PORT"),
			user+"@"+f.(*sshtest.Fleet).Addrs[i-1], "id -un").CombinedOutput()
		switch {
		case neg && err == nil:
			ts.Fatalf("ssh as %s on %s with %s logged in; want it refused", user, name, key)
		case !neg && (err != nil || strings.TrimSpace(string(out)) != user):
			ts.Fatalf("ssh as %s on %s with %s: %v: %s", user, name, key, err, out)
		}
	}
}

// userFleets are the accounts of each script's userfleet, by server.
var userFleets sync.Map

// scriptAccount is server NAME's account in the script's userfleet.
func scriptAccount(ts *testscript.TestScript, name string) *sshtest.Account {
	v, ok := userFleets.Load(ts)
	if !ok {
		ts.Fatalf("no userfleet in this script")
	}
	i, err := strconv.Atoi(strings.TrimPrefix(name, "s"))
	accounts := v.([]*sshtest.Account)
	if err != nil || i < 1 || i > len(accounts) {
		ts.Fatalf("no server %q in the userfleet", name)
	}
	return accounts[i-1]
}
