package audit

import (
	"context"
	_ "embed"
	"fmt"
	"net"
	"strings"

	"github.com/cloudkeypair/keypair/sshclient"
)

// gatherScript collects the facts in one root shell: one round trip.
//
//go:embed gather.sh
var gatherScript string

// GatherOptions say whose side to gather, and from which sshd config.
type GatherOptions struct {
	// User is the account to audit. It must pass [sshclient.ValidateLoginName].
	User string

	// SSHDConfig, if set, is the sshd config file to read instead of the
	// running sshd's (keyconv's --sshd-config).
	SSHDConfig string
}

// Gather collects the facts of opts.User over c, whose user must have
// passwordless sudo (the images' users have it). It changes nothing.
func Gather(ctx context.Context, c *sshclient.Client, opts GatherOptions) (*Facts, error) {
	if err := sshclient.ValidateLoginName(opts.User); err != nil {
		return nil, fmt.Errorf("audit: %w", err)
	}
	out, err := c.RunScript(ctx, &sshclient.Script{Doing: "audit: gathering the facts of " + opts.User,
		Body: gatherScript, Name: "audit", Args: []string{opts.User, opts.SSHDConfig, connectionSpec(c, opts.User)},
		Root: true, Limit: 4 * maxKeysFile})
	if err != nil {
		return nil, err
	}
	return ParseFacts(out)
}

// connectionSpec is sshd -T -C's description of a login by user over c's
// connection, so that Match User and Match Address blocks apply as they
// would to the user's own login from this machine.
func connectionSpec(c *sshclient.Client, user string) string {
	spec := []string{"user=" + user}
	if host, _, err := net.SplitHostPort(c.SSH().LocalAddr().String()); err == nil {
		spec = append(spec, "addr="+host, "host="+host)
	}
	if host, port, err := net.SplitHostPort(c.SSH().RemoteAddr().String()); err == nil {
		spec = append(spec, "laddr="+host, "lport="+port)
	}
	return strings.Join(spec, ",")
}
