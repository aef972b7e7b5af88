package main

import (
	"crypto/ed25519"
	"crypto/rand"
	"net"
	"os"
	"strconv"
	"time"

	"github.com/cloudkeypair/keypair/internal/sshtest"
	"github.com/rogpeppe/go-internal/testscript"
	"golang.org/x/crypto/ssh/agent"
)

// agentWait bounds agentempty's polling: a limit on a hung agent, far
// above any lifetime the scripts give, never a timed assertion.
const agentWait = 2 * time.Minute

// Script commands for the agent scripts (testdata/script/agent_*.txtar),
// which use a real OpenSSH ssh-agent.
func init() {
	// sshagent: start ssh-agent on a socket of its own for this script and
	// set SSH_AUTH_SOCK. Its askpass, for keys added with confirmation, is
	// a script that creates $WORK/askpass-ran and answers yes.
	scriptCommands["sshagent"] = func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) != 0 {
			ts.Fatalf("usage: sshagent")
		}
		askpass := ts.MkAbs("askpass.sh")
		ts.Check(os.WriteFile(askpass, []byte("#!/bin/sh\ntouch '"+ts.MkAbs("askpass-ran")+"'\necho yes\n"), 0o700))
		a, err := sshtest.StartAgent("SSH_ASKPASS="+askpass, "SSH_ASKPASS_REQUIRE=force", "DISPLAY=:0")
		ts.Check(err)
		ts.Defer(func() { a.Close() })
		ts.Setenv("SSH_AUTH_SOCK", a.Sock)
	}
	// agentkeys N: add N new random Ed25519 keys to the script's agent,
	// keys no server knows.
	scriptCommands["agentkeys"] = func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) != 1 {
			ts.Fatalf("usage: agentkeys N")
		}
		n, err := strconv.Atoi(args[0])
		ts.Check(err)
		ag := scriptAgent(ts)
		defer ag.close()
		for range n {
			_, priv, err := ed25519.GenerateKey(rand.Reader)
			ts.Check(err)
			ts.Check(ag.Add(agent.AddedKey{PrivateKey: priv, Comment: "unrelated"}))
		}
	}
	// agentempty: wait until the script's agent holds no key, as after a
	// key's lifetime has passed.
	scriptCommands["agentempty"] = func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) != 0 {
			ts.Fatalf("usage: agentempty")
		}
		ag := scriptAgent(ts)
		defer ag.close()
		for deadline := time.Now().Add(agentWait); ; {
			keys, err := ag.List()
			ts.Check(err)
			if len(keys) == 0 {
				return
			}
			if time.Now().After(deadline) {
				ts.Fatalf("the agent still holds %d keys after %v", len(keys), agentWait)
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
}

type scriptAgentConn struct {
	agent.ExtendedAgent
	conn net.Conn
}

func (a scriptAgentConn) close() { a.conn.Close() }

// scriptAgent connects to the agent sshagent started.
func scriptAgent(ts *testscript.TestScript) scriptAgentConn {
	sock := ts.Getenv("SSH_AUTH_SOCK")
	if sock == "" {
		ts.Fatalf("no agent started (sshagent)")
	}
	conn, err := net.Dial("unix", sock)
	ts.Check(err)
	return scriptAgentConn{agent.NewClient(conn), conn}
}
