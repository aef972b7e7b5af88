package fleet

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cloudkeypair/keypair/sshclient"
	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/knownhosts"
)

// Run on every server of a mixed fleet: each answers id -un with its OS's
// user; a stopped server is refused and a server with the wrong key is
// refused the login, while the others succeed; with accept-new each host
// is recorded in known_hosts exactly once.
func TestRunOnMixedFleet(t *testing.T) {
	f := startTestFleet(t, 20, "s7")
	if err := f.Stop(f.Addrs[4]); err != nil { // s5
		t.Fatal(err)
	}
	targets, err := Targets(f.cloud, Selection{All: true}, KeyOptions{WorkDir: f.dir})
	if err != nil {
		t.Fatal(err)
	}
	known := filepath.Join(t.TempDir(), "known_hosts")
	var started atomic.Int32
	r := &Runner{Parallel: 8, HostKeyPolicy: sshclient.HostKeyAcceptNew, KnownHostsFiles: []string{known},
		OnStart: func(*Target) { started.Add(1) }}
	results := collect(t, r.Run(context.Background(), targets, &Command{Line: "id -un"}))
	if started.Load() != 20 {
		t.Errorf("OnStart called %d times, want 20", started.Load())
	}
	if len(results) != 20 {
		t.Fatalf("%d results, want 20", len(results))
	}
	for i := range 20 {
		name := targets[i].Name
		res := results[name]
		switch name {
		case "s5":
			if res.Class != Refused || res.Started {
				t.Errorf("stopped server: %v (%v), started %v; want refused", res.Class, res.Err, res.Started)
			}
		case "s7":
			if res.Class != AuthRefused {
				t.Errorf("wrong key: %v (%v); want auth refused", res.Class, res.Err)
			}
		default:
			want := imageOSes[i%len(imageOSes)].User
			if res.Class != OK || strings.TrimSpace(string(res.Stdout)) != want || res.User != want || res.ExitStatus != 0 {
				t.Errorf("%s: %v (%v), stdout %q, user %q; want %s", name, res.Class, res.Err, res.Stdout, res.User, want)
			}
		}
		if res.Class != OK && (res.Err == nil || !strings.Contains(res.Err.Error(), name)) {
			t.Errorf("%s: error %v does not name the server", name, res.Err)
		}
	}
	data, err := os.ReadFile(known)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	// Every server but the stopped one presented its key; s7's login was
	// refused after the key exchange, so it is recorded too.
	if len(lines) != 19 {
		t.Errorf("known_hosts has %d lines, want 19:\n%s", len(lines), data)
	}
	seen := map[string]bool{}
	for _, l := range lines {
		host, _, _ := strings.Cut(l, " ")
		if seen[host] {
			t.Errorf("%s recorded twice", host)
		}
		seen[host] = true
	}
	if seen["["+f.Addrs[4]+"]:"+itoa(f.Port)] {
		t.Error("the stopped server was recorded")
	}

	// A second run knows every host: nothing more is written.
	r.HostKeyPolicy = sshclient.HostKeyStrict
	again := collect(t, r.Run(context.Background(), targets, &Command{Line: "true"}))
	if again["s1"].Class != OK {
		t.Errorf("strict run after accept-new: %v", again["s1"].Err)
	}
	if after, _ := os.ReadFile(known); !bytes.Equal(after, data) {
		t.Error("a strict run changed known_hosts")
	}
}

// A changed host key refuses that server only, naming it.
func TestRunChangedHostKeyRefusesThatServerOnly(t *testing.T) {
	f := startTestFleet(t, 3)
	targets, err := Targets(f.cloud, Selection{All: true}, KeyOptions{WorkDir: f.dir})
	if err != nil {
		t.Fatal(err)
	}
	// s2's entry holds another key, as when the cloud gave its address to
	// another server.
	pub, _, _ := ed25519.GenerateKey(rand.Reader)
	otherKey, _ := ssh.NewPublicKey(pub)
	var known []byte
	for i, addr := range f.Addrs {
		key := f.HostKeys[0]
		if i == 1 {
			key = otherKey
		}
		known = append(known, knownhosts.Line([]string{knownhosts.Normalize(f.HostPort(addr))}, key)+"\n"...)
	}
	file := filepath.Join(t.TempDir(), "known_hosts")
	writeFile(t, file, known)
	r := &Runner{HostKeyPolicy: sshclient.HostKeyAcceptNew, KnownHostsFiles: []string{file}}
	results := collect(t, r.Run(context.Background(), targets, &Command{Line: "true"}))
	var changed *sshclient.HostKeyChangedError
	if res := results["s2"]; res.Class != HostKey || !errors.As(res.Err, &changed) || !strings.Contains(res.Err.Error(), "s2") {
		t.Errorf("s2: %v (%v); want a changed host key, naming s2", res.Class, res.Err)
	}
	for _, name := range []string{"s1", "s3"} {
		if results[name].Class != OK {
			t.Errorf("%s: %v", name, results[name].Err)
		}
	}
	if after, _ := os.ReadFile(file); !bytes.Equal(after, known) {
		t.Errorf("known_hosts changed:\n%s", after)
	}
}

