package doctor

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// echoServer is a local stand-in for the echo service: the tests never ask
// a real one.
func echoServer(t *testing.T, status int, body string) string {
	t.Helper()
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(status)
		w.Write([]byte(body))
	}))
	t.Cleanup(s.Close)
	require.True(t, strings.HasPrefix(s.URL, "http://127.0.0.1:"), s.URL)
	return s.URL
}

func TestPublicAddr(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		status     int
		want, err  string
	}{
		{"ipv4 with newline", "198.51.100.7\n", 200, "198.51.100.7", ""},
		{"ipv6", "2001:db8::7", 200, "2001:db8::7", ""},
		{"mapped ipv4 read as ipv4", "::ffff:198.51.100.7\n", 200, "198.51.100.7", ""},
		{"not an address", "<html>hello</html>", 200, "", "did not answer with an address"},
		{"too long", strings.Repeat("1", maxEchoAnswer+1), 200, "", "answered more than an address"},
		{"error status", "198.51.100.7", 503, "", "answered 503 Service Unavailable"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			url := echoServer(t, tc.status, tc.body)
			got, err := PublicAddr(context.Background(), nil, url, time.Second)
			if tc.err != "" {
				require.ErrorContains(t, err, tc.err)
				// Read inside a check's line only: no package prefix.
				assert.False(t, strings.HasPrefix(err.Error(), "doctor: "), err.Error())
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, got.String())
		})
	}
}

func TestPublicAddrUnreachable(t *testing.T) {
	url := "http://127.0.0.1:" + itoa(closedPort(t)) + "/"
	_, err := PublicAddr(context.Background(), nil, url, time.Second)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "asking "+url+" for your address")
}

// TestDetectSource: --from auto feeds the firewall check the address the
// echo service answers, and a failing service is a warning that says to
// give --from.
func TestDetectSource(t *testing.T) {
	opts := Options{
		FirewallFile: "../../../../testdata/doctor/cloud.yaml", Server: "web1",
		// Never the file's public_ip: tests stay on loopback.
		Host: "127.0.0.1", DialContext: dialTo("127.0.0.1:" + itoa(closedPort(t))),
		DetectSource: true, EchoURL: echoServer(t, 200, "192.0.2.9\n"),
	}
	r := Run(context.Background(), opts)
	c := check(t, r, "firewall-ssh")
	assert.Equal(t, Fail, c.Status)
	assert.Contains(t, c.Found, "from 192.0.2.9 (your address, as "+opts.EchoURL+" sees it)")
	assert.Equal(t, "192.0.2.9", r.Target.Source)

	opts.EchoURL = echoServer(t, 200, "198.51.100.7")
	r = Run(context.Background(), opts)
	assert.Equal(t, OK, check(t, r, "firewall-ssh").Status)

	opts.EchoURL = echoServer(t, 500, "")
	r = Run(context.Background(), opts)
	c = check(t, r, "firewall-ssh")
	assert.Equal(t, Warn, c.Status)
	assert.Equal(t, "give your public address with --from ADDR", c.Fix)
}
