package doctor

import (
	"context"
	"fmt"

	"github.com/cloudkeypair/keypair/firewall"
	"github.com/cloudkeypair/keypair/keyconv"
	"github.com/cloudkeypair/keypair/sshclient"
	"golang.org/x/crypto/ssh"
)

// doctor is one run's state: what the options said, what the checks have
// learned so far, and the report being written.
type doctor struct {
	opts   Options
	report *Report

	fw       *firewall.Config   // the firewall file, when it loaded
	fwErr    error              // why it did not, or why the server is not in it
	fwFix    string             // what to do about fwErr
	server   *firewall.Server   // the server's entry in it
	keyData  []byte             // the key file's contents, when readable
	signer   ssh.Signer         // the parsed key, when it parsed
	pub      *keyconv.PublicKey // its public half
	keyIsPPK bool
}

// Run runs every check and returns the report. It never fails as a whole:
// what goes wrong is a check's outcome. ctx bounds the network checks.
func Run(ctx context.Context, opts Options) *Report {
	d := &doctor{opts: opts, report: &Report{}}
	if d.opts.Port == 0 {
		d.opts.Port = sshclient.DefaultPort
	}
	if d.opts.ConnectTimeout <= 0 {
		d.opts.ConnectTimeout = DefaultConnectTimeout
	}
	if d.opts.Users == nil {
		d.opts.Users = sshclient.DefaultUsers()
	}
	d.loadFirewall()
	d.checkKeyFile()
	d.checkKeyName()
	d.checkKeyMatch()
	d.checkLoginUser()
	d.checkFirewall(ctx)
	d.checkNetwork(ctx)
	d.report.Target = Target{
		Host: d.opts.Host, Port: d.opts.Port, User: d.opts.User, OS: d.opts.OS,
		KeyFile: d.opts.KeyFile, Keypair: d.opts.Keypair,
		FirewallFile: d.opts.FirewallFile, Server: d.opts.Server,
	}
	if d.opts.Source.IsValid() {
		d.report.Target.Source = d.opts.Source.String()
	}
	d.report.Connect = d.connect()
	return d.report
}

func (d *doctor) add(step int, id string, status Status, found, fix string) {
	d.report.Checks = append(d.report.Checks, Check{Step: step, ID: id, Status: status, Found: found, Fix: fix})
}

func (d *doctor) addf(step int, id string, status Status, fix string, format string, args ...any) {
	d.add(step, id, status, fmt.Sprintf(format, args...), fix)
}
