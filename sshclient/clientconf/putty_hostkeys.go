package clientconf

import (
	"bytes"
	"fmt"
	"math/big"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/crypto/ssh"
)

// PuTTY's host-key cache: what PuTTY records when a user accepts a host
// key, keyed "TYPE@PORT:HOST", the key in PuTTY's own text (each
// algorithm's cache_str: crypto/ecc-ssh.c, crypto/rsa.c). On Unix it is
// the file sshhostkeys in the settings directory, a "KEY VALUE" line each
// (unix/storage.c); on Windows the values of
// HKEY_CURRENT_USER\Software\SimonTatham\PuTTY\SshHostKeys, HOST escaped as
// a session name is (windows/storage.c, hostkey_regname).

// puttyHostKeyRegistry is the registry key of the Windows cache.
const puttyHostKeyRegistry = `HKEY_CURRENT_USER\Software\SimonTatham\PuTTY\SshHostKeys`

// puttyCacheEntry is one cached host key: its cache key without the host
// ("ssh-ed25519@22:"), the host, and the key in PuTTY's text.
type puttyCacheEntry struct {
	prefix, host, value string
}

// puttyCacheEntries returns the cache entries of the hosts' known host
// keys.
func puttyCacheEntries(hosts []Host) ([]puttyCacheEntry, error) {
	var entries []puttyCacheEntry
	for i := range hosts {
		h := &hosts[i]
		if err := checkHost(h); err != nil {
			return nil, err
		}
		for _, k := range h.HostKeys {
			id, value, err := puttyCacheKey(k)
			if err != nil {
				return nil, &HostError{Host: h.Name, Err: err}
			}
			entries = append(entries, puttyCacheEntry{
				prefix: id + "@" + strconv.Itoa(h.PortOrDefault()) + ":", host: h.Address, value: value,
			})
		}
	}
	return entries, nil
}

// MergePuTTYHostKeys returns PuTTY's Unix host-key cache (the sshhostkeys
// file of [PuTTYSettingsDir]) with the hosts' known host keys recorded as
// if the user had accepted each: existing holds the file as it is (nil
// for none); its lines for the same key type, port and address are
// replaced, every other line is kept as it was.
func MergePuTTYHostKeys(existing []byte, hosts []Host) ([]byte, error) {
	entries, err := puttyCacheEntries(hosts)
	if err != nil {
		return nil, err
	}
	replaced := make(map[string]bool, len(entries))
	var b bytes.Buffer
	for _, e := range entries {
		if replaced[e.prefix+e.host] {
			continue
		}
		replaced[e.prefix+e.host] = true
		fmt.Fprintf(&b, "%s%s %s\n", e.prefix, e.host, e.value)
	}
	for line := range strings.Lines(string(existing)) {
		name, _, _ := strings.Cut(strings.TrimRight(line, "\n"), " ")
		if replaced[name] {
			continue
		}
		b.WriteString(line)
		if !strings.HasSuffix(line, "\n") {
			b.WriteByte('\n')
		}
	}
	return b.Bytes(), nil
}

// puttyRegistryHostKeys writes the .reg section of the hosts' cache
// entries, or nothing when none is known.
func puttyRegistryHostKeys(b *bytes.Buffer, hosts []Host) error {
	entries, err := puttyCacheEntries(hosts)
	if err != nil || len(entries) == 0 {
		return err
	}
	fmt.Fprintf(b, "[%s]\n", puttyHostKeyRegistry)
	seen := map[string]bool{}
	for _, e := range entries {
		name := e.prefix + puttyRegistryKeyName(e.host)
		if !seen[name] {
			seen[name] = true
			fmt.Fprintf(b, "%s=%s\n", regString(name), regString(e.value))
		}
	}
	b.WriteString("\n")
	return nil
}

// puttyCacheKey returns a host key's cache_id and cache_str as PuTTY
// writes them: hexadecimal numbers in lower case without leading zeros,
// "0x" in front, separated by commas; RSA is "rsa2" with exponent and
// modulus, ECDSA "ecdsa-sha2-nistpN" with the curve's name and the
// point's affine x and y, Ed25519 "ssh-ed25519" with the point's x and y.
func puttyCacheKey(key ssh.PublicKey) (id, value string, err error) {
	hex := func(n *big.Int) string { return "0x" + n.Text(16) }
	switch key.Type() {
	case ssh.KeyAlgoRSA:
		var w struct {
			Name string
			E, N *big.Int
		}
		if err := ssh.Unmarshal(key.Marshal(), &w); err != nil {
			return "", "", fmt.Errorf("rsa host key: %w", err)
		}
		return "rsa2", hex(w.E) + "," + hex(w.N), nil
	case ssh.KeyAlgoECDSA256, ssh.KeyAlgoECDSA384, ssh.KeyAlgoECDSA521:
		var w struct{ Name, Curve, Point string }
		if err := ssh.Unmarshal(key.Marshal(), &w); err != nil {
			return "", "", fmt.Errorf("ecdsa host key: %w", err)
		}
		n := (len(w.Point) - 1) / 2
		if len(w.Point) != 1+2*n || w.Point[0] != 4 {
			return "", "", fmt.Errorf("%s host key: not an uncompressed point", key.Type())
		}
		x, y := new(big.Int).SetBytes([]byte(w.Point[1:1+n])), new(big.Int).SetBytes([]byte(w.Point[1+n:]))
		return key.Type(), w.Curve + "," + hex(x) + "," + hex(y), nil
	case ssh.KeyAlgoED25519:
		var w struct{ Name, Point string }
		if err := ssh.Unmarshal(key.Marshal(), &w); err != nil {
			return "", "", fmt.Errorf("ed25519 host key: %w", err)
		}
		x, y, err := ed25519Affine([]byte(w.Point))
		if err != nil {
			return "", "", err
		}
		return key.Type(), hex(x) + "," + hex(y), nil
	}
	return "", "", fmt.Errorf("PuTTY's host-key cache format for %s is not written by keyconv", key.Type())
}

// ed25519Affine returns the affine coordinates of an encoded Ed25519
// point (RFC 8032 section 5.1.3): y little-endian with x's sign in the top
// bit; x² = (y²-1)/(d·y²+1) mod p.
func ed25519Affine(point []byte) (x, y *big.Int, err error) {
	if len(point) != 32 {
		return nil, nil, fmt.Errorf("ed25519 host key: %d bytes, want 32", len(point))
	}
	p := new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 255), big.NewInt(19))
	le := slices.Clone(point)
	sign := le[31] >> 7
	le[31] &= 0x7f
	slices.Reverse(le)
	y = new(big.Int).SetBytes(le)
	if y.Cmp(p) >= 0 {
		return nil, nil, fmt.Errorf("ed25519 host key: y out of range")
	}
	// d = -121665/121666
	d := new(big.Int).Mul(big.NewInt(-121665), new(big.Int).ModInverse(big.NewInt(121666), p))
	y2 := new(big.Int).Mul(y, y)
	num := new(big.Int).Sub(y2, big.NewInt(1))
	den := new(big.Int).Add(new(big.Int).Mul(d, y2), big.NewInt(1))
	den.Mod(den, p)
	x2 := new(big.Int).Mul(num, new(big.Int).ModInverse(den, p))
	x2.Mod(x2, p)
	x = new(big.Int).ModSqrt(x2, p)
	if x == nil {
		return nil, nil, fmt.Errorf("ed25519 host key: not a point on the curve")
	}
	if uint8(x.Bit(0)) != sign {
		x.Sub(p, x)
	}
	return x, y, nil
}
