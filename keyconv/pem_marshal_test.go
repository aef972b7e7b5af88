package keyconv

import (
	"bytes"
	//lint:ignore SA1019 DSA keys are part of the formats keyconv reads and writes (see key.go)
	"crypto/dsa"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cloudkeypair/keypair/internal/fixture"
)

// puttygenConvert turns a key file into a PPK and that into outType
// ("private-openssh" or "private-openssh-new") with puttygen, encrypting the
// result with newPass when it is non-empty. It returns the output and the
// key keyconv reads from the input.
func puttygenConvert(t *testing.T, fixture, outType string, newPass []byte) ([]byte, *Key) {
	t.Helper()
	dir := t.TempDir()
	in := writeKeyFile(t, fixture, readPEMFixture(t, fixture))
	ppk := filepath.Join(dir, "key.ppk")
	out := filepath.Join(dir, "out")
	runPEMTool(t, "puttygen", in, "-o", ppk)
	args := []string{ppk, "-O", outType, "-o", out}
	if len(newPass) > 0 {
		passFile := writeKeyFile(t, "pass", append(append([]byte(nil), newPass...), '\n'))
		args = append(args, "--new-passphrase", passFile)
	}
	runPEMTool(t, "puttygen", args...)
	want, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	k, err := Parse(readPEMFixture(t, fixture), nil)
	if err != nil {
		t.Fatal(err)
	}
	return want, k
}

// plainFixtures are one unencrypted file per key type, in the format
// puttygen's -O private-openssh writes for that type.
var plainFixtures = []string{
	"openssl.rsa2048.trad.pem",
	"openssl.dsa2048.trad.pem",
	"openssl.ecdsa256.trad.pem",
	"openssl.ecdsa384.trad.pem",
	"openssl.ecdsa521.trad.pem",
	"ssh-keygen.ed25519.openssh.key",
}

// TestMarshalPEMMatchesPuttygen compares "pem" output with puttygen's
// "-O private-openssh" for the same key, and, for the PEM forms, with the
// OpenSSL file the key came from.
func TestMarshalPEMMatchesPuttygen(t *testing.T) {
	for _, fixture := range plainFixtures {
		t.Run(fixture, func(t *testing.T) {
			puttygen, k := puttygenConvert(t, fixture, "private-openssh", nil)
			opts := PEMOptions{Format: PEMTraditional}
			if k.Source.Format == FormatOpenSSH {
				opts.randReader = bytes.NewReader(decodeOpenSSHFields(t, puttygen).section[:4])
			}
			got, err := MarshalPrivateKey(k, opts)
			if err != nil {
				t.Fatal(err)
			}
			original := readPEMFixture(t, fixture)
			switch k.Source.Format {
			case FormatSEC1:
				// puttygen 0.78 shortens the scalar; keyconv writes OpenSSL's
				// fixed-length form, so the original comes back.
				if !bytes.Equal(got, original) {
					t.Errorf("SEC1 output differs from the OpenSSL original\ngot:\n%s\nwant:\n%s", got, original)
				}
				if back, err := Parse(puttygen, nil); err != nil || !bytes.Equal(keyMaterial(t, back), keyMaterial(t, k)) {
					t.Errorf("puttygen's SEC1 output does not read back as the same key: %v", err)
				}
			case FormatOpenSSH:
				if !bytes.Equal(got, puttygen) {
					t.Errorf("output differs from puttygen's\ngot:\n%s\nwant:\n%s", got, puttygen)
				}
			default:
				if !bytes.Equal(got, puttygen) {
					t.Errorf("output differs from puttygen's\ngot:\n%s\nwant:\n%s", got, puttygen)
				}
				if !bytes.Equal(got, original) {
					t.Errorf("output differs from the OpenSSL original")
				}
			}
		})
	}
}

