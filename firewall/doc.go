// Package firewall models the cloud firewalls in front of virtual servers:
// rules and attachments as data, read from a YAML or JSON file, validated,
// checked for reachability and linted. It does no networking.
//
// Most callers want [Load], then [Config.Check] to ask whether a connection
// gets through, or [Config.Lint] to find exposures:
//
//	cfg, err := firewall.Load("cloud.yaml")
//	...
//	v, err := cfg.Check(firewall.Packet{Server: "web1", Source: myIP, Protocol: firewall.TCP, Port: 22})
//	if !v.Allowed {
//		fmt.Println(v.Why(), "- add:", v.Fix.Rule)
//	}
//
// To check many packets against one file, [Config.Compile] it once and use
// [Policy.Check]: each check is then two binary searches. Both give the
// same verdict: Config.Check compiles what its packet needs and asks the
// same evaluator. [Config.FirewallsOf] and [Config.ServersOf] say who is
// attached to whom; [Config.Effective] is what reaches each server.
//
// # The cloud's model
//
// A new server has every port closed. A [Firewall] has a name, an "allow
// internal network" switch and inbound [Rule]s, each admitting one protocol
// (TCP or UDP) on a port range from a source CIDR. Firewalls are attached to
// servers from either side (a firewall's servers list, a server's firewalls
// list; both merge), a server may have several, and what any of them admits
// is admitted: there are no deny rules. Inbound rules govern what arrives
// at a server's public address. Traffic between servers over the private
// network is blocked by the firewall policy unless "allow internal network"
// is on in an attached firewall; no rule admits it, whatever its source
// covers (10.0.0.0/8, 0.0.0.0/0). The switch admits servers only: the
// private address of a server in the file, or an address in the same
// private range (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 100.64.0.0/10,
// fc00::/7, loopback) as the destination's private address; 8.8.8.8 never
// arrives over the private network. A source of the other address family
// than the server's address (IPv6 to an IPv4-only server) never arrives.
//
// # File format
//
// One YAML document (JSON, a subset of YAML, is read by the same decoder):
//
//	firewalls:
//	  - name: web
//	    allow_internal: false
//	    inbound:
//	      - service: SSH                # fills protocol tcp, ports 22
//	        source: 203.0.113.7/32      # a bare address means /32 (or /128)
//	        description: office
//	      - service: HTTP
//	        source: 0.0.0.0/0
//	      - protocol: udp
//	        ports: 60000-61000          # a single port or FROM-TO
//	        source: 198.51.100.0/24
//	    servers: [web1]                 # attach from the firewall's side
//	servers:
//	  - name: web1
//	    os: ubuntu                      # used by sshclient for the login user
//	    keypair: cafe24                 # the keypair the server was created with
//	    public_ip: 203.0.113.50
//	    private_ip: 10.0.0.5
//	    firewalls: [web]                # or attach from the server's side; both sides merge
//	    port: 22                        # optional, for logging in: the SSH port (default 22),
//	    user: ubuntu                    #   the login user (overrides the OS's),
//	    groups: [web, prod]             #   names to select servers by,
//	    key: keys/web1.pem              #   the private key file (overrides the keypair's)
//	keys: keys                          # optional: the folder of the keypairs' key files
//
// A rule gives either a service from the catalog ([Services]: SSH 22/tcp,
// HTTP 80/tcp, HTTPS 443/tcp, FTP 21/tcp, SMTP 25/tcp, DNS 53/tcp+udp, MySQL
// 3306/tcp, PostgreSQL 5432/tcp, MSSQL 1433/tcp, Redis 6379/tcp, MongoDB
// 27017/tcp, RDP 3389/tcp and more; names in any case), optionally with the
// same protocol and port spelled out (DNS may be narrowed to one protocol),
// or a protocol and ports. Decoding is strict: an unknown or duplicate key,
// a value of the wrong type (allow_internal: yes is not a boolean), a YAML
// alias or a second document is an error.
//
// # Validation
//
// [Parse] and [Load] reject, with an [*Error] naming the file, line,
// firewall, rule index and field: port 0 or above 65535, FROM above TO, a
// protocol other than tcp or udp, an unknown service or one contradicted by
// the rule's protocol or ports, a missing source, a malformed address, a
// zone (fe80::1%eth0), leading zeros, a CIDR with host bits set
// (203.0.113.7/24: "did you mean 203.0.113.0/24, or 203.0.113.7/32 for one
// address?"), a server name or keypair name the console would not allow
// (server names are at most 20 English letters, digits and '-', keypair
// names at most 20 English letters and digits, so "../x" never loads),
// duplicate firewall or server names, attachments to firewalls
// or servers that do not exist, and malformed server addresses. An
// IPv4-mapped IPv6 address is read as IPv4 and reported in
// [Config.Warnings]. Addresses are stored once, canonical, as net/netip
// values. [Config.Validate] applies the same checks to a config built in
// code.
//
// # Reachability
//
// [Config.Check] takes a [Packet] (destination server, source address or
// source server, protocol, port, public or private path) and returns a
// [Verdict]: allowed or not, the [Reason], the admitting firewall and rule
// (the one with the narrowest source when several admit), or the rules for
// the port that do not admit the source, and the smallest [Fix]: on the
// public path a rule for exactly that protocol, port and source address,
// over the private network the "allow internal network" switch.
//
// # Lint rules
//
// [Config.Lint] returns [Finding]s with a stable ID and name. Coverage is
// computed on address sets (go4.org/netipx), per firewall and per server's
// merged firewalls, so 0.0.0.0/1 plus 128.0.0.0/1 is the whole internet.
// The whole IPv4 internet is every address but the RFC 6890 ranges that
// never arrive from it (private, shared, loopback, link-local, multicast,
// reserved); the whole IPv6 internet is 2000::/3. A wide source is wider
// than an IPv4 /24 or an IPv6 /48.
//
//	ID     name                     severity  fires when
//	FW001  admin-port-internet      error     SSH (tcp/22) or RDP (tcp/udp 3389) is open to the whole IPv4 or IPv6 internet
//	FW002  sensitive-port-internet  error     a port of trivy's AZU-0074 list (20, 21, 23, 25, 53, 110, 135, 139, 143,
//	                                          161, 389, 636, 993, 995, 1433, 1521, 3306, 5432, 6379) or 27017 is
//	                                          open to the whole internet; one finding per firewall (or server) and family
//	FW003  wide-port-range          warning   a rule opens more than 30 ports, or all ports, to a wide source
//	FW004  duplicate-rule           warning   a rule admits exactly what another rule on the same server admits
//	FW005  shadowed-rule            info      everything a rule admits is admitted by one other rule on the same server
//	FW006  server-no-firewall       warning   a server has no firewall: every port is closed, nobody can log in
//	FW007  server-no-ssh            warning   no rule of a server's firewalls admits tcp/22 from anywhere
//	FW008  firewall-no-rules        warning   a firewall has no inbound rules (info when it allows the internal network)
//	FW009  firewall-unattached      warning   a firewall is attached to no server
//	FW010  ssh-source-wide          warning   a rule admits tcp/22 from a wide source (not repeated for FW001's rules)
//	FW011  null-list                warning   a list (firewalls, servers, inbound) is given as null ("servers:" with
//	                                          nothing under it): it reads as empty, rarely what was meant
//	FW012  shared-address           warning   two servers have the same address (in either field)
//	FW013  address-kind             warning   a public_ip the internet cannot reach, or a private_ip outside the
//	                                          private ranges (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7)
//	FW014  public-equals-private    warning   a server's public_ip and private_ip are the same address
//
// Loopback addresses (127.0.0.0/8, ::1) are accepted in either address
// field without a finding (FW012-FW014), so that files whose servers are
// stand-ins on this machine lint clean.
//
// # JSON output
//
// The types that keyconv firewall --json prints marshal to stable JSON.
// Protocols are "tcp", "udp" or "tcp+udp"; port ranges are strings, "22" or
// "60000-61000"; addresses and prefixes are strings in canonical form.
//
// keyconv firewall check --json prints one [Verdict]:
//
//	{
//	  "verdict": "allow" | "deny",
//	  "allowed": bool,
//	  "reason": "rule" | "internal" | "no-address" | "no-firewall" | "no-rule-for-port" | "source-not-allowed" | "internal-off"
//	            | "not-private-source" | "family-mismatch",
//	  "why": string,                  // Verdict.Why, one sentence
//	  "server": string,
//	  "source": string,               // the source address, resolved from source_server if given
//	  "source_server": string,        // omitted when the source was an address
//	  "protocol": "tcp" | "udp",
//	  "port": number,
//	  "to": "public" | "private",
//	  "destination": string,          // the server's address; omitted with reason "no-address"
//	  "firewalls": [string],          // attached to the server
//	  "firewall": string,             // the admitting firewall; omitted on deny
//	  "rule": RuleRef | null,         // the admitting rule (reason "rule")
//	  "near": [RuleRef],              // rules for the port that do not admit the source
//	  "fix": {"firewall": string, "rule": Rule}              // on deny, public path; firewall "" means a new one
//	       | {"firewall": string, "allow_internal": true}    // on deny over the private network: turn the switch on
//	       | null                                            // allowed, or no firewall change would admit it
//	}
//	RuleRef = {"firewall": string, "index": number, "rule": Rule}
//	Rule    = {"service": string (omitted if none), "protocol": string, "ports": string,
//	           "source": string, "description": string (omitted if empty), "line": number (omitted if 0)}
//
// keyconv firewall lint --json prints {"findings": [Finding]}, in line order:
//
//	Finding = {"id": string, "name": string, "severity": "info" | "warning" | "error",
//	           "file": string, "line": number, "firewall": string (omitted if none),
//	           "rule": number | null, "server": string (omitted if none), "message": string}
//
// keyconv firewall show --json prints {"servers": [ServerPolicy]}, in file order:
//
//	ServerPolicy = {"server": string, "public_ip": string (omitted if none), "private_ip": string (omitted if none),
//	                "firewalls": [string], "internal_firewall": string (omitted if none),
//	                "inbound": [{"protocol": "tcp" | "udp", "ports": string, "sources": [string]}],
//	                "same_as": string}  // a server with the firewalls of an earlier one (that admit something): its name, and no "inbound"
//
// # Limits
//
// A file may be at most [MaxFileSize] bytes with at most [MaxRules] rules.
// Within them, [Config.Lint], [Config.Effective] and a one-off
// [Config.Check] take time that grows with servers plus rules: what depends
// on a set of attached firewalls is computed once per distinct set, however
// many servers share it. What remains beyond linear is output-sized (pairs
// of overlapping rules that lint compares, the rules covering each port
// interval) and is bounded by MaxRules. [Config.Compile]'s tables grow with
// a set's rules times its distinct port ranges: meant for many checks
// against ordinary files. bench/firewall/run.sh prints the growth table.
package firewall
