package sshclient

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strconv"
)

// Connect opens the TCP connection that Dial opens first, and nothing
// more: it needs only Config's Host, Port, ConnectTimeout and DialContext,
// and fails as Dial fails at that stage, with a [*TimeoutError] (Stage
// StageConnect) or a [*RefusedError]. It is for callers that tell a network
// failure from a login failure, such as keyconv doctor; a Config whose
// DialContext returns the connection then lets Dial log in over it.
func Connect(ctx context.Context, cfg *Config) (net.Conn, error) {
	if cfg.Host == "" {
		return nil, errors.New("sshclient: no host given")
	}
	port := cfg.Port
	if port == 0 {
		port = DefaultPort
	}
	if port < 0 || port > 65535 {
		return nil, fmt.Errorf("sshclient: port %d is out of range", cfg.Port)
	}
	s := &settings{Config: cfg, addr: net.JoinHostPort(cfg.Host, strconv.Itoa(port)), connectTimeout: cfg.ConnectTimeout}
	if s.connectTimeout == 0 {
		s.connectTimeout = DefaultConnectTimeout
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