// TestMarshalOpenSSHMatchesPuttygen compares "openssh" output with
// puttygen's "-O private-openssh-new", giving keyconv puttygen's random
// check word.
func TestMarshalOpenSSHMatchesPuttygen(t *testing.T) {
	for _, fixture := range append(plainFixtures, "ssh-keygen.rsa2048.openssh.key", "ssh-keygen.ecdsa256.openssh.nocomment.key") {
		t.Run(fixture, func(t *testing.T) {
			puttygen, k := puttygenConvert(t, fixture, "private-openssh-new", nil)
			check := decodeOpenSSHFields(t, puttygen).section[:4]
			got, err := MarshalPrivateKey(k, PEMOptions{Format: PEMOpenSSH, randReader: bytes.NewReader(check)})
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, puttygen) {
				t.Errorf("output differs from puttygen's\ngot:\n%s\nwant:\n%s", got, puttygen)
			}
		})
	}
}

// TestMarshalEncryptedMatchesPuttygen gives keyconv the random bytes
// puttygen drew (the legacy PEM IV; the OpenSSH check word and salt) and
// expects its encrypted output byte for byte.
func TestMarshalEncryptedMatchesPuttygen(t *testing.T) {
	pass := []byte("puttygen's passphrase")
	cases := []struct {
		fixture, outType string
		format           PEMFormat
	}{
		{"openssl.rsa2048.trad.pem", "private-openssh", PEMTraditional},
		{"openssl.dsa2048.trad.pem", "private-openssh", PEMTraditional},
		{"ssh-keygen.ed25519.openssh.key", "private-openssh", PEMTraditional},
		{"openssl.rsa2048.trad.pem", "private-openssh-new", PEMOpenSSH},
		{"openssl.ecdsa384.trad.pem", "private-openssh-new", PEMOpenSSH},
		{"ssh-keygen.ed25519.openssh.key", "private-openssh-new", PEMOpenSSH},
	}
	for _, c := range cases {
		t.Run(c.fixture+"/"+c.outType, func(t *testing.T) {
			t.Parallel() // mostly waiting for puttygen
			puttygen, k := puttygenConvert(t, c.fixture, c.outType, pass)
			var random []byte
			if block, _ := pem.Decode(puttygen); block.Type == pemTypeOpenSSH {
				f := decodeOpenSSHFields(t, puttygen)
				salt := (&wireReader{buf: f.kdfOptions}).bytes()
				random = append(f.plainSection(t, pass)[:4], salt...)
			} else {
				_, hexIV, _ := strings.Cut(block.Headers[pemHeaderDEKInfo], ",")
				var err error
				if random, err = hex.DecodeString(hexIV); err != nil {
					t.Fatal(err)
				}
			}
			got, err := MarshalPrivateKey(k, PEMOptions{Format: c.format, Passphrase: pass, randReader: bytes.NewReader(random)})
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, puttygen) {
				t.Errorf("output differs from puttygen's\ngot:\n%s\nwant:\n%s", got, puttygen)
			}
		})
	}
}

// TestMarshalOpensInTools hands keyconv's output, plain and encrypted, in
// both formats, to ssh-keygen, puttygen and (for PEM) openssl.
func TestMarshalOpensInTools(t *testing.T) {
	pass := []byte("tool passphrase")
	for _, fixture := range plainFixtures {
		k, err := Parse(readPEMFixture(t, fixture), nil)
		if err != nil {
			t.Fatal(err)
		}
		wantPub, err := publicBlob(k.PrivateKey)
		if err != nil {
			t.Fatal(err)
		}
		for _, format := range []PEMFormat{PEMTraditional, PEMOpenSSH} {
			for _, p := range [][]byte{nil, pass} {
				t.Run(outputLabel(fixture, format, p), func(t *testing.T) {
					t.Parallel() // mostly waiting for ssh-keygen, puttygen and openssl
					out, err := MarshalPrivateKey(k, PEMOptions{Format: format, Passphrase: p})
					if err != nil {
						t.Fatal(err)
					}
					path := writeKeyFile(t, "key", out)
					pub := referencePublicBlob(t, pemFixture{name: "key", tool: "ssh-keygen"}, p, path)
					if !bytes.Equal(pub, wantPub) {
						t.Errorf("ssh-keygen -y derives another public key")
					}
					args := []string{path, "-O", "public-openssh", "-o", filepath.Join(t.TempDir(), "pub")}
					if p != nil {
						args = append(args, "--old-passphrase", writeKeyFile(t, "pass", append(append([]byte(nil), p...), '\n')))
					}
					runPEMTool(t, "puttygen", args...)
					if block, _ := pem.Decode(out); block.Type != pemTypeOpenSSH {
						runPEMTool(t, "openssl", "pkey", "-in", path, "-passin", "pass:"+string(p), "-noout")
					}
					back, err := Parse(out, Passphrase(p))
					if err != nil {
						t.Fatal(err)
					}
					if !bytes.Equal(keyMaterial(t, back), keyMaterial(t, k)) {
						t.Errorf("output reads back as another key")
					}
					if back.Source.Encrypted != (p != nil) {
						t.Errorf("read back with Encrypted %v", back.Source.Encrypted)
					}
				})
			}
		}
	}
}

