package keyconv

import (
	"bytes"
	"crypto/ed25519"
	"encoding/base64"
	"errors"
	"strings"
	"testing"

	"github.com/cloudflare/circl/sign/ed448"
	"golang.org/x/crypto/ssh"

	"github.com/cloudkeypair/keypair/internal/fixture"
)

// pemFixture is what a fixture's name says about it:
// tool.type.format[.cipher.enc|.nocomment].ext.
type pemFixture struct {
	name, tool, typ, format string
	encrypted               bool
}

func parsePEMFixtureName(name string) pemFixture {
	parts := strings.Split(name, ".")
	return pemFixture{name: name, tool: parts[0], typ: parts[1], format: parts[2], encrypted: strings.Contains(name, ".enc.")}
}

func (f pemFixture) wantAlgorithm() string {
	switch {
	case strings.HasPrefix(f.typ, "rsa"):
		return ssh.KeyAlgoRSA
	case strings.HasPrefix(f.typ, "dsa"):
		return keyAlgoDSA
	case f.typ == "ed25519":
		return ssh.KeyAlgoED25519
	case f.typ == "ed448":
		return keyAlgoEd448
	}
	return "ecdsa-sha2-nistp" + strings.TrimPrefix(f.typ, "ecdsa")
}

func (f pemFixture) wantFormat() Format {
	switch f.format {
	case "pkcs8":
		return FormatPKCS8
	case "openssh":
		return FormatOpenSSH
	case "ecparam":
		return FormatSEC1
	}
	switch {
	case strings.HasPrefix(f.typ, "rsa"):
		return FormatPKCS1
	case strings.HasPrefix(f.typ, "dsa"):
		return FormatDSA
	}
	return FormatSEC1
}

func (f pemFixture) wantComment() string {
	switch {
	case f.tool == "openssl":
		return DefaultComment
	case strings.Contains(f.name, ".nocomment."):
		return ""
	}
	// The comments keep the curve names (p256) the fixtures had before
	// their files took the ecdsa256 spelling; generate.sh still writes them.
	return "ssh-keygen " + strings.Replace(f.typ, "ecdsa", "p", 1)
}

// keyMaterial is everything that identifies a key, RSA d included, in the
// form puttygen would store it.
func keyMaterial(t *testing.T, k *Key) []byte {
	t.Helper()
	pub, err := publicBlob(k.PrivateKey)
	if err != nil {
		t.Fatal(err)
	}
	priv, err := ppkPrivateBlob(k.PrivateKey)
	if err != nil {
		t.Fatal(err)
	}
	return append(pub, priv...)
}

// TestParsePEMFixtures reads every fixture and checks what it says about
// itself, that all files of one key agree, and that the public key is the
// one ssh-keygen (or openssl, for the Ed25519 PKCS#8 files ssh-keygen cannot
// read) derives from the same file.
func TestParsePEMFixtures(t *testing.T) {
	pass := fixture.Passphrase(t)
	sameKey := map[string][]byte{} // tool.type -> key material
	for _, name := range pemFixtureNames(t) {
		f := parsePEMFixtureName(name)
		t.Run(name, func(t *testing.T) {
			calls := 0
			k, err := Parse(readPEMFixture(t, name), func() ([]byte, error) { calls++; return pass, nil })
			if err != nil {
				t.Fatal(err)
			}
			if got := k.Algorithm(); got != f.wantAlgorithm() {
				t.Errorf("algorithm %q, want %q", got, f.wantAlgorithm())
			}
			want := Source{Format: f.wantFormat(), Encrypted: f.encrypted}
			if k.Source != want {
				t.Errorf("source %+v, want %+v", k.Source, want)
			}
			if wantCalls := map[bool]int{true: 1, false: 0}[want.Encrypted]; calls != wantCalls {
				t.Errorf("passphrase callback called %d times, want %d", calls, wantCalls)
			}
			if k.Comment != f.wantComment() {
				t.Errorf("comment %q, want %q", k.Comment, f.wantComment())
			}
			material := keyMaterial(t, k)
			group := f.tool + "." + f.typ
			if f.format == "ecparam" {
				group = name // a key of its own
			}
			if first, ok := sameKey[group]; ok && !bytes.Equal(first, material) {
				t.Errorf("key differs from the other %s files", group)
			}
			sameKey[group] = material
			pub, err := publicBlob(k.PrivateKey)
			if err != nil {
				t.Fatal(err)
			}
			if wantPub := referencePublicBlob(t, f, pass, writeKeyFile(t, name, readPEMFixture(t, name))); !bytes.Equal(pub, wantPub) {
				t.Errorf("public key differs from the reference tool's")
			}
		})
	}
}

