package fix

import (
	"errors"
	"fmt"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/cloudkeypair/keypair/keyconv"
	"github.com/cloudkeypair/keypair/sshclient"
)

// Every error the libraries type for a person to act on gets its fix from
// the table, wrapped or not, with the data the error carries in it.
func TestForNamesTheFixWithTheErrorsData(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want string
	}{
		{&sshclient.KeyPermissionsError{Path: "loose key", Mode: 0o644}, Native.KeyMode("loose key")},
		{&sshclient.TimeoutError{Addr: "127.0.0.1:2222", Stage: sshclient.StageConnect, Timeout: time.Second}, "add an inbound rule for TCP 2222"},
		{&sshclient.TimeoutError{Addr: "127.0.0.1:2222", Stage: sshclient.StageHandshake}, "port 2222 is the server's SSH port"},
		{&sshclient.TimeoutError{Addr: "127.0.0.1:2222", Stage: sshclient.StageAuth}, "slow or overloaded"},
		{&sshclient.RefusedError{Addr: "[::1]:2200"}, "check that 2200 is the server's SSH port"},
		{&sshclient.UnknownHostKeyError{Fingerprint: "SHA256:abc"}, "compare SHA256:abc with"},
		{&sshclient.HostKeyChangedError{Host: "web 1", Known: []sshclient.KnownKey{{File: "kh"}}}, "keyconv known-hosts forget --known-hosts kh 'web 1'"},
		{&sshclient.AuthError{User: "root", KeyFingerprint: "SHA256:k"}, "this key is SHA256:k"},
		{&sshclient.SudoError{User: "u"}, "NOPASSWD"},
		{&sshclient.UnknownOSError{OS: "plan9"}, "--os OS (Rocky: rocky"},
		{&keyconv.PassphraseMissingError{}, "--passphrase-file FILE"},
		{keyconv.ErrWrongPassphrase, "check the passphrase"},
		{sshclient.ErrKeepaliveTimeout, "stopped answering"},
	} {
		wrapped := fmt.Errorf("context: %w", tc.err)
		got := strings.Join(For(wrapped), "\n")
		if !strings.Contains(got, tc.want) {
			t.Errorf("For(%v) = %q, want it to contain %q", tc.err, got, tc.want)
		}
	}
	if got := For(errors.New("something else")); got != nil {
		t.Errorf("For(an unknown error) = %q, want none", got)
	}
}

func TestContextWordsTheFixForTheCommand(t *testing.T) {
	c := Context{PassphraseFlag: "--old-passphrase", OS: "ubuntu", Keypair: "cafe24"}
	if got := c.For(keyconv.ErrWrongPassphrase); len(got) != 1 || !strings.Contains(got[0], "--old-passphrase uses") {
		t.Errorf("wrong passphrase fix %q does not name --old-passphrase", got)
	}
	got := c.Login("SHA256:k")
	for _, want := range []string{"ubuntu, the user of ubuntu images", `keypair "cafe24"`} {
		if !strings.Contains(got, want) {
			t.Errorf("Login fix %q lacks %q", got, want)
		}
	}
}

// The rule to add names the port and, once --from gave it, the address;
// only without one does it send the user to --from.
func TestLoginRule(t *testing.T) {
	from := netip.MustParseAddr("198.51.100.7")
	for _, tc := range []struct {
		port   uint16
		source netip.Addr
		want   string
	}{
		{22, netip.Addr{}, "add an SSH rule from your address (--from ADDR shows the exact rule)"},
		{22, from, "add an SSH rule from 198.51.100.7/32"},
		{2222, from, "add a rule for tcp/2222 from 198.51.100.7/32"},
		{2222, netip.MustParseAddr("2001:db8::7"), "add a rule for tcp/2222 from 2001:db8::7/128"},
	} {
		if got := LoginRule(tc.port, tc.source); got != tc.want {
			t.Errorf("LoginRule(%d, %v) = %q, want %q", tc.port, tc.source, got, tc.want)
		}
	}
}