// outputLabel names a subtest for one output of one fixture.
func outputLabel(fixture string, format PEMFormat, pass []byte) string {
	if pass != nil {
		return fixture + "/" + string(format) + "/encrypted"
	}
	return fixture + "/" + string(format)
}

// TestMarshalPEMOpenSSLRoundTrip checks that OpenSSL rewrites keyconv's
// traditional PEM output unchanged: the bytes are OpenSSL's own.
func TestMarshalPEMOpenSSLRoundTrip(t *testing.T) {
	for fixture, cmd := range map[string][]string{
		"ssh-keygen.rsa2048.openssh.key":  {"rsa", "-traditional"},
		"ssh-keygen.dsa1024.openssh.key":  {"dsa"},
		"ssh-keygen.ecdsa521.openssh.key": {"ec"},
	} {
		t.Run(fixture, func(t *testing.T) {
			k, err := Parse(readPEMFixture(t, fixture), nil)
			if err != nil {
				t.Fatal(err)
			}
			out, err := MarshalPrivateKey(k, PEMOptions{})
			if err != nil {
				t.Fatal(err)
			}
			rewritten := runPEMTool(t, "openssl", append(cmd, "-in", writeKeyFile(t, "key.pem", out))...)
			if !bytes.Equal(rewritten, out) {
				t.Errorf("openssl %s rewrites the output\nours:\n%s\nopenssl:\n%s", cmd[0], out, rewritten)
			}
		})
	}
}

// TestMarshalPEMOrdersRSAPrimes checks that a key holding p < q is written
// with p > q and its iqmp recomputed, as puttygen writes every key.
func TestMarshalPEMOrdersRSAPrimes(t *testing.T) {
	k, err := Parse(readPEMFixture(t, "openssl.rsa2048.trad.pem"), nil)
	if err != nil {
		t.Fatal(err)
	}
	want, err := MarshalPrivateKey(k, PEMOptions{})
	if err != nil {
		t.Fatal(err)
	}
	orig := k.PrivateKey.(*rsa.PrivateKey)
	swapped := &rsa.PrivateKey{PublicKey: orig.PublicKey, D: orig.D, Primes: []*big.Int{orig.Primes[1], orig.Primes[0]}}
	swapped.Precompute()
	got, err := MarshalPrivateKey(&Key{PrivateKey: swapped}, PEMOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("a key with p < q is written differently")
	}
}

