package audit_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/cloudkeypair/keypair/internal/sshtest"
	"github.com/cloudkeypair/keypair/keyconv"
	"github.com/cloudkeypair/keypair/sshclient"
	"github.com/cloudkeypair/keypair/sshclient/audit"
	"github.com/cloudkeypair/keypair/sshclient/fleet"
)

// TestAuditRepairsDefects makes each defect of the troubleshooting page on
// purpose, on a real sshd with StrictModes yes reading the user's own
// ~/.ssh/authorized_keys: the key really is refused, Gather and Check find
// the defect, Repair fixes it, and the key logs in again. The server runs
// on this machine, so the accounts (in /etc/passwd and /home) are this
// machine's: each case has its own target account, made and removed by
// the harness; the admin account that logs in to audit is shared.
func TestAuditRepairsDefects(t *testing.T) {
	s := sshtest.StartTWith(t, sshtest.Options{UserAuthorizedKeys: true})
	admin := sshtest.CreateAccountT(t, s.ClientKey.PublicKey())
	other := sshtest.CreateAccountT(t)
	key, err := keyconv.ParsePublicKeyBlob(s.ClientKey.PublicKey().Marshal())
	if err != nil {
		t.Fatal(err)
	}
	key.Comment = "sshtest"
	line, err := key.AuthorizedKey()
	if err != nil {
		t.Fatal(err)
	}
	rfc4716, err := key.RFC4716()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		defect func(t *testing.T, a *sshtest.Account)
		want   audit.Kind
		keep   string // authorized_keys must still start with it
	}{
		{"ssh dir 0777", func(t *testing.T, a *sshtest.Account) { chmod(t, filepath.Dir(a.AuthorizedKeysFile), 0o777) }, audit.Writable, ""},
		{"home 0777", func(t *testing.T, a *sshtest.Account) { chmod(t, a.Home, 0o777) }, audit.Writable, ""},
		{"first character cut", func(t *testing.T, a *sshtest.Account) { write(t, a, "# mine\n"+line[1:]) }, audit.KeyDamaged, "# mine\n"},
		{"RFC 4716 block", func(t *testing.T, a *sshtest.Account) { write(t, a, rfc4716) }, audit.KeyDamaged, ""},
		{"owned by another user", func(t *testing.T, a *sshtest.Account) { chown(t, a.AuthorizedKeysFile, other.UID) }, audit.WrongOwner, ""},
		{"owned by root", func(t *testing.T, a *sshtest.Account) { chown(t, a.AuthorizedKeysFile, 0) }, audit.Unreadable, ""},
		{"missing", func(t *testing.T, a *sshtest.Account) { os.RemoveAll(filepath.Dir(a.AuthorizedKeysFile)) }, audit.KeyMissing, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			target := sshtest.CreateAccountT(t, s.ClientKey.PublicKey())
			if err := login(ctx, s, target.Name); err != nil {
				t.Fatalf("before the defect: %v", err)
			}
			tc.defect(t, target)
			if err := login(ctx, s, target.Name); err == nil {
				t.Fatal("sshd accepted the key despite the defect")
			}
			c := dial(t, s, admin.Name)
			facts, err := audit.Gather(ctx, c, audit.GatherOptions{User: target.Name})
			if err != nil {
				t.Fatal(err)
			}
			if facts.SSHD.Source != "listener" || !strings.HasPrefix(facts.SSHD.Config, s.Dir) || !facts.SSHD.StrictModes {
				t.Errorf("sshd: %+v, want the test sshd's config in %s", facts.SSHD, s.Dir)
			}
			findings := audit.Check(facts, key)
			if len(findings) == 0 || findings[0].Kind != tc.want || findings[0].Severity != audit.Refused || !findings[0].Repairable {
				t.Fatalf("findings %+v, want first a repairable refused %v", findings, tc.want)
			}
			plan, err := audit.PlanRepair(facts, findings, key)
			if err != nil {
				t.Fatal(err)
			}
			if err := audit.Repair(ctx, c, target.Name, plan, fleet.ReplaceAuthorizedKeys); err != nil {
				t.Fatal(err)
			}
			if err := login(ctx, s, target.Name); err != nil {
				t.Errorf("after the repair: %v", err)
			}
			facts, err = audit.Gather(ctx, c, audit.GatherOptions{User: target.Name})
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range audit.Check(facts, key) {
				if f.Severity == audit.Refused {
					t.Errorf("after the repair: %s", f.Problem())
				}
			}
			if data, err := os.ReadFile(target.AuthorizedKeysFile); err != nil || !strings.HasPrefix(string(data), tc.keep) {
				t.Errorf("authorized_keys lost %q: %q, %v", tc.keep, data, err)
			}
		})
	}
}

