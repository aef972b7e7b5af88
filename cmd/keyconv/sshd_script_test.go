package main

import (
	"crypto/ed25519"
	"crypto/rand"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/cloudkeypair/keypair/internal/sshtest"
	"github.com/rogpeppe/go-internal/testscript"
	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/knownhosts"
)

// Script commands and the condition for the ssh scripts
// (testdata/script/ssh_*.txtar), which log in to a real sshd.
func init() {
	// sshd: start a real OpenSSH sshd on 127.0.0.1 for this script (as
	// root; see internal/sshtest), with the images' users. It sets
	// SSHD_PORT and SSHD_FP (the Ed25519 host key's SHA256 fingerprint)
	// and SSHD_AUTHORIZED_KEYS, and writes to $WORK: id_ed25519 (the client key, OpenSSH format,
	// 0600), known_hosts (the host's keys) and changed_known_hosts (another
	// key for the same host, as after a reinstall or an attack).
	// "sshd maxauthtries=N" sets sshd's MaxAuthTries.
	scriptCommands["sshd"] = func(ts *testscript.TestScript, neg bool, args []string) {
		var opts sshtest.Options
		if len(args) == 1 {
			n, ok := strings.CutPrefix(args[0], "maxauthtries=")
			var err error
			if opts.MaxAuthTries, err = strconv.Atoi(n); !ok || err != nil {
				ts.Fatalf("usage: sshd [maxauthtries=N]")
			}
		}
		if neg || len(args) > 1 {
			ts.Fatalf("usage: sshd [maxauthtries=N]")
		}
		ts.Check(sshtest.EnsureUsers())
		s, err := sshtest.StartWith("", opts)
		ts.Check(err)
		ts.Defer(func() { s.Close() })
		key, err := os.ReadFile(s.ClientKeyFile)
		ts.Check(err)
		ts.Check(os.WriteFile(ts.MkAbs("id_ed25519"), key, 0o600))
		known, err := os.ReadFile(s.KnownHostsFile)
		ts.Check(err)
		ts.Check(os.WriteFile(ts.MkAbs("known_hosts"), known, 0o600))
		_, other, err := ed25519.GenerateKey(rand.Reader)
		ts.Check(err)
		otherSigner, err := ssh.NewSignerFromKey(other)
		ts.Check(err)
		changed := knownhosts.Line([]string{knownhosts.Normalize(s.Addr)}, otherSigner.PublicKey()) + "\n"
		ts.Check(os.WriteFile(ts.MkAbs("changed_known_hosts"), []byte(changed), 0o600))
		ts.Setenv("SSHD_PORT", strconv.Itoa(s.Port))
		ts.Setenv("SSHD_FP", ssh.FingerprintSHA256(s.HostKeys[0]))
		ts.Setenv("SSHD_AUTHORIZED_KEYS", filepath.Join(s.Dir, "authorized_keys"))
	}
	// authorize FILE: let the public key in FILE (an authorized_keys line)
	// log in to the script's sshd.
	scriptCommands["authorize"] = func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) != 1 {
			ts.Fatalf("usage: authorize FILE")
		}
		path := ts.Getenv("SSHD_AUTHORIZED_KEYS")
		if path == "" {
			ts.Fatalf("authorize: no sshd started")
		}
		line := ts.ReadFile(args[0])
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
		ts.Check(err)
		_, err = f.WriteString(strings.TrimRight(line, "\n") + "\n")
		ts.Check(err)
		ts.Check(f.Close())
	}
	// closedport NAME: set $NAME to a loopback port nothing listens on.
	scriptCommands["closedport"] = func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) != 1 {
			ts.Fatalf("usage: closedport NAME")
		}
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		ts.Check(err)
		port := ln.Addr().(*net.TCPAddr).Port
		ts.Check(ln.Close())
		ts.Setenv(args[0], strconv.Itoa(port))
	}
	// silentport NAME: set $NAME to a loopback port that accepts TCP
	// connections and never speaks, until the script ends.
	scriptCommands["silentport"] = func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) != 1 {
			ts.Fatalf("usage: silentport NAME")
		}
		l, err := sshtest.ListenSilent()
		ts.Check(err)
		ts.Defer(func() { l.Close() })
		ts.Setenv(args[0], strconv.Itoa(l.Port))
	}
}

// scriptCondition answers the scripts' [sshd] condition: whether a real
// sshd can run here. Under CI=true it is always true, so that a script
// needing sshd fails (in its sshd command) instead of being skipped.
func scriptCondition(cond string) (bool, error) {
	switch cond {
	case "sshd":
		return sshtest.Available() == nil || sshtest.InCI(), nil
	case "puttygen", "plink", "ssh", "ansible", "script": // under CI a missing tool fails the script
		_, err := exec.LookPath(cond)
		return err == nil || sshtest.InCI(), nil
	}
	return false, fmt.Errorf("unknown condition %q", cond)
}
