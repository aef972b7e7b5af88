package main

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/cloudkeypair/keypair/cmd/keyconv/internal/clients"
	"github.com/cloudkeypair/keypair/cmd/keyconv/internal/fix"
	"github.com/cloudkeypair/keypair/firewall"
	"github.com/cloudkeypair/keypair/internal/fixture"
	"github.com/cloudkeypair/keypair/sshclient/clientconf"
)

// TestExportConvert builds the hosts of a format that needs .ppk keys:
// without --convert a missing .ppk is an error naming the server with
// the --convert fix; with it the .ppk is written beside the .pem, 0600,
// in the version --for asks, and used from then on.
func TestExportConvert(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "cafe24.pem"), fixture.Read(t, "cafe24.pem"), 0o600); err != nil {
		t.Fatal(err)
	}
	cloud := filepath.Join(dir, "cloud.yaml")
	cfg, err := firewall.Parse([]byte("servers:\n  - name: web1\n    os: ubuntu\n    keypair: cafe24\n    public_ip: 127.0.0.7\n"), cloud)
	if err != nil {
		t.Fatal(err)
	}
	format := clientconf.Format{Name: "fake", NeedsPPK: true}
	var stderr bytes.Buffer
	sio := &stdio{In: strings.NewReader(""), Out: &bytes.Buffer{}, Err: &stderr}
	f := &exportFlags{cloud: cloudFlags{file: cloud, all: true}, knownHosts: filepath.Join(dir, "known_hosts")}

	_, err = f.hosts(sio, cfg, format, nil)
	var hinted *hintError
	if err == nil || !strings.Contains(err.Error(), `server "web1": no cafe24.ppk beside its key`) ||
		!errors.As(err, &hinted) || hinted.hints[0] != fix.ExportConvert {
		t.Fatalf("without --convert: %v", err)
	}

	f.convert = true
	old, err := clients.ParseTarget("putty@0.74")
	if err != nil {
		t.Fatal(err)
	}
	hosts, err := f.hosts(sio, cfg, format, &old)
	if err != nil {
		t.Fatal(err)
	}
	ppk := filepath.Join(dir, "cafe24.ppk")
	if len(hosts) != 1 || hosts[0].PPKFile != ppk || hosts[0].KeyFile != filepath.Join(dir, "cafe24.pem") {
		t.Fatalf("hosts %+v", hosts)
	}
	data, err := os.ReadFile(ppk)
	if err != nil || !bytes.HasPrefix(data, []byte("PuTTY-User-Key-File-2: ")) {
		t.Fatalf("%s: %v %q", ppk, err, data[:min(len(data), 40)])
	}
	if info, _ := os.Stat(ppk); runtime.GOOS != "windows" && info.Mode().Perm() != 0o600 {
		t.Errorf("%s has mode %v", ppk, info.Mode().Perm())
	}
	if !strings.Contains(stderr.String(), "keyconv: wrote "+ppk) {
		t.Errorf("stderr %q", stderr.String())
	}

	// Once there, the .ppk is used as it is, never written again.
	stderr.Reset()
	current, err := clients.ParseTarget("putty")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.hosts(sio, cfg, format, &current); err != nil || strings.Contains(stderr.String(), "wrote") {
		t.Errorf("second run: %v, %q", err, stderr.String())
	}
	if again, _ := os.ReadFile(ppk); !bytes.Equal(again, data) {
		t.Error("the .ppk was rewritten")
	}
}
