package firewall

import "strings"

// Service is an entry of the console's service catalog: picking one in a rule
// fills in its protocol and port.
type Service struct {
	Name     string   // as the console spells it, e.g. "PostgreSQL"
	Protocol Protocol // TCP, UDP, or both (DNS)
	Port     uint16
}

// catalog is the service table, in the order the console lists it. Names
// match case-insensitively.
//
//	SSH 22/tcp, HTTP 80/tcp, HTTPS 443/tcp, FTP 21/tcp, SMTP 25/tcp,
//	DNS 53/tcp+udp, MySQL 3306/tcp, PostgreSQL 5432/tcp, MSSQL 1433/tcp,
//	Redis 6379/tcp, MongoDB 27017/tcp, RDP 3389/tcp, Telnet 23/tcp,
//	POP3 110/tcp, IMAP 143/tcp, SMTPS 465/tcp, Submission 587/tcp,
//	IMAPS 993/tcp, POP3S 995/tcp, LDAP 389/tcp, LDAPS 636/tcp,
//	Oracle 1521/tcp, NTP 123/udp, SNMP 161/udp
var catalog = []Service{
	{"SSH", TCP, 22},
	{"HTTP", TCP, 80},
	{"HTTPS", TCP, 443},
	{"FTP", TCP, 21},
	{"SMTP", TCP, 25},
	{"DNS", TCP | UDP, 53},
	{"MySQL", TCP, 3306},
	{"PostgreSQL", TCP, 5432},
	{"MSSQL", TCP, 1433},
	{"Redis", TCP, 6379},
	{"MongoDB", TCP, 27017},
	{"RDP", TCP, 3389},
	{"Telnet", TCP, 23},
	{"POP3", TCP, 110},
	{"IMAP", TCP, 143},
	{"SMTPS", TCP, 465},
	{"Submission", TCP, 587},
	{"IMAPS", TCP, 993},
	{"POP3S", TCP, 995},
	{"LDAP", TCP, 389},
	{"LDAPS", TCP, 636},
	{"Oracle", TCP, 1521},
	{"NTP", UDP, 123},
	{"SNMP", UDP, 161},
}

// Services returns the service catalog, in the console's order. The slice is
// a copy; changing it changes nothing here.
func Services() []Service { return append([]Service(nil), catalog...) }

// LookupService finds a catalog service by name, in any case.
func LookupService(name string) (Service, bool) {
	for _, s := range catalog {
		if strings.EqualFold(s.Name, name) {
			return s, true
		}
	}
	return Service{}, false
}

// serviceFor names the catalog service that is exactly proto/port, for
// suggested rules and printed policies; "" when there is none.
func serviceFor(proto Protocol, port uint16) string {
	for _, s := range catalog {
		if s.Port == port && s.Protocol.Has(proto) {
			return s.Name
		}
	}
	return ""
}

// serviceNames lists the catalog for "unknown service" errors.
func serviceNames() string {
	names := make([]string, len(catalog))
	for i, s := range catalog {
		names[i] = s.Name
	}
	return strings.Join(names, ", ")
}
