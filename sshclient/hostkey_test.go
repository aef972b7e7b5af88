package sshclient

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cloudkeypair/keypair/internal/sshtest"
	"golang.org/x/crypto/ssh"
)

func TestHostKeyPolicies(t *testing.T) {
	key := sshtest.NewSigner(t)
	srv := startTestServer(t, key.PublicKey(), nil)
	hostKey := srv.hostKeys[0].PublicKey()
	otherKey := sshtest.NewSigner(t).PublicKey()

	for _, tc := range []struct {
		name   string
		policy HostKeyPolicy
		known  []ssh.PublicKey // nil: the file does not exist
		check  func(t *testing.T, err error, knownHosts string)
	}{
		{"strict known", HostKeyStrict, []ssh.PublicKey{hostKey}, wantNoError},
		{"strict unknown", HostKeyStrict, nil, func(t *testing.T, err error, knownHosts string) {
			var unknown *UnknownHostKeyError
			if !errors.As(err, &unknown) || unknown.Fingerprint != ssh.FingerprintSHA256(hostKey) {
				t.Fatalf("error = %v, want *UnknownHostKeyError with the host's fingerprint", err)
			}
			if !strings.Contains(err.Error(), ssh.FingerprintSHA256(hostKey)) {
				t.Errorf("message %q lacks the SHA256 fingerprint", err)
			}
			if _, statErr := os.Stat(knownHosts); !errors.Is(statErr, os.ErrNotExist) {
				t.Errorf("strict policy wrote %s", knownHosts)
			}
		}},
		{"strict changed", HostKeyStrict, []ssh.PublicKey{otherKey}, wantChanged(hostKey, otherKey)},
		{"accept-new unknown", HostKeyAcceptNew, nil, func(t *testing.T, err error, knownHosts string) {
			if err != nil {
				t.Fatal(err)
			}
			data, readErr := os.ReadFile(knownHosts)
			if readErr != nil {
				t.Fatal(readErr)
			}
			if want := knownhostsLine(srv.addr, hostKey); string(data) != want {
				t.Errorf("known_hosts = %q, want %q", data, want)
			}
		}},
		{"accept-new changed", HostKeyAcceptNew, []ssh.PublicKey{otherKey}, wantChanged(hostKey, otherKey)},
		{"insecure changed", InsecureIgnoreHostKey, []ssh.PublicKey{otherKey}, wantNoError},
	} {
		t.Run(tc.name, func(t *testing.T) {
			knownHosts := filepath.Join(t.TempDir(), "ssh", "known_hosts")
			if tc.known != nil {
				knownHosts = srv.knownHosts(t, tc.known...)
			}
			before, _ := os.ReadFile(knownHosts)
			cfg := srv.config(key, knownHosts)
			cfg.HostKeyPolicy = tc.policy
			c, err := Dial(context.Background(), cfg)
			if err == nil {
				c.Close()
			}
			tc.check(t, err, knownHosts)
			if tc.known != nil {
				if after, _ := os.ReadFile(knownHosts); string(after) != string(before) {
					t.Errorf("known_hosts changed from %q to %q", before, after)
				}
			}
		})
	}
}

func wantNoError(t *testing.T, err error, _ string) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func wantChanged(presented, known ssh.PublicKey) func(*testing.T, error, string) {
	return func(t *testing.T, err error, _ string) {
		t.Helper()
		var changed *HostKeyChangedError
		if !errors.As(err, &changed) {
			t.Fatalf("error = %v, want *HostKeyChangedError", err)
		}
		newFP, oldFP := ssh.FingerprintSHA256(presented), ssh.FingerprintSHA256(known)
		if changed.Fingerprint != newFP || len(changed.Known) != 1 || changed.Known[0].Fingerprint != oldFP {
			t.Errorf("HostKeyChangedError = %+v, want new %s, old %s", changed, newFP, oldFP)
		}
		for _, fp := range []string{newFP, oldFP, "man-in-the-middle"} {
			if !strings.Contains(err.Error(), fp) {
				t.Errorf("message %q lacks %q", err, fp)
			}
		}
	}
}

func TestAcceptNewThenStrict(t *testing.T) {
	key := sshtest.NewSigner(t)
	srv := startTestServer(t, key.PublicKey(), nil)
	knownHosts := filepath.Join(t.TempDir(), "known_hosts")
	// An existing file without a final newline must stay intact.
	if err := os.WriteFile(knownHosts, []byte("# mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := srv.config(key, knownHosts)
	cfg.HostKeyPolicy = HostKeyAcceptNew
	c, err := Dial(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	c.Close()
	if c.HostKeyRecordedIn() != knownHosts {
		t.Errorf("HostKeyRecordedIn() = %q, want %q", c.HostKeyRecordedIn(), knownHosts)
	}
	data, _ := os.ReadFile(knownHosts)
	if want := "# mine\n" + knownhostsLine(srv.addr, srv.hostKeys[0].PublicKey()); string(data) != want {
		t.Errorf("known_hosts = %q, want %q", data, want)
	}
	if info, err := os.Stat(knownHosts); err == nil && info.Mode().Perm() != 0o644 {
		t.Errorf("known_hosts mode became %#o, want it kept at 0644", info.Mode().Perm())
	}

	cfg.HostKeyPolicy = HostKeyStrict
	c, err = Dial(context.Background(), cfg)
	if err != nil {
		t.Fatalf("strict dial after accept-new: %v", err)
	}
	c.Close()
	if c.HostKeyRecordedIn() != "" {
		t.Errorf("a known key was recorded again in %q", c.HostKeyRecordedIn())
	}
}

// TestHostKeyAlgorithmsFollowKnownHosts checks the order x/crypto gets
// wrong by default: a server with ECDSA and Ed25519 host keys, known by its
// Ed25519 key only, must be asked for Ed25519 and accepted.
func TestHostKeyAlgorithmsFollowKnownHosts(t *testing.T) {
	key := sshtest.NewSigner(t)
	ed, ec := sshtest.NewSigner(t), newECDSASigner(t)
	srv := startTestServer(t, key.PublicKey(), func(s *testServer) { s.hostKeys = []ssh.Signer{ec, ed} })
	for _, known := range []ssh.Signer{ed, ec} {
		t.Run(known.PublicKey().Type(), func(t *testing.T) {
			c, err := Dial(context.Background(), srv.config(key, srv.knownHosts(t, known.PublicKey())))
			if err != nil {
				t.Fatal(err)
			}
			c.Close()
			if got := c.HostKey().Type(); got != known.PublicKey().Type() {
				t.Errorf("server presented %s, want %s", got, known.PublicKey().Type())
			}
		})
	}
}

func TestKnownHostsDefaultsToHome(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("USERPROFILE", home)
	s, err := (&Config{Host: "h", User: "u"}).settings()
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(home, ".ssh", "known_hosts"); len(s.knownHosts) != 1 || s.knownHosts[0] != want {
		t.Errorf("known_hosts files = %q, want [%q]", s.knownHosts, want)
	}
}
