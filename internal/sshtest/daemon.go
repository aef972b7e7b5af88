package sshtest

import (
	"bufio"
	"bytes"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/crypto/ssh"
)

// The pieces a single [Server] and a [Fleet] share: one set of host and
// client keys, one sshd_config, and an sshd process that is ready once it
// has announced every listening address.

// keySet is what writeKeySet made: the host keys (Ed25519, then ECDSA
// P-256) and a client key every user accepts.
type keySet struct {
	hostKeys   []ssh.PublicKey
	client     ssh.Signer
	clientFile string
}

// writeKeySet generates the host keys and the client key into dir, in
// OpenSSH's format, and authorizes the client key.
func writeKeySet(dir string) (keySet, error) {
	var ks keySet
	_, edPriv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return ks, err
	}
	ecPriv, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return ks, err
	}
	_, clientPriv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return ks, err
	}
	for _, k := range []struct {
		name string
		priv any
	}{{"ssh_host_ed25519_key", edPriv}, {"ssh_host_ecdsa_key", ecPriv}, {"client_ed25519", clientPriv}} {
		block, err := ssh.MarshalPrivateKey(k.priv, "sshtest "+k.name)
		if err != nil {
			return ks, fmt.Errorf("sshtest: %w", err)
		}
		if err := os.WriteFile(filepath.Join(dir, k.name), pem.EncodeToMemory(block), 0o600); err != nil {
			return ks, fmt.Errorf("sshtest: %w", err)
		}
		signer, err := ssh.NewSignerFromKey(k.priv)
		if err != nil {
			return ks, fmt.Errorf("sshtest: %w", err)
		}
		if k.name == "client_ed25519" {
			ks.client = signer
		} else {
			ks.hostKeys = append(ks.hostKeys, signer.PublicKey())
		}
	}
	ks.clientFile = filepath.Join(dir, "client_ed25519")
	return ks, authorize(dir, ks.client.PublicKey())
}

// authorize appends pub to dir's authorized_keys, which every user shares.
func authorize(dir string, pub ssh.PublicKey) error {
	f, err := os.OpenFile(filepath.Join(dir, "authorized_keys"), os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
	if err != nil {
		return fmt.Errorf("sshtest: %w", err)
	}
	_, err = f.Write(ssh.MarshalAuthorizedKey(pub))
	if closeErr := f.Close(); err == nil {
		err = closeErr
	}
	if err != nil {
		return fmt.Errorf("sshtest: %w", err)
	}
	return nil
}

// writeConfig writes dir/sshd_config for the keys writeKeySet made, on
// port, without ListenAddress lines (startDaemon gives those), and with
// extra lines appended. With userKeys, sshd reads each user's own
// ~/.ssh/authorized_keys and checks its modes (StrictModes yes), as a
// real server does; otherwise every user shares dir's authorized_keys.
func writeConfig(dir string, port int, userKeys bool, extra ...string) (string, error) {
	keyLines := []string{
		"AuthorizedKeysFile " + filepath.Join(dir, "authorized_keys"),
		// The temporary directory's parents are world-writable (/tmp).
		"StrictModes no",
	}
	if userKeys {
		keyLines = []string{"AuthorizedKeysFile .ssh/authorized_keys", "StrictModes yes"}
	}
	lines := append(append([]string{
		"Port " + strconv.Itoa(port),
		"HostKey " + filepath.Join(dir, "ssh_host_ed25519_key"),
		"HostKey " + filepath.Join(dir, "ssh_host_ecdsa_key"),
		"PidFile none",
	}, keyLines...), []string{
		"PubkeyAuthentication yes",
		"PasswordAuthentication no",
		"KbdInteractiveAuthentication no",
		"UsePAM no",
		"PermitRootLogin no",
		"PrintMotd no",
		"LogLevel VERBOSE",
		// In-process SFTP, as cloud images' sshd_config has it for chrooted
		// users, and needing no sftp-server binary.
		"Subsystem sftp internal-sftp",
	}...)
	lines = append(lines, extra...)
	configFile := filepath.Join(dir, "sshd_config")
	if err := os.WriteFile(configFile, []byte(strings.Join(lines, "\n")+"\n"), 0o600); err != nil {
		return "", fmt.Errorf("sshtest: %w", err)
	}
	return configFile, nil
}

// maxListenAddrs is sshd's limit on listening sockets (MAX_LISTEN_SOCKS):
// with more ListenAddress lines it exits with "Too many listen sockets".
const maxListenAddrs = 16

// daemon is one running sshd.
type daemon struct {
	cmd    *exec.Cmd
	log    *syncBuffer
	exited chan struct{}
}

// startDaemon runs sshd -D -e with configFile, listening on addrs (at most
// maxListenAddrs), and returns once it has announced all of them.
func startDaemon(configFile string, addrs []string) (*daemon, error) {
	if len(addrs) == 0 || len(addrs) > maxListenAddrs {
		return nil, fmt.Errorf("sshtest: one sshd listens on 1 to %d addresses, not %d", maxListenAddrs, len(addrs))
	}
	args := []string{"-D", "-e", "-f", configFile}
	for _, a := range addrs {
		args = append(args, "-o", "ListenAddress="+a)
	}
	cmd := exec.Command(SSHDPath, args...)
	cmd.SysProcAttr = dieWithParent()
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return nil, fmt.Errorf("sshtest: %w", err)
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("sshtest: starting sshd: %w", err)
	}
	d := &daemon{cmd: cmd, log: &syncBuffer{}, exited: make(chan struct{})}
	ready := make(chan struct{})
	go func() {
		defer close(d.exited)
		sc := bufio.NewScanner(stderr)
		announced := 0
		for sc.Scan() {
			d.log.WriteString(sc.Text() + "\n")
			if announced < len(addrs) && strings.Contains(sc.Text(), "Server listening on") {
				if announced++; announced == len(addrs) {
					close(ready)
				}
			}
		}
		io.Copy(io.Discard, stderr)
		cmd.Wait()
	}()
	select {
	case <-ready:
		return d, nil
	case <-d.exited:
		return nil, fmt.Errorf("sshtest: sshd exited at start:\n%s", d.log.String())
	case <-time.After(15 * time.Second):
		d.stop()
		return nil, fmt.Errorf("sshtest: sshd did not start listening within 15s:\n%s", d.log.String())
	}
}

// stop kills sshd (its sessions' processes die with their connections)
// and waits for it to exit.
func (d *daemon) stop() error {
	d.cmd.Process.Kill()
	select {
	case <-d.exited:
		return nil
	case <-time.After(10 * time.Second):
		return errors.New("sshtest: sshd did not exit")
	}
}

type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) WriteString(s string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf.WriteString(s)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
