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
	dialCtx, cancel := ctx, context.CancelFunc(func() {})
	if s.connectTimeout > 0 {
		dialCtx, cancel = context.WithTimeout(ctx, s.connectTimeout)
	}
	defer cancel()
	conn, err := s.dial(dialCtx)
	if err != nil {
		return nil, s.connectError(ctx, dialCtx, StageConnect, err)
	}
	return conn, nil
}
