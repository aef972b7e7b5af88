package firewall

import (
	"net/netip"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParsePrefix(t *testing.T) {
	tests := []struct {
		in, want, err string
	}{
		{in: "203.0.113.7", want: "203.0.113.7/32"},
		{in: "203.0.113.0/24", want: "203.0.113.0/24"},
		{in: "0.0.0.0/0", want: "0.0.0.0/0"},
		{in: "2001:db8::1", want: "2001:db8::1/128"},
		{in: "2001:db8::/32", want: "2001:db8::/32"},
		{in: "::/0", want: "::/0"},
		{in: "::ffff:203.0.113.7", want: "203.0.113.7/32"},
		{in: "::ffff:198.51.100.0/120", want: "198.51.100.0/24"},
		{in: "::ffff:0.0.0.0/96", want: "0.0.0.0/0"},
		{in: "203.0.113.7/24", err: "did you mean 203.0.113.0/24, or 203.0.113.7/32 for one address?"},
		{in: "2001:db8::1/64", err: "did you mean 2001:db8::/64, or 2001:db8::1/128 for one address?"},
		{in: "fe80::1%eth0", err: "zones (\"%eth0\") are not allowed"},
		{in: "fe80::%eth0/64", err: "zones (\"%eth0\") are not allowed"},
		{in: "010.0.0.1", err: "leading zero"},
		{in: "10.0.0.0/08", err: "not an address or CIDR"},
		{in: "10.0.0.0/33", err: "out of range"},
		{in: "::ffff:10.0.0.0/95", err: "shorter than /96"},
		{in: "", err: "not an IP address"},
		{in: "web1", err: "not an IP address"},
		{in: "10.0.0.0/", err: "not an address or CIDR"},
		{in: "10.0.0.0/8/8", err: "not an address or CIDR"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParsePrefix(tt.in)
			if tt.err != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tt.err)
				assert.True(t, strings.HasPrefix(err.Error(), "firewall: "))
				return
			}
			require.NoError(t, err)
			assert.Equal(t, netip.MustParsePrefix(tt.want), got)
		})
	}
}

func TestParseAddr(t *testing.T) {
	tests := []struct {
		in, want, err string
	}{
		{in: "203.0.113.50", want: "203.0.113.50"},
		{in: "2001:db8::50", want: "2001:db8::50"},
		{in: "::ffff:203.0.113.50", want: "203.0.113.50"},
		{in: "fe80::1%eth0", err: "zones (\"%eth0\") are not allowed"},
		{in: "203.0.113.050", err: "leading zero"},
		{in: "203.0.113.0/24", err: "not an IP address"},
		{in: "cafe24", err: "not an IP address"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseAddr(tt.in)
			if tt.err != "" {
				assert.ErrorContains(t, err, tt.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, netip.MustParseAddr(tt.want), got)
		})
	}
}

func TestParsePortRange(t *testing.T) {
	tests := []struct {
		in   string
		want PortRange
		err  string
	}{
		{in: "22", want: PortRange{22, 22}},
		{in: "1-65535", want: allPorts},
		{in: "60000-61000", want: PortRange{60000, 61000}},
		{in: "0", err: "port 0 is out of range"},
		{in: "65536", err: "port 65536 is out of range"},
		{in: "99999999999999999999", err: "out of range"},
		{in: "022", err: "leading zero"},
		{in: "80-22", err: "runs backwards"},
		{in: "22-", err: "not a port"},
		{in: "-22", err: "not a port"},
		{in: "+22", err: "not a port"},
		{in: "", err: "not a port"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParsePortRange(tt.in)
			if tt.err != "" {
				assert.ErrorContains(t, err, tt.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
			assert.Equal(t, tt.in, got.String())
		})
	}
}

func TestServices(t *testing.T) {
	for _, tt := range []struct {
		name  string
		proto Protocol
		port  uint16
	}{
		{"SSH", TCP, 22}, {"HTTP", TCP, 80}, {"HTTPS", TCP, 443}, {"FTP", TCP, 21}, {"SMTP", TCP, 25},
		{"DNS", TCP | UDP, 53}, {"MySQL", TCP, 3306}, {"PostgreSQL", TCP, 5432}, {"MSSQL", TCP, 1433},
		{"Redis", TCP, 6379}, {"MongoDB", TCP, 27017}, {"RDP", TCP, 3389},
	} {
		s, ok := LookupService(strings.ToLower(tt.name))
		require.True(t, ok, tt.name)
		assert.Equal(t, Service{tt.name, tt.proto, tt.port}, s)
	}
	_, ok := LookupService("gopher")
	assert.False(t, ok)
	list := Services()
	list[0].Port = 1
	s, _ := LookupService(list[0].Name)
	assert.NotEqual(t, uint16(1), s.Port, "Services must return a copy")
}
