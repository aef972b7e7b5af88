package main

import (
	"bufio"
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"encoding/pem"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/cloudkeypair/keypair/internal/sshtest"
	"github.com/rogpeppe/go-internal/testscript"
	"golang.org/x/crypto/ssh"
)

// Script commands for the fleet scripts (testdata/script/fleet_*.txtar),
// which run keyconv on many real sshd servers on 127.0.0.x.
func init() {
	// fleet N [wrong=NAME,...]: start N servers (internal/sshtest's Fleet)
	// and write to $WORK cloud.yaml (servers s1..sN, mixed OSes, keypair
	// cafe24), cafe24.pem (the key they accept), other.pem (a key none
	// accepts, the keypair of the servers named by wrong=) and
	// known_hosts (every server's keys). Sets FLEET_PORT.
	scriptCommands["fleet"] = func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) < 1 || len(args) > 2 {
			ts.Fatalf("usage: fleet N [wrong=NAME,...]")
		}
		n, err := strconv.Atoi(args[0])
		ts.Check(err)
		var wrong []string
		if len(args) == 2 {
			list, ok := strings.CutPrefix(args[1], "wrong=")
			if !ok {
				ts.Fatalf("usage: fleet N [wrong=NAME,...]")
			}
			wrong = strings.Split(list, ",")
		}
		ts.Check(sshtest.EnsureUsers())
		f, err := sshtest.StartFleet("", n)
		ts.Check(err)
		ts.Defer(func() { f.Close() })
		key, err := os.ReadFile(f.ClientKeyFile)
		ts.Check(err)
		ts.Check(os.WriteFile(ts.MkAbs("cafe24.pem"), key, 0o600))
		_, other, err := ed25519.GenerateKey(rand.Reader)
		ts.Check(err)
		block, err := ssh.MarshalPrivateKey(other, "")
		ts.Check(err)
		ts.Check(os.WriteFile(ts.MkAbs("other.pem"), pem.EncodeToMemory(block), 0o600))
		cloud := f.CloudFile(func(i int) string {
			if slices.Contains(wrong, sshtest.ServerName(i)) {
				return "other"
			}
			return "cafe24"
		})
		ts.Check(os.WriteFile(ts.MkAbs("cloud.yaml"), cloud, 0o600))
		ts.Check(os.WriteFile(ts.MkAbs("known_hosts"), f.KnownHosts(), 0o600))
		ts.Setenv("FLEET_PORT", strconv.Itoa(f.Port))
		fleets.Store(ts, f)
		ts.Defer(func() { fleets.Delete(ts) })
	}
	// fleetstop NAME: stop the fleet's server NAME (s1, s2, ...), as a
	// stopped instance.
	scriptCommands["fleetstop"] = func(ts *testscript.TestScript, neg bool, args []string) {
		f, _ := fleets.Load(ts)
		if neg || len(args) != 1 || f == nil {
			ts.Fatalf("usage: fleetstop NAME, after fleet")
		}
		i, err := strconv.Atoi(strings.TrimPrefix(args[0], "s"))
		ts.Check(err)
		fl := f.(*sshtest.Fleet)
		ts.Check(fl.Stop(fl.Addrs[i-1]))
	}
	// hostsonce FILE N: FILE is a known_hosts file of N lines, each whole
	// and each for another host.
	scriptCommands["hostsonce"] = func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) != 2 {
			ts.Fatalf("usage: hostsonce FILE N")
		}
		want, err := strconv.Atoi(args[1])
		ts.Check(err)
		seen := map[string]bool{}
		sc := bufio.NewScanner(strings.NewReader(ts.ReadFile(args[0])))
		for sc.Scan() {
			_, hosts, _, _, _, err := ssh.ParseKnownHosts(sc.Bytes())
			if err != nil {
				ts.Fatalf("torn line %q: %v", sc.Text(), err)
			}
			for _, h := range hosts {
				if seen[h] {
					ts.Fatalf("%s is in %s twice", h, args[0])
				}
				seen[h] = true
			}
		}
		if len(seen) != want {
			ts.Fatalf("%s holds %d hosts, want %d", args[0], len(seen), want)
		}
	}
	// runjson FILE N: FILE holds N lines, each a JSON object that follows
	// the schema 'keyconv help run' documents: exactly its keys, of its
	// types, status one of its values.
	scriptCommands["runjson"] = func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) != 2 {
			ts.Fatalf("usage: runjson FILE N")
		}
		want, err := strconv.Atoi(args[1])
		ts.Check(err)
		lines := strings.Split(strings.TrimSuffix(ts.ReadFile(args[0]), "\n"), "\n")
		if len(lines) != want {
			ts.Fatalf("%d lines, want %d", len(lines), want)
		}
		for _, l := range lines {
			if err := checkRunJSON([]byte(l)); err != "" {
				ts.Fatalf("%s: %s", l, err)
			}
		}
	}
	// processes PATTERN N: within 10 seconds, exactly N processes of this
	// machine (where the fleet's sshds run) have the command line PATTERN.
	scriptCommands["processes"] = func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) != 2 {
			ts.Fatalf("usage: processes CMDLINE N")
		}
		want, err := strconv.Atoi(args[1])
		ts.Check(err)
		got := -1
		for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
			if got = countProcesses(args[0]); got == want {
				return
			}
		}
		ts.Fatalf("%d processes run %q, want %d", got, args[0], want)
	}
	// bigfile FILE SIZE: write SIZE random bytes to FILE.
	scriptCommands["bigfile"] = func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) != 2 {
			ts.Fatalf("usage: bigfile FILE SIZE")
		}
		size, err := strconv.Atoi(args[1])
		ts.Check(err)
		data := make([]byte, size)
		rand.Read(data)
		ts.Check(os.WriteFile(ts.MkAbs(args[0]), data, 0o644))
	}
}

