package sshclient

import (
	"bytes"
	"errors"
	"fmt"
	"net"
	"os"

	"github.com/cloudkeypair/keypair/internal/keyfile"
	"github.com/cloudkeypair/keypair/keyconv"
	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/agent"
)

// ErrNoAgent means no SSH agent is running for this user: SSH_AUTH_SOCK is
// unset (on Unix), or the OpenSSH agent's pipe does not exist (on Windows).
var ErrNoAgent = errors.New("sshclient: no SSH agent is running")

// AgentConn is a connection to a running SSH agent, as [ConnectAgent]
// opens it. Set it as Config.Agent (or fleet.Runner.Agent), and Close it
// when done.
type AgentConn struct {
	agent.ExtendedAgent
	conn net.Conn
}

// Close closes the connection to the agent.
func (a *AgentConn) Close() error { return a.conn.Close() }

// ConnectAgent connects to the user's running SSH agent: the socket
// SSH_AUTH_SOCK names on Unix; on Windows the pipe SSH_AUTH_SOCK names, else
// the Windows OpenSSH agent's \\.\pipe\openssh-ssh-agent. It fails with
// [ErrNoAgent] when there is none. PuTTY's Pageant is not an OpenSSH agent
// and is not reached.
func ConnectAgent() (*AgentConn, error) {
	conn, err := dialAgent(os.Getenv("SSH_AUTH_SOCK"))
	if err != nil {
		return nil, err
	}
	return &AgentConn{ExtendedAgent: agent.NewClient(conn), conn: conn}, nil
}

// LoadKeyFileWithAgent is [LoadKeyFile] asking ag first: when the agent
// holds the key file's public key, the returned signer is the agent's, the
// private half is never decrypted and passphrase is never called. The
// public key is read from the file where its format keeps it in the clear
// (OpenSSH, PPK, any unencrypted key) and otherwise from the ".pub" file
// beside it, as ssh does. When the agent lacks the key, the file is loaded
// as LoadKeyFile loads it. With a nil ag it is LoadKeyFile.
func LoadKeyFileWithAgent(path string, passphrase keyconv.PassphraseFunc, ag agent.Agent) (ssh.Signer, error) {
	if ag == nil {
		return LoadKeyFile(path, passphrase)
	}
	data, err := readKeyFile(path)
	if err != nil {
		return nil, err
	}
	return agentOrKey(data, path, passphrase, ag)
}

// agentOrKey returns the agent's signer for the key in data when the agent
// holds it, and the key itself otherwise. Only that one key is ever
// offered: an agent's other keys would each spend one of the server's
// MaxAuthTries.
func agentOrKey(data []byte, path string, passphrase keyconv.PassphraseFunc, ag agent.Agent) (ssh.Signer, error) {
	key, err := keyconv.Parse(data, nil)
	var missing *keyconv.PassphraseMissingError
	var pub *keyconv.PublicKey
	switch {
	case err == nil:
		if pub, err = key.Public(); err != nil {
			return nil, fmt.Errorf("sshclient: %s: %w", keyLabel(path), err)
		}
	case errors.As(err, &missing):
		pub = clearPublicKey(missing, path)
	default:
		// Parse again the usual way, for the usual error.
		return parseSigner(data, path, passphrase)
	}
	if pub != nil {
		if s := agentSigner(ag, pub.Blob); s != nil {
			return s, nil
		}
	}
	if key != nil {
		s, err := key.Signer()
		if err != nil {
			return nil, fmt.Errorf("sshclient: %s: %w", keyLabel(path), err)
		}
		return s, nil
	}
	return parseSigner(data, path, passphrase)
}

// publicKeyBeside reads path.pub, the public key ssh-keygen writes beside
// a private key, for formats that keep the public key encrypted (PEM). A
// missing, unreadable or oversized file (read no further than any key
// could be) is no public key: the private key is then loaded as without
// an agent.
func publicKeyBeside(path string) *keyconv.PublicKey {
	data, err := keyfile.ReadFile(path + ".pub")
	if err != nil {
		return nil
	}
	pub, _, err := keyconv.ParsePublicKey(data)
	if err != nil {
		return nil
	}
	return pub
}

// agentSigner returns the agent's signer for the key whose wire blob is
// blob, or nil if the agent does not hold it. An agent that fails to list
// its keys holds none: the key file still works without it.
func agentSigner(ag agent.Agent, blob []byte) ssh.Signer {
	signers, err := ag.Signers()
	if err != nil {
		return nil
	}
	for _, s := range signers {
		if bytes.Equal(s.PublicKey().Marshal(), blob) {
			return s
		}
	}
	return nil
}
