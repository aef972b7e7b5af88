package sshclient

import (
	"context"
	"net"
)

// Connect opens the TCP connection that Dial opens first, and nothing
// more: it needs only Config's Host, Port, ConnectTimeout and DialContext,
// and fails as Dial fails at that stage, with a [*TimeoutError] (Stage
// StageConnect) or a [*RefusedError]. It is for callers that tell a network
// failure from a login failure, such as keyconv doctor; a Config whose
// DialContext returns the connection then lets Dial log in over it.
func Connect(ctx context.Context, cfg *Config) (net.Conn, error) {
	s, err := cfg.netSettings()
	if err != nil {
		return nil, err
	}
	dialCtx, cancel := s.deadline(ctx)
	defer cancel()
	return s.connect(ctx, dialCtx)
}
