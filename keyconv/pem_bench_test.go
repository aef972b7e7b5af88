package keyconv

import (
	"bytes"
	"os/exec"
	"testing"
	"time"

	"github.com/cloudkeypair/keypair/internal/fixture"
)

// benchFixtures are one file per key type and format, plain and encrypted.
var benchFixtures = []string{
	"openssl.rsa2048.trad.pem",
	"openssl.rsa2048.pkcs8.pem",
	"openssl.rsa2048.trad.des3.enc.pem",
	"openssl.rsa2048.pkcs8.aes256.enc.pem",
	"ssh-keygen.rsa2048.openssh.key",
	"ssh-keygen.rsa2048.openssh.aes256-ctr.enc.key",
	"openssl.dsa2048.trad.pem",
	"ssh-keygen.dsa1024.openssh.key",
	"openssl.ecdsa256.trad.pem",
	"openssl.ecdsa256.pkcs8.pem",
	"ssh-keygen.ecdsa256.openssh.key",
	"openssl.ecdsa384.trad.pem",
	"ssh-keygen.ecdsa384.openssh.key",
	"openssl.ecdsa521.trad.pem",
	"ssh-keygen.ecdsa521.openssh.key",
	"openssl.ed25519.pkcs8.pem",
	"ssh-keygen.ed25519.openssh.key",
	"ssh-keygen.ed25519.openssh.aes256-ctr.enc.key",
}

func BenchmarkParse(b *testing.B) {
	pass := Passphrase(fixture.Passphrase(b))
	for _, name := range benchFixtures {
		data := readPEMFixture(b, name)
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Parse(data, pass); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkMarshalPrivateKey(b *testing.B) {
	for _, name := range []string{
		"openssl.rsa2048.trad.pem",
		"openssl.dsa2048.trad.pem",
		"openssl.ecdsa256.trad.pem",
		"openssl.ecdsa384.trad.pem",
		"openssl.ecdsa521.trad.pem",
		"ssh-keygen.ed25519.openssh.key",
	} {
		k, err := Parse(readPEMFixture(b, name), nil)
		if err != nil {
			b.Fatal(err)
		}
		for _, opts := range []PEMOptions{
			{Format: PEMTraditional},
			{Format: PEMOpenSSH},
			{Format: PEMTraditional, Passphrase: []byte("bench")},
			{Format: PEMOpenSSH, Passphrase: []byte("bench")},
		} {
			label := k.Algorithm() + "/" + string(opts.Format)
			if opts.Passphrase != nil {
				label += "/encrypted"
			}
			b.Run(label, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if _, err := MarshalPrivateKey(k, opts); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// BenchmarkOpenSSHDecryptVsSSHKeygen opens a bcrypt-encrypted OpenSSH key
// (16 rounds, as ssh-keygen writes) with keyconv and with `ssh-keygen -y`,
// and reports keyconv's time as a fraction of ssh-keygen's (which includes
// starting the process, a small part of its time at 16 rounds).
func BenchmarkOpenSSHDecryptVsSSHKeygen(b *testing.B) {
	const name = "ssh-keygen.ed25519.openssh.aes256-ctr.enc.key"
	pass := fixture.Passphrase(b)
	data := readPEMFixture(b, name)
	path := writeKeyFile(b, "key", data)
	tool := ppkRequireTool(b, "ssh-keygen")
	const toolRuns = 5
	start := time.Now()
	for range toolRuns {
		cmd := exec.Command(tool, "-y", "-P", string(pass), "-f", path)
		if out, err := cmd.Output(); err != nil || !bytes.HasPrefix(out, []byte("ssh-ed25519 ")) {
			b.Fatalf("ssh-keygen -y: %v", err)
		}
	}
	toolTime := time.Since(start) / toolRuns

	b.ResetTimer()
	for b.Loop() {
		if _, err := Parse(data, Passphrase(pass)); err != nil {
			b.Fatal(err)
		}
	}
	ours := b.Elapsed() / time.Duration(b.N)
	b.ReportMetric(float64(ours)/float64(toolTime), "x-ssh-keygen")
	b.ReportMetric(float64(toolTime.Microseconds())/1000, "ssh-keygen-ms")
}
