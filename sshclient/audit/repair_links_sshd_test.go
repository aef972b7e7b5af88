//go:build linux

// Reads file owners through syscall.Stat_t; the real-sshd tests run on
// Linux only (see internal/sshtest).

package audit_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/cloudkeypair/keypair/internal/sshtest"
	"github.com/cloudkeypair/keypair/keyconv"
	"github.com/cloudkeypair/keypair/sshclient/audit"
	"github.com/cloudkeypair/keypair/sshclient/fleet"
)

// TestRepairRefusesLinks plans a repair of a ~/.ssh that is 0777 and a
// file owned by root, then lets the user, who controls ~/.ssh, put links
// in their place pointing at a directory and file of root's before the
// repair runs: root's chmod and chown must not follow them.
func TestRepairRefusesLinks(t *testing.T) {
	s := sshtest.StartTWith(t, sshtest.Options{UserAuthorizedKeys: true})
	admin := sshtest.CreateAccountT(t, s.ClientKey.PublicKey())
	target := sshtest.CreateAccountT(t, s.ClientKey.PublicKey())
	key, err := keyconv.ParsePublicKeyBlob(s.ClientKey.PublicKey().Marshal())
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	c := dial(t, s, admin.Name)
	sshDir := filepath.Dir(target.AuthorizedKeysFile)
	chmod(t, sshDir, 0o777)
	chown(t, target.AuthorizedKeysFile, 0)
	facts, err := audit.Gather(ctx, c, audit.GatherOptions{User: target.Name})
	if err != nil {
		t.Fatal(err)
	}
	plan, err := audit.PlanRepair(facts, audit.Check(facts, key), key)
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Commands) < 2 {
		t.Fatalf("plan %q, want a chown and a chmod", plan.Commands)
	}
	rootDir := t.TempDir()
	chmod(t, rootDir, 0o700)
	rootFile := filepath.Join(rootDir, "authorized_keys")
	if err := os.WriteFile(rootFile, []byte("# root's\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	// The file first: its link goes in the real ~/.ssh, then ~/.ssh itself
	// is moved aside and replaced by a link.
	if err := os.Remove(target.AuthorizedKeysFile); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(rootFile, target.AuthorizedKeysFile); err != nil {
		t.Fatal(err)
	}
	err = audit.Repair(ctx, c, target.Name, plan, fleet.ReplaceAuthorizedKeys)
	if err == nil || !strings.Contains(err.Error(), "symbolic link") {
		t.Errorf("repair through a link: %v, want a refusal naming the link", err)
	}
	if err := os.Rename(sshDir, sshDir+".moved"); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(rootDir, sshDir); err != nil {
		t.Fatal(err)
	}
	err = audit.Repair(ctx, c, target.Name, plan, fleet.ReplaceAuthorizedKeys)
	if err == nil || !strings.Contains(err.Error(), "symbolic link") {
		t.Errorf("repair through a linked ~/.ssh: %v, want a refusal naming the link", err)
	}
	for _, p := range []string{rootDir, rootFile} {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if st := fi.Sys().(*syscall.Stat_t); st.Uid != 0 || fi.Mode().Perm() != 0o700 && fi.Mode().Perm() != 0o600 {
			t.Errorf("%s of root's became mode %v owner %d", p, fi.Mode(), st.Uid)
		}
	}
}
