package sshclient

import (
	"context"
	"errors"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"
)

// Connect needs no key or user, and fails as Dial does at the TCP stage.
func TestConnectAlone(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	conn, err := Connect(context.Background(), &Config{Host: "127.0.0.1", Port: port})
	if err != nil {
		t.Fatalf("Connect to a listening port: %v", err)
	}
	conn.Close()
	ln.Close()

	_, err = Connect(context.Background(), &Config{Host: "127.0.0.1", Port: port})
	var refused *RefusedError
	if !errors.As(err, &refused) {
		t.Fatalf("Connect to a closed port: %v, want *RefusedError", err)
	}

	_, err = Connect(context.Background(), &Config{Host: "203.0.113.10", ConnectTimeout: 50 * time.Millisecond,
		// A dropped SYN, without sending one: wait for the deadline.
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			<-ctx.Done()
			return nil, &net.OpError{Op: "dial", Net: network, Err: ctx.Err()}
		}})
	var timeout *TimeoutError
	if !errors.As(err, &timeout) || timeout.Stage != StageConnect || timeout.Addr != "203.0.113.10:22" {
		t.Fatalf("Connect that never answers: %v, want a tcp connect *TimeoutError for 203.0.113.10:22", err)
	}

	for _, cfg := range []*Config{{}, {Host: "127.0.0.1", Port: 70000}} {
		if _, err := Connect(context.Background(), cfg); err == nil {
			t.Errorf("Connect(%+v) succeeded, want an error", cfg)
		}
	}
}

func TestCheckKeyFileModeMatchesDial(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cafe24.pem")
	if err := os.WriteFile(path, []byte("key"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := CheckKeyFileMode(path, 0o600); err != nil {
		t.Errorf("mode 0600: %v", err)
	}
	err := CheckKeyFileMode(path, 0o644)
	var perm *KeyPermissionsError
	if runtime.GOOS == "windows" {
		if err != nil {
			t.Errorf("mode 0644 on Windows: %v, want nil", err)
		}
		return
	}
	if !errors.As(err, &perm) || perm.Mode != 0o644 || perm.Path != path {
		t.Errorf("mode 0644: %v, want *KeyPermissionsError", err)
	}
}
