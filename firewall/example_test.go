package firewall_test

import (
	"fmt"
	"log"
	"net/netip"

	"github.com/cloudkeypair/keypair/firewall"
)

func ExampleConfig_Check() {
	cfg, err := firewall.Load("../testdata/firewall/cloud.yaml")
	if err != nil {
		log.Fatal(err)
	}
	for _, from := range []string{"203.0.113.7", "198.51.100.9"} {
		v, err := cfg.Check(firewall.Packet{
			Server:   "web1",
			Source:   netip.MustParseAddr(from),
			Protocol: firewall.TCP,
			Port:     22,
		})
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(v.Allowed, v.Why())
		if !v.Allowed {
			fmt.Printf("add to firewall %q: %s\n", v.Fix.Firewall, v.Fix.Rule)
		}
	}
	// Output:
	// true firewall "web" inbound[0] admits SSH tcp/22 from 203.0.113.7/32 (office)
	// false rules admit tcp/22 but not from 198.51.100.9 (firewalls: web)
	// add to firewall "web": SSH tcp/22 from 198.51.100.9/32
}

func ExampleConfig_Lint() {
	cfg, err := firewall.Parse([]byte(`
firewalls:
  - name: web
    inbound:
      - {service: SSH, source: 0.0.0.0/1}
      - {service: SSH, source: 128.0.0.0/1}
    servers: [web1]
servers:
  - name: web1
`), "split.yaml")
	if err != nil {
		log.Fatal(err)
	}
	for _, f := range cfg.Lint() {
		fmt.Println(f.ID, f.Severity, f.Firewall, f.Rule)
	}
	// Output:
	// FW001 error web 0
}

func ExampleParse_error() {
	_, err := firewall.Parse([]byte(`
firewalls:
  - name: web
    inbound:
      - service: SSH
        source: 203.0.113.7/24
`), "cloud.yaml")
	fmt.Println(err)
	// Output:
	// firewall: cloud.yaml:6: firewall "web" inbound[0]: source: 203.0.113.7/24 has host bits set: did you mean 203.0.113.0/24, or 203.0.113.7/32 for one address?
}

func ExampleConfig_Compile() {
	cfg, err := firewall.Load("../testdata/firewall/multi.yaml")
	if err != nil {
		log.Fatal(err)
	}
	policy := cfg.Compile() // once; then every check is a lookup
	for _, server := range []string{"web1", "db1"} {
		v, err := policy.Check(firewall.Packet{Server: server, Source: netip.MustParseAddr("198.51.100.9"), Protocol: firewall.TCP, Port: 22})
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(server, v.Allowed, v.Reason)
	}
	// Output:
	// web1 true rule
	// db1 false no-rule-for-port
}

func ExampleConfig_FirewallsOf() {
	cfg, err := firewall.Load("../testdata/firewall/multi.yaml")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(cfg.FirewallsOf("web1")) // web attaches itself, web1 lists ops
	fmt.Println(cfg.ServersOf("web"))
	// Output:
	// [web ops]
	// [web1]
}

func ExampleConfig_Effective() {
	cfg, err := firewall.Load("../testdata/firewall/cloud.yaml")
	if err != nil {
		log.Fatal(err)
	}
	for _, sp := range cfg.Effective() {
		for _, a := range sp.Inbound {
			fmt.Println(sp.Server, a.Protocol, a.Ports, a.Sources)
		}
	}
	// Output:
	// web1 tcp 22 [203.0.113.7/32]
	// web1 tcp 80 [0.0.0.0/0]
	// web1 udp 60000-61000 [198.51.100.0/24]
}

// Over the private network only the "allow internal network" switch lets
// another server in: db's rule from web1's private address does not, and
// the fix is the switch.
func ExampleConfig_Check_privateNetwork() {
	cfg, err := firewall.Load("../testdata/firewall/multi.yaml")
	if err != nil {
		log.Fatal(err)
	}
	v, err := cfg.Check(firewall.Packet{Server: "db1", SourceServer: "web1", Protocol: firewall.TCP, Port: 5432})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(v.Allowed, v.Reason, v.Fix.Firewall, v.Fix.AllowInternal)
	v, err = cfg.Check(firewall.Packet{Server: "web1", Source: netip.MustParseAddr("8.8.8.8"), Protocol: firewall.TCP, Port: 22, To: firewall.NetworkPrivate})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(v.Allowed, v.Reason)
	// Output:
	// false internal-off db true
	// false not-private-source
}

func ExampleParsePrefix() {
	for _, s := range []string{"203.0.113.7", "::ffff:192.0.2.0/120", "203.0.113.7/24"} {
		p, err := firewall.ParsePrefix(s)
		fmt.Println(p, err)
	}
	// Output:
	// 203.0.113.7/32 <nil>
	// 192.0.2.0/24 <nil>
	// invalid Prefix firewall: 203.0.113.7/24 has host bits set: did you mean 203.0.113.0/24, or 203.0.113.7/32 for one address?
}

func ExampleLookupService() {
	svc, ok := firewall.LookupService("postgresql")
	fmt.Println(svc.Name, svc.Protocol, svc.Port, ok)
	// Output:
	// PostgreSQL tcp 5432 true
}
