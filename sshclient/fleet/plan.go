package fleet

import (
	"errors"
	"net/netip"

	"github.com/cloudkeypair/keypair/firewall"
	"github.com/cloudkeypair/keypair/sshclient"
)

// Planned is what a run would do on one server, without dialling it.
type Planned struct {
	Target *Target
	User   string // the login user, "" when it cannot be found (Err says why)
	Err    error

	// Verdict is the firewall file's answer for TCP to the target's port
	// from the address the plan was made for; nil without one, or for a
	// target built in code.
	Verdict *firewall.Verdict
}

// Reachable reports whether Verdict lets the connection through (true when
// there is no verdict).
func (p *Planned) Reachable() bool { return p.Verdict == nil || p.Verdict.Allowed }

// Plan says, for each target, whom a run logs in as and, when from is
// valid, whether cfg's firewalls let from reach the target's SSH port over
// the path it dials (public, or private with KeyOptions.Private): what
// keyconv run --dry-run --from prints. Nothing is dialled.
func Plan(cfg *firewall.Config, targets []Target, from netip.Addr, private bool, users *sshclient.UserTable) []Planned {
	out := make([]Planned, len(targets))
	for i := range targets {
		t := &targets[i]
		p := Planned{Target: t}
		p.User, p.Err = t.LoginUser(users)
		if from.IsValid() && t.Server != nil {
			to := firewall.NetworkPublic
			if private {
				to = firewall.NetworkPrivate
			}
			port := t.Port
			if port == 0 {
				port = sshclient.DefaultPort
			}
			v, err := cfg.Check(firewall.Packet{Server: t.Name, Source: from, Protocol: firewall.TCP, Port: uint16(port), To: to})
			if err != nil {
				p.Err = errors.Join(p.Err, err)
			} else {
				p.Verdict = &v
			}
		}
		out[i] = p
	}
	return out
}
