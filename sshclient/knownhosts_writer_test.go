package sshclient

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/cloudkeypair/keypair/internal/sshtest"
	"golang.org/x/crypto/ssh"
)

// Many Dials to one new host at the same moment, sharing a writer, record
// its key once; without the writer each would append its own line.
func TestKnownHostsWriterRecordsEachHostOnce(t *testing.T) {
	key := sshtest.NewSigner(t)
	srv := startTestServer(t, key.PublicKey(), nil)
	knownHosts := filepath.Join(t.TempDir(), "ssh", "known_hosts")
	w := NewKnownHostsWriter(knownHosts)
	var wg sync.WaitGroup
	errs := make(chan error, 40)
	for range cap(errs) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cfg := srv.config(key, knownHosts)
			cfg.HostKeyPolicy, cfg.KnownHostsWriter = HostKeyAcceptNew, w
			c, err := Dial(context.Background(), cfg)
			if err == nil {
				c.Close()
			}
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	data, err := os.ReadFile(knownHosts)
	if err != nil {
		t.Fatal(err)
	}
	if want := knownhostsLine(srv.addr, srv.hostKeys[0].PublicKey()); string(data) != want {
		t.Errorf("known_hosts =\n%s\nwant the host once:\n%s", data, want)
	}
	if w.Recorded() != 1 {
		t.Errorf("Recorded() = %d, want 1", w.Recorded())
	}
}

// A hundred hosts recorded at once, each by several goroutines: every line
// whole, every host once.
func TestKnownHostsWriterConcurrentHosts(t *testing.T) {
	file := filepath.Join(t.TempDir(), "known_hosts")
	w := NewKnownHostsWriter(file)
	keys := make([]ssh.PublicKey, 100)
	for i := range keys {
		keys[i] = sshtest.NewSigner(t).PublicKey()
	}
	var wg sync.WaitGroup
	for i := range 100 {
		for range 3 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if err := w.record(fmt.Sprintf("[127.0.0.%d]:2222", i+2), keys[i]); err != nil {
					t.Error(err)
				}
			}()
		}
	}
	wg.Wait()
	data, _ := os.ReadFile(file)
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	if len(lines) != 100 {
		t.Fatalf("%d lines, want 100", len(lines))
	}
	seen := map[string]bool{}
	for _, l := range lines {
		host, _, _ := strings.Cut(l, " ")
		_, _, pub, _, _, err := ssh.ParseKnownHosts([]byte(l))
		if err != nil || seen[host] {
			t.Errorf("line %q: torn or repeated (%v)", l, err)
		}
		seen[host] = true
		if want := keys[hostIndex(t, host)]; string(pub.Marshal()) != string(want.Marshal()) {
			t.Errorf("line %q holds another host's key", l)
		}
	}
}

func hostIndex(t *testing.T, host string) int {
	var i int
	if _, err := fmt.Sscanf(host, "[127.0.0.%d]:2222", &i); err != nil {
		t.Fatalf("host %q: %v", host, err)
	}
	return i - 2
}

// A second key of the same type for a host the writer has recorded is a
// changed key, refused and named.
func TestKnownHostsWriterRefusesAChangedKey(t *testing.T) {
	file := filepath.Join(t.TempDir(), "known_hosts")
	w := NewKnownHostsWriter(file)
	if err := w.record("127.0.0.9", sshtest.NewSigner(t).PublicKey()); err != nil {
		t.Fatal(err)
	}
	err := w.record("127.0.0.9", sshtest.NewSigner(t).PublicKey())
	var changed *HostKeyChangedError
	if !errors.As(err, &changed) || changed.Host != "127.0.0.9" {
		t.Fatalf("error = %v, want *HostKeyChangedError for 127.0.0.9", err)
	}
	if want := "(" + file + ")"; !strings.Contains(err.Error(), want) {
		t.Errorf("error %q does not name %s without a line", err, want)
	}
	if data, _ := os.ReadFile(file); strings.Count(string(data), "\n") != 1 {
		t.Errorf("known_hosts = %q, want the first key only", data)
	}
}