// fleets are the scripts' running fleets (*sshtest.Fleet by
// *testscript.TestScript), for fleetstop; scripts run in parallel.
var fleets sync.Map

// runJSONKeys is run --json's schema: each key and the JSON types it may
// have.
var runJSONKeys = map[string][]string{
	"name": {"string"}, "address": {"string"}, "user": {"string"}, "status": {"string"},
	"exit_status": {"number", "null"}, "error": {"string"}, "encoding": {"string"},
	"stdout": {"string"}, "stderr": {"string"}, "truncated": {"bool"}, "started": {"bool"},
	"duration_ms": {"number"},
}

var runJSONStatuses = []string{"ok", "refused", "timed out", "auth refused", "host key", "non-zero exit",
	"interrupted", "not started", "failed", "blocked"}

// checkRunJSON returns what is wrong with one line of run --json, or "".
func checkRunJSON(line []byte) string {
	var obj map[string]any
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.UseNumber()
	if err := dec.Decode(&obj); err != nil {
		return err.Error()
	}
	for k, v := range obj {
		types, known := runJSONKeys[k]
		if !known {
			return "unknown key " + k
		}
		t := "null"
		switch v.(type) {
		case string:
			t = "string"
		case json.Number:
			t = "number"
		case bool:
			t = "bool"
		case nil:
		default:
			t = "other"
		}
		if !slices.Contains(types, t) {
			return k + " is a " + t
		}
	}
	for k := range runJSONKeys {
		if _, ok := obj[k]; !ok && k != "error" {
			return "no " + k
		}
	}
	status, _ := obj["status"].(string)
	if !slices.Contains(runJSONStatuses, status) {
		return "status " + status
	}
	if _, hasErr := obj["error"]; hasErr == (status == "ok") {
		return "error present with status ok, or missing without"
	}
	if enc := obj["encoding"]; enc != "utf-8" && enc != "base64" {
		return "encoding " + enc.(string)
	}
	return ""
}

// countProcesses counts the processes whose command line is cmdline.
func countProcesses(cmdline string) int {
	procs, _ := filepath.Glob("/proc/[0-9]*/cmdline")
	n := 0
	for _, p := range procs {
		data, err := os.ReadFile(p)
		if err == nil && strings.ReplaceAll(strings.TrimRight(string(data), "\x00"), "\x00", " ") == cmdline {
			n++
		}
	}
	return n
}