// referencePublicBlob asks ssh-keygen, or openssl for what ssh-keygen
// cannot read (OpenSSL's Ed25519 files, and Ed448), for the public key of
// the key file at path.
func referencePublicBlob(t *testing.T, f pemFixture, pass []byte, path string) []byte {
	t.Helper()
	if f.tool == "openssl" && (f.typ == "ed25519" || f.typ == "ed448") {
		der := runPEMTool(t, "openssl", "pkey", "-in", path, "-passin", "pass:"+string(pass), "-pubout", "-outform", "DER")
		algorithm, size := ssh.KeyAlgoED25519, ed25519.PublicKeySize
		if f.typ == "ed448" {
			algorithm, size = keyAlgoEd448, ed448.PublicKeySize
		}
		return appendBytes(appendString(nil, algorithm), der[len(der)-size:])
	}
	line := runPEMTool(t, "ssh-keygen", "-y", "-P", string(pass), "-f", path)
	fields := strings.Fields(string(line))
	if len(fields) < 2 {
		t.Fatalf("ssh-keygen -y printed %q", line)
	}
	blob, err := base64.StdEncoding.DecodeString(fields[1])
	if err != nil {
		t.Fatal(err)
	}
	return blob
}

// TestParsePEMPassphrases checks the two passphrase errors on every
// encrypted fixture: no callback gives a PassphraseMissingError carrying the
// public key when the format has it in the clear, and a wrong passphrase
// gives ErrWrongPassphrase.
func TestParsePEMPassphrases(t *testing.T) {
	for _, name := range pemFixtureNames(t) {
		f := parsePEMFixtureName(name)
		if !f.encrypted {
			continue
		}
		t.Run(name, func(t *testing.T) {
			data := readPEMFixture(t, name)
			_, err := Parse(data, nil)
			var missing *PassphraseMissingError
			if !errors.As(err, &missing) {
				t.Fatalf("no passphrase: got %v, want a PassphraseMissingError", err)
			}
			if f.format == "openssh" {
				if missing.PublicKey == nil || missing.PublicKey.Algorithm != f.wantAlgorithm() || missing.PublicKey.Comment != "" {
					t.Errorf("PassphraseMissingError.PublicKey = %+v, want the %s key without comment", missing.PublicKey, f.wantAlgorithm())
				}
			} else if missing.PublicKey != nil {
				t.Errorf("PEM files keep no public key in the clear, but the error carries one")
			}
			for _, wrong := range []string{"wrong passphrase", ""} {
				if _, err := Parse(data, Passphrase([]byte(wrong))); !errors.Is(err, ErrWrongPassphrase) {
					t.Errorf("passphrase %q: got %v, want ErrWrongPassphrase", wrong, err)
				}
			}
			callbackErr := errors.New("no terminal")
			if _, err := Parse(data, func() ([]byte, error) { return nil, callbackErr }); !errors.Is(err, callbackErr) {
				t.Errorf("callback error: got %v, want it wrapped", err)
			}
		})
	}
}

// TestParsePEMLineEndings reads keys as Windows editors and mail clients
// leave them: CRLF line ends, no final newline, a byte-order mark, and
// blank lines around the block.
func TestParsePEMLineEndings(t *testing.T) {
	for _, name := range []string{"openssl.ecdsa384.trad.des3.enc.pem", "ssh-keygen.rsa2048.openssh.key", "openssl.ecdsa256.ecparam.pem"} {
		data := readPEMFixture(t, name)
		want, err := Parse(data, Passphrase(fixture.Passphrase(t)))
		if err != nil {
			t.Fatal(err)
		}
		crlf := bytes.ReplaceAll(data, []byte("\n"), []byte("\r\n"))
		for variant, input := range map[string][]byte{
			"CRLF":             crlf,
			"no final newline": bytes.TrimSuffix(data, []byte("\n")),
			"BOM and blanks":   append(append([]byte("\xef\xbb\xbf\n\n"), crlf...), "\r\n\r\n"...),
		} {
			t.Run(name+"/"+variant, func(t *testing.T) {
				k, err := Parse(input, Passphrase(fixture.Passphrase(t)))
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(keyMaterial(t, k), keyMaterial(t, want)) {
					t.Errorf("reads as another key")
				}
			})
		}
	}
}