func TestMarshalPrivateKeyErrors(t *testing.T) {
	k, err := Parse(readPEMFixture(t, "ssh-keygen.ed25519.openssh.key"), nil)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		key  *Key
		opts PEMOptions
		want error
	}{
		{"nil key", nil, PEMOptions{}, ErrUnsupported},
		{"no private key", &Key{}, PEMOptions{}, ErrUnsupported},
		{"unknown format", k, PEMOptions{Format: "ppk"}, ErrUnsupported},
		{"foreign key type", &Key{PrivateKey: "not a key"}, PEMOptions{}, ErrUnsupported},
		{"foreign key type openssh", &Key{PrivateKey: "not a key"}, PEMOptions{Format: PEMOpenSSH}, ErrUnsupported},
		{"short random", k, PEMOptions{Format: PEMOpenSSH, randReader: bytes.NewReader([]byte{1})}, nil},
		{"multi-prime RSA", &Key{PrivateKey: &rsa.PrivateKey{Primes: make([]*big.Int, 3)}}, PEMOptions{}, ErrUnsupported},
		{"RSA without primes", &Key{PrivateKey: &rsa.PrivateKey{Primes: make([]*big.Int, 2)}}, PEMOptions{}, ErrMalformed},
		{"empty DSA", &Key{PrivateKey: &dsa.PrivateKey{}}, PEMOptions{}, ErrMalformed},
		{"empty ECDSA", &Key{PrivateKey: &ecdsa.PrivateKey{}}, PEMOptions{}, ErrMalformed},
		{"short Ed25519", &Key{PrivateKey: ed25519.PrivateKey(make([]byte, 5))}, PEMOptions{Format: PEMOpenSSH}, ErrMalformed},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out, err := MarshalPrivateKey(c.key, c.opts)
			if err == nil {
				t.Fatalf("wrote %d bytes", len(out))
			}
			if c.want != nil && !errors.Is(err, c.want) {
				t.Errorf("got %v, want %v", err, c.want)
			}
			if !strings.HasPrefix(err.Error(), "keyconv: ") {
				t.Errorf("error %q does not start with keyconv:", err)
			}
		})
	}
}

// TestMarshalOpenSSHAlignedPadding covers the private section that is
// already a multiple of 16 bytes: puttygen still pads it, by a whole block.
func TestMarshalOpenSSHAlignedPadding(t *testing.T) {
	const comment = "abcdefghijklm" // makes an Ed25519 section 144 bytes
	in := writeKeyFile(t, "key", readPEMFixture(t, "ssh-keygen.ed25519.openssh.key"))
	out := filepath.Join(t.TempDir(), "out")
	runPEMTool(t, "puttygen", in, "-C", comment, "-O", "private-openssh-new", "-o", out)
	want, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	f := decodeOpenSSHFields(t, want)
	if pad := f.section[len(f.section)-16:]; pad[0] != 1 || pad[15] != 16 {
		t.Fatalf("puttygen's section does not end in a whole block of padding; pick another comment length")
	}
	k, err := Parse(readPEMFixture(t, "ssh-keygen.ed25519.openssh.key"), nil)
	if err != nil {
		t.Fatal(err)
	}
	k.Comment = comment
	got, err := MarshalPrivateKey(k, PEMOptions{Format: PEMOpenSSH, randReader: bytes.NewReader(f.section[:4])})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from puttygen's\ngot:\n%s\nwant:\n%s", got, want)
	}
}

// TestMarshalRoundTrip writes every fixture's key in both formats, plain
// and (for the cheap legacy PEM encryption) encrypted, and reads it back.
// Encrypted OpenSSH output is read back in TestMarshalOpensInTools.
func TestMarshalRoundTrip(t *testing.T) {
	pass := fixture.Passphrase(t)
	for _, name := range pemFixtureNames(t) {
		k, err := Parse(readPEMFixture(t, name), Passphrase(pass))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, opts := range []PEMOptions{{Format: PEMTraditional}, {Format: PEMOpenSSH}, {Format: PEMTraditional, Passphrase: pass}} {
			if opts.Passphrase != nil && (k.Algorithm() == "ssh-ed25519" || k.Algorithm() == keyAlgoEd448) {
				continue // that is encrypted OpenSSH
			}
			t.Run(name+"/"+outputLabel("", opts.Format, opts.Passphrase), func(t *testing.T) {
				out, err := MarshalPrivateKey(k, opts)
				if err != nil {
					t.Fatal(err)
				}
				back, err := Parse(out, Passphrase(pass))
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(keyMaterial(t, back), keyMaterial(t, k)) {
					t.Errorf("reads back as another key")
				}
				wantComment := DefaultComment
				if back.Source.Format == FormatOpenSSH {
					wantComment = k.Comment
				}
				if back.Comment != wantComment {
					t.Errorf("comment %q, want %q", back.Comment, wantComment)
				}
			})
		}
	}
}
