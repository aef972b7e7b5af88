package firewall

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"
)

// The fields a fleet of servers needs: port, user, groups and key on a
// server, keys at the top.
func TestServerLoginFields(t *testing.T) {
	src := `keys: ../secrets
servers:
  - name: web1
    os: ubuntu
    keypair: cafe24
    public_ip: 127.0.0.2
    port: 2222
    user: deploy
    groups: [web, prod]
    key: keys/web1.pem
  - name: db1
    public_ip: 127.0.0.3
`
	cfg, err := Parse([]byte(src), "cloud.yaml")
	require.NoError(t, err)
	assert.Equal(t, "../secrets", cfg.KeyDir)
	web := cfg.Server("web1")
	require.NotNil(t, web)
	assert.Equal(t, 2222, web.Port)
	assert.Equal(t, "deploy", web.User)
	assert.Equal(t, []string{"web", "prod"}, web.Groups)
	assert.Equal(t, "keys/web1.pem", web.Key)
	db := cfg.Server("db1")
	assert.Zero(t, db.Port, "no port: 0, so that the caller's default applies")
	assert.Empty(t, db.User)
	assert.Empty(t, db.Groups)

	// Written back and read again, nothing is lost.
	y, err := yaml.Marshal(cfg)
	require.NoError(t, err)
	again, err := Parse(y, "again.yaml")
	require.NoError(t, err, "%s", y)
	assert.Equal(t, cfg.KeyDir, again.KeyDir)
	assert.Equal(t, *web, withLine(*again.Server("web1"), web.Line))
}

func withLine(s Server, line int) Server { s.Line = line; return s }

func TestServerLoginFieldErrors(t *testing.T) {
	tests := map[string]struct {
		src  string
		line int
		want string
	}{
		"port string": {"servers:\n  - name: a\n    port: ssh\n", 3, `server "a": port: want a port number, got "ssh"`},
		"port quoted": {"servers:\n  - name: a\n    port: '22'\n", 3, `server "a": port: want a port number, got "22"`},
		"port zero":   {"servers:\n  - name: a\n    port: 0\n", 3, `server "a": port: port 0 is out of range 1-65535`},
		"port big":    {"servers:\n  - name: a\n    port: 65536\n", 3, `port 65536 is out of range 1-65535`},
		"port list":   {"servers:\n  - name: a\n    port: [22]\n", 3, `port: want a port number, got a list`},
		"groups text": {"servers:\n  - name: a\n    groups: web\n", 3, `server "a": groups: want a list, got "web"`},
		"group empty": {"servers:\n  - name: a\n    groups: ['']\n", 3, `groups: must not be empty`},
		"user list":   {"servers:\n  - name: a\n    user: [x]\n", 3, `server "a": user: want a string, got a list`},
		"key empty":   {"servers:\n  - name: a\n    key: ''\n", 3, `server "a": key: must not be empty`},
		"keys list":   {"keys: [a]\nservers: []\n", 1, `keys: want a string, got a list`},
		"unknown":     {"servers:\n  - name: a\n    groop: [web]\n", 3, `servers[0]: unknown field "groop"`},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := Parse([]byte(tt.src), "cloud.yaml")
			var fe *Error
			require.True(t, errors.As(err, &fe), "want *Error, got %v", err)
			assert.Equal(t, tt.line, fe.Line)
			assert.Contains(t, err.Error(), "cloud.yaml:")
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}