// Ctrl-C: servers not yet started are not started; running commands are
// sent TERM and end (the remote sleep is gone), and are reported
// interrupted.
func TestRunInterruptEndsRemoteCommands(t *testing.T) {
	f := startTestFleet(t, 3)
	targets, err := Targets(f.cloud, Selection{All: true}, KeyOptions{WorkDir: f.dir})
	if err != nil {
		t.Fatal(err)
	}
	known, err := f.WriteKnownHosts()
	if err != nil {
		t.Fatal(err)
	}
	marker := fmt.Sprintf("60.%d", time.Now().UnixNano()%1000000)
	ctx, cancel := context.WithCancel(context.Background())
	r := &Runner{Parallel: 2, KnownHostsFiles: []string{known}, StopGrace: 5 * time.Second}
	results := r.Run(ctx, targets, &Command{Line: "sleep " + marker})
	waitFor(t, func() bool { return countProcesses(t, "sleep "+marker) == 2 })
	start := time.Now()
	cancel()
	got := collect(t, results)
	if elapsed := time.Since(start); elapsed > 4*time.Second {
		t.Errorf("the run took %v to end after the interrupt; TERM should end sleep at once", elapsed)
	}
	interrupted, notStarted := 0, 0
	for _, res := range got {
		switch {
		case res.Class == Interrupted && res.Started:
			interrupted++
		case res.Class == NotStarted && errors.Is(res.Err, ErrNotStarted):
			notStarted++
		default:
			t.Errorf("%s: %v (%v)", res.Target.Name, res.Class, res.Err)
		}
	}
	if interrupted != 2 || notStarted != 1 {
		t.Errorf("%d interrupted and %d not started, want 2 and 1", interrupted, notStarted)
	}
	waitFor(t, func() bool { return countProcesses(t, "sleep "+marker) == 0 })
}

// A whole-command timeout ends a server's work as timed out.
func TestRunTimeout(t *testing.T) {
	f := startTestFleet(t, 1)
	targets, _ := Targets(f.cloud, Selection{All: true}, KeyOptions{WorkDir: f.dir})
	known, _ := f.WriteKnownHosts()
	r := &Runner{KnownHostsFiles: []string{known}, Timeout: time.Second, StopGrace: time.Second}
	res := collect(t, r.Run(context.Background(), targets, &Command{Line: "sleep 30"}))["s1"]
	if res.Class != TimedOut || !res.Started {
		t.Errorf("%v (%v), started %v; want timed out", res.Class, res.Err, res.Started)
	}
}

// Gathered output is capped and marked truncated; the exit status is kept.
func TestRunGatherCap(t *testing.T) {
	f := startTestFleet(t, 1)
	targets, _ := Targets(f.cloud, Selection{All: true}, KeyOptions{WorkDir: f.dir})
	known, _ := f.WriteKnownHosts()
	r := &Runner{KnownHostsFiles: []string{known}}
	res := collect(t, r.Run(context.Background(), targets, &Command{Line: "head -c 300000 /dev/zero; echo oops >&2; exit 3", MaxOutput: 1000}))["s1"]
	if res.Class != ExitStatus || res.ExitStatus != 3 || len(res.Stdout) != 1000 || !res.Truncated || string(res.Stderr) != "oops\n" {
		t.Errorf("%v (%v) status %d, %d bytes of stdout, stderr %q, truncated %v", res.Class, res.Err, res.ExitStatus, len(res.Stdout), res.Stderr, res.Truncated)
	}
}

// A server printing 100 MB, streamed: every byte arrives, prefixed, and
// the heap stays small, since streamed output is never gathered.
func TestRunStreams100MBInBoundedMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: skipping the 100 MB stream")
	}
	f := startTestFleet(t, 1)
	targets, _ := Targets(f.cloud, Selection{All: true}, KeyOptions{WorkDir: f.dir})
	known, _ := f.WriteKnownHosts()
	var out countingWriter
	p := NewPrinter(&out, io.Discard)
	peak := sampleHeap(t)
	r := &Runner{KnownHostsFiles: []string{known}}
	// 10 million lines of "123456789\n": 100 MB.
	res := collect(t, r.Run(context.Background(), targets, &Command{Line: "yes 123456789 | head -n 10000000", Stream: p.Streams}))["s1"]
	if res.Class != OK {
		t.Fatal(res.Err)
	}
	if want := int64(10000000 * len("s1: 123456789\n")); out.n != want || out.lines != 10000000 || !out.prefixed {
		t.Errorf("got %d bytes in %d lines (all prefixed: %v), want %d bytes in 10000000 lines", out.n, out.lines, out.prefixed, want)
	}
	if got := peak(); got > 64<<20 {
		t.Errorf("the heap grew to %d MiB while streaming 100 MB", got>>20)
	}
}