// TestGatherSSHDConfigFlag checks that an sshd config given by hand wins
// over the running sshd's, that sshd -T is asked for the audited user (a
// Match User block applies to that user only), that the algorithms it
// lists are judged, and that an unknown user is reported as such.
func TestGatherSSHDConfigFlag(t *testing.T) {
	s := sshtest.StartTWith(t, sshtest.Options{UserAuthorizedKeys: true})
	admin := sshtest.CreateAccountT(t, s.ClientKey.PublicKey())
	target := sshtest.CreateAccountT(t, s.ClientKey.PublicKey())
	cfg := filepath.Join(t.TempDir(), "sshd_config")
	// sshd -T needs a host key; the test sshd's will do.
	text := "HostKey " + filepath.Join(s.Dir, "ssh_host_ed25519_key") + "\nStrictModes no\nPubkeyAcceptedAlgorithms rsa-sha2-512,rsa-sha2-256\n" +
		"Match User " + target.Name + "\n\tPubkeyAuthentication no\n"
	if err := os.WriteFile(cfg, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	key, err := keyconv.ParsePublicKeyBlob(s.ClientKey.PublicKey().Marshal())
	if err != nil {
		t.Fatal(err)
	}
	c := dial(t, s, admin.Name)
	ctx := context.Background()
	for _, tc := range []struct {
		user string
		want []audit.Kind
	}{
		{target.Name, []audit.Kind{audit.PubkeyAuthOff, audit.AlgorithmRefused, audit.StrictModesOff}},
		{admin.Name, []audit.Kind{audit.AlgorithmRefused, audit.StrictModesOff}},
		{"kcnobodyhere", []audit.Kind{audit.UserMissing}},
	} {
		facts, err := audit.Gather(ctx, c, audit.GatherOptions{User: tc.user, SSHDConfig: cfg})
		if err != nil {
			t.Fatal(err)
		}
		if facts.SSHD.Source != "flag" || facts.SSHD.Config != cfg || facts.SSHD.StrictModes || facts.SSHD.Err != "" {
			t.Errorf("%s: sshd: %+v", tc.user, facts.SSHD)
		}
		var got []audit.Kind
		for _, f := range audit.Check(facts, key) {
			got = append(got, f.Kind)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: findings %v, want %v", tc.user, got, tc.want)
		}
	}
}

func config(s *sshtest.Server, user string) *sshclient.Config {
	return &sshclient.Config{Host: s.Host, Port: s.Port, User: user, Signer: s.ClientKey, KnownHostsFiles: []string{s.KnownHostsFile}}
}

func dial(t *testing.T, s *sshtest.Server, user string) *sshclient.Client {
	t.Helper()
	c, err := sshclient.Dial(context.Background(), config(s, user))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// login logs in as user with the client key over a new connection.
func login(ctx context.Context, s *sshtest.Server, user string) error {
	c, err := sshclient.Dial(ctx, config(s, user))
	if err != nil {
		return err
	}
	defer c.Close()
	return c.Run(ctx, &sshclient.Command{Line: "true"})
}

func chmod(t *testing.T, path string, mode os.FileMode) {
	t.Helper()
	if err := os.Chmod(path, mode); err != nil {
		t.Fatal(err)
	}
}

func chown(t *testing.T, path string, uid int) {
	t.Helper()
	if err := os.Chown(path, uid, uid); err != nil {
		t.Fatal(err)
	}
}

func write(t *testing.T, a *sshtest.Account, data string) {
	t.Helper()
	if err := a.WriteAuthorizedKeys([]byte(data)); err != nil {
		t.Fatal(err)
	}
}
