package fleet_test

import (
	"context"
	"fmt"
	"os"

	"github.com/cloudkeypair/keypair/firewall"
	"github.com/cloudkeypair/keypair/sshclient"
	"github.com/cloudkeypair/keypair/sshclient/fleet"
)

const cloudFile = `servers:
  - name: web1
    os: Ubuntu 22.04
    keypair: cafe24
    public_ip: 127.0.0.2
    groups: [web]
  - name: web2
    os: Rocky Linux 9
    keypair: cafe24
    public_ip: 127.0.0.3
    port: 2222
    groups: [web]
  - name: db1
    os: AlmaLinux 9
    user: dba
    keypair: cafe24
    public_ip: 127.0.0.4
`

// Targets picks servers of the cloud file and says how to log in to each;
// nothing is dialled.
func ExampleTargets() {
	cfg, err := firewall.Parse([]byte(cloudFile), "cloud.yaml")
	if err != nil {
		fmt.Println(err)
		return
	}
	targets, err := fleet.Targets(cfg, fleet.Selection{All: true}, fleet.KeyOptions{KeyFile: "cafe24.pem"})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, t := range targets {
		user, _ := t.LoginUser(nil)
		fmt.Println(t.Name, t.Addr(), user, t.KeyFile)
	}
	_, err = fleet.Targets(cfg, fleet.Selection{Group: "web"}, fleet.KeyOptions{Dir: "keys"})
	fmt.Println(err)
	// Output:
	// web1 127.0.0.2:22 ubuntu cafe24.pem
	// web2 127.0.0.3:2222 rocky cafe24.pem
	// db1 127.0.0.4:22 dba cafe24.pem
	// fleet: server "web1": no private key for keypair "cafe24": looked for cafe24.pem and cafe24.ppk in keys
	// fleet: server "web2": no private key for keypair "cafe24": looked for cafe24.pem and cafe24.ppk in keys
}

// Run runs a command on every target, at most Parallel at once, and sends
// each server's Result as it finishes; a Printer streams the output with
// each line prefixed by the server's name.
func ExampleRunner_Run() {
	cfg, _ := firewall.Load("cloud.yaml")
	targets, err := fleet.Targets(cfg, fleet.Selection{Group: "web"}, fleet.KeyOptions{})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return
	}
	r := &fleet.Runner{Parallel: 32, HostKeyPolicy: sshclient.HostKeyAcceptNew}
	p := fleet.NewPrinter(os.Stdout, os.Stderr)
	for res := range r.Run(context.Background(), targets, &fleet.Command{Line: "uptime", Stream: p.Streams}) {
		if res.Class != fleet.OK {
			fmt.Fprintf(os.Stderr, "%s: %v: %v\n", res.Target.Name, res.Class, res.Err)
		}
	}
}
