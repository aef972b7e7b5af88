package fleet

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cloudkeypair/keypair/firewall"
	"github.com/cloudkeypair/keypair/internal/sshtest"
	"golang.org/x/crypto/ssh"
)

// imageOSes cycle over a test fleet's servers, with the user each logs in as.
var imageOSes = sshtest.ImageOSes

// testFleet is a real-sshd fleet with a cloud file naming its servers s1,
// s2, ... with mixed OSes, keypair cafe24 (the fleet's client key, in the
// cloud file's folder) unless wrongKey names servers that use keypair
// other, a key no server accepts.
type testFleet struct {
	*sshtest.Fleet
	dir   string // holds cloud.yaml, cafe24.pem and other.pem
	cloud *firewall.Config
}

func startTestFleet(t *testing.T, n int, wrongKey ...string) *testFleet {
	t.Helper()
	f := sshtest.StartFleetT(t, n)
	dir := t.TempDir()
	key, err := os.ReadFile(f.ClientKeyFile)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "cafe24.pem"), key)
	_, other, _ := ed25519.GenerateKey(rand.Reader)
	block, err := ssh.MarshalPrivateKey(other, "")
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "other.pem"), pem.EncodeToMemory(block))
	cloudFile := f.CloudFile(func(i int) string {
		if slices.Contains(wrongKey, sshtest.ServerName(i)) {
			return "other"
		}
		return "cafe24"
	})
	path := filepath.Join(dir, "cloud.yaml")
	writeFile(t, path, cloudFile)
	cloud, err := firewall.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	return &testFleet{Fleet: f, dir: dir, cloud: cloud}
}

func writeFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
}

// collect drains a result channel into a map by server name.
func collect(t *testing.T, results <-chan Result) map[string]Result {
	t.Helper()
	out := map[string]Result{}
	for r := range results {
		if _, dup := out[r.Target.Name]; dup {
			t.Errorf("two results for %s", r.Target.Name)
		}
		out[r.Target.Name] = r
	}
	return out
}

func itoa(n int) string { return fmt.Sprint(n) }

// waitFor polls cond for up to 10 seconds.
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatal("condition not met within 10s")
}

// countProcesses counts this machine's processes whose command line is
// exactly cmdline: the fleet's sshds run here, so their commands are
// visible.
func countProcesses(t *testing.T, cmdline string) int {
	t.Helper()
	procs, err := filepath.Glob("/proc/[0-9]*/cmdline")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, p := range procs {
		data, err := os.ReadFile(p)
		if err == nil && strings.Join(strings.Split(strings.TrimRight(string(data), "\x00"), "\x00"), " ") == cmdline {
			n++
		}
	}
	return n
}

// countingWriter counts bytes and lines and checks every line's prefix.
type countingWriter struct {
	n, lines int64
	prefixed bool
	atStart  bool
}

func (w *countingWriter) Write(p []byte) (int, error) {
	n := len(p)
	if w.n == 0 {
		w.prefixed, w.atStart = true, true
	}
	for len(p) > 0 {
		if w.atStart && !bytes.HasPrefix(p, []byte("s1: ")) {
			w.prefixed = false
		}
		i := bytes.IndexByte(p, '\n')
		if i < 0 {
			w.n += int64(len(p))
			w.atStart = false
			return n, nil
		}
		w.n += int64(i + 1)
		w.lines++
		w.atStart = true
		p = p[i+1:]
	}
	return n, nil
}

// sampleHeap samples the heap in use until the returned function is
// called, which returns the peak.
func sampleHeap(t *testing.T) func() uint64 {
	runtime.GC()
	done := make(chan struct{})
	peak := make(chan uint64)
	go func() {
		var max uint64
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			if m.HeapInuse > max {
				max = m.HeapInuse
			}
			select {
			case <-done:
				peak <- max
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	}()
	return func() uint64 { close(done); return <-peak }
}
