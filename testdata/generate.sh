#!/usr/bin/env bash
# Regenerates the key corpus in testdata/corpus/ with the reference tools:
# OpenSSL 3.0 (PEM family), OpenSSH 9.2's ssh-keygen (OpenSSH format) and
# PuTTY 0.78's puttygen (PPK files and every text it prints). The tests compare
# keyconv with these files byte for byte, so they are only ever rebuilt by
# this script, never edited by hand.
#
# One folder per key; every file in a folder holds the same key material:
#   openssl.pkcs1.pem, openssl.sec1.pem, openssl.dsa.pem   the traditional PEM forms
#   openssl.pkcs8.pem, openssl.pkcs8.enc.pem              PKCS#8, plain and PBES2 (AES-256-CBC)
#   openssl.legacy-aes128.enc.pem, openssl.legacy-des3.enc.pem  Proc-Type: 4,ENCRYPTED
#   openssh.key, openssh.enc.key                          ssh-keygen's format, plain and bcrypt
#   puttygen.v3.ppk, puttygen.v2.ppk, puttygen.v2.enc.ppk puttygen's conversions of the first PEM
#   puttygen.v3.{argon2id,argon2i,argon2d}.enc.ppk        encrypted v3 (random salt: read-only tests)
#   puttygen.openssh.v3.ppk                               converted from openssh.key (keeps its comment)
#   puttygen.private-openssh.pem                          puttygen -O private-openssh of the PPK
#   puttygen.pub, puttygen.rfc4716, puttygen.fp-sha256, puttygen.fp-md5   -L, -p, -l, -l -E md5
#   puttygen.sshcom.key, puttygen.sshcom.enc.key          ssh.com's format (RSA and DSA only), from puttygen
# Encrypted files use the passphrase in testdata/passphrase.txt.
#
# Needs openssl, ssh-keygen, puttygen 0.78 and python3 (for the few byte
# manipulations the tools cannot do: a PKCS#1 key stored with p < q and an
# Ed25519 PKCS#8 file holding ssh-keygen's seed).
set -euo pipefail
cd "$(dirname "$0")"
pass=passphrase.txt
[ -f "$pass" ] || printf 'correct horse battery staple\n' > "$pass"
passphrase=$(head -n1 "$pass")
empty=$(mktemp); trap 'rm -f "$empty"' EXIT

mkdir -p corpus

# keydir NAME: the folder for one key.
keydir() { mkdir -p "corpus/$1"; echo "corpus/$1"; }

# openssh_from DIR PEM COMMENT: ssh-keygen's own format of the same key, plain
# and encrypted.
openssh_from() {
	cp "$2" "$1/openssh.key"; chmod 600 "$1/openssh.key"
	ssh-keygen -q -p -N "" -f "$1/openssh.key" >/dev/null
	ssh-keygen -q -c -C "$3" -f "$1/openssh.key" >/dev/null
	rm -f "$1/openssh.key.pub"
	cp "$1/openssh.key" "$1/openssh.enc.key"
	ssh-keygen -q -p -N "$passphrase" -f "$1/openssh.enc.key" >/dev/null
}

# pkcs8_from DIR PEM: PKCS#8 forms of an OpenSSL-readable key.
pkcs8_from() {
	openssl pkcs8 -topk8 -nocrypt -in "$2" -out "$1/openssl.pkcs8.pem"
	openssl pkcs8 -topk8 -v2 aes-256-cbc -passout "file:$pass" -in "$2" -out "$1/openssl.pkcs8.enc.pem"
}

# legacy_from DIR PEM KIND: Proc-Type: 4,ENCRYPTED forms (KIND is rsa, ec or dsa).
legacy_from() {
	openssl "$3" -aes128 -passout "file:$pass" -in "$2" -out "$1/openssl.legacy-aes128.enc.pem" 2>/dev/null
	openssl "$3" -des3 -passout "file:$pass" -in "$2" -out "$1/openssl.legacy-des3.enc.pem" 2>/dev/null
}

# puttygen_from DIR INPUT [--old-passphrase FILE]: puttygen's outputs for one input.
puttygen_from() {
	local d=$1 in=$2; shift 2
	puttygen "$in" "$@" --new-passphrase "$empty" -o "$d/puttygen.v3.ppk"
	puttygen "$in" "$@" --new-passphrase "$empty" --ppk-param version=2 -o "$d/puttygen.v2.ppk"
	puttygen "$in" "$@" --new-passphrase "$pass" --ppk-param version=2 -o "$d/puttygen.v2.enc.ppk"
	for kdf in argon2id argon2i argon2d; do
		puttygen "$in" "$@" --new-passphrase "$pass" --ppk-param "kdf=$kdf,passes=2,memory=1024" \
			-o "$d/puttygen.v3.$kdf.enc.ppk"
	done
	puttygen "$d/puttygen.v3.ppk" -O private-openssh -o "$d/puttygen.private-openssh.pem"
	puttygen "$d/puttygen.v3.ppk" -L > "$d/puttygen.pub"
	puttygen "$d/puttygen.v3.ppk" -p > "$d/puttygen.rfc4716"
	puttygen "$d/puttygen.v3.ppk" -l > "$d/puttygen.fp-sha256"
	puttygen "$d/puttygen.v3.ppk" -l -E md5 > "$d/puttygen.fp-md5"
	[ -f "$d/openssh.key" ] && puttygen "$d/openssh.key" -o "$d/puttygen.openssh.v3.ppk"
	return 0
}

# sshcom_from DIR: puttygen's ssh.com exports of the folder's key, plain and
# encrypted; only RSA and DSA keys exist in that format.
sshcom_from() {
	puttygen "$1/puttygen.v3.ppk" -O private-sshcom -o "$1/puttygen.sshcom.key"
	puttygen "$1/puttygen.v3.ppk" -O private-sshcom --new-passphrase "$pass" -o "$1/puttygen.sshcom.enc.key"
}

# private_blob_len PPK: length of an unencrypted PPK's private blob.
private_blob_len() {
	sed -n '/^Private-Lines:/,/^Private-MAC:/p' "$1" | sed '1d;$d' | tr -d '\n' | base64 -d | wc -c
}

# scalar_first_bytes SEC1-PEM: the first two bytes of the fixed-length
# private scalar, in hex (the OCTET STRING after the version INTEGER).
scalar_first_bytes() {
	openssl ec -in "$1" -outform DER 2>/dev/null | od -An -tx1 -v | tr -d ' \n' |
		sed -E 's/^30(81..|..)02010104..(....).*/\2/'
}

rsa() { # NAME BITS
	local d; d=$(keydir "$1")
	openssl genrsa -traditional -out "$d/openssl.pkcs1.pem" "$2" 2>/dev/null
	pkcs8_from "$d" "$d/openssl.pkcs1.pem"
	legacy_from "$d" "$d/openssl.pkcs1.pem" rsa
	openssh_from "$d" "$d/openssl.pkcs1.pem" "$1@keyconv-test"
	puttygen_from "$d" "$d/openssl.pkcs1.pem"
	sshcom_from "$d"
}

ecdsa() { # NAME CURVE [short]: with short, retry until the scalar's minimal mpint is a byte shorter than the field
	local d; d=$(keydir "$1")
	while :; do
		openssl ecparam -name "$2" -genkey -noout -out "$d/openssl.sec1.pem"
		[ -z "${3:-}" ] && break
		# A zero first byte and a second byte below 0x80: the mpint drops the
		# zero and needs no sign byte, so it is shorter than the field.
		case "$(scalar_first_bytes "$d/openssl.sec1.pem")" in 00[0-7]?) break ;; esac
	done
	pkcs8_from "$d" "$d/openssl.sec1.pem"
	legacy_from "$d" "$d/openssl.sec1.pem" ec
	openssh_from "$d" "$d/openssl.sec1.pem" "$1@keyconv-test"
	puttygen_from "$d" "$d/openssl.sec1.pem"
}

dsa() { # NAME
	local d; d=$(keydir "$1")
	openssl dsaparam -genkey -noout -out "$d/openssl.dsa.pem" 1024 2>/dev/null
	openssl dsa -in "$d/openssl.dsa.pem" -out "$d/openssl.dsa.pem" 2>/dev/null # traditional form
	pkcs8_from "$d" "$d/openssl.dsa.pem"
	legacy_from "$d" "$d/openssl.dsa.pem" dsa
	openssh_from "$d" "$d/openssl.dsa.pem" "$1@keyconv-test"
	puttygen_from "$d" "$d/openssl.dsa.pem"
	sshcom_from "$d"
}

ed25519() { # NAME
	local d; d=$(keydir "$1")
	ssh-keygen -q -t ed25519 -N "" -C "$1@keyconv-test" -f "$d/openssh.key" >/dev/null
	rm "$d/openssh.key.pub"
	cp "$d/openssh.key" "$d/openssh.enc.key"
	ssh-keygen -q -p -N "$passphrase" -f "$d/openssh.enc.key" >/dev/null
	python3 - "$d/openssh.key" "$d/openssl.pkcs8.pem" <<'PY'
import base64, sys
lines = open(sys.argv[1]).read().split("\n")
blob = base64.b64decode("".join(l for l in lines if l and not l.startswith("-----")))
def take(b):
    n = int.from_bytes(b[:4], "big"); return b[4:4+n], b[4+n:]
b = blob[len(b"openssh-key-v1\0"):]
for _ in range(3): _, b = take(b)          # cipher, kdf, kdf options
b = b[4:]                                  # key count
_, b = take(b)                             # public key
priv, _ = take(b)
priv = priv[8:]                            # check ints
_, priv = take(priv); _, priv = take(priv) # type, public key
secret, _ = take(priv)
der = bytes.fromhex("302e020100300506032b657004220420") + secret[:32]
body = base64.b64encode(der).decode()
open(sys.argv[2], "w").write("-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n")
PY
	openssl pkcs8 -topk8 -v2 aes-256-cbc -passout "file:$pass" -in "$d/openssl.pkcs8.pem" -out "$d/openssl.pkcs8.enc.pem"
	puttygen_from "$d" "$d/openssh.key"
	rm "$d/puttygen.openssh.v3.ppk" # the same as puttygen.v3.ppk here
}

# An RSA key stored with p < q: puttygen swaps the primes and recomputes iqmp,
# so its PPK must equal the one made from the same key stored with p > q.
rsa_swapped() { # NAME FROM
	local d; d=$(keydir "$1")
	python3 - "corpus/$2/openssl.pkcs1.pem" "$d/openssl.pkcs1.pem" <<'PY'
import base64, subprocess, sys
text = subprocess.run(["openssl", "rsa", "-in", sys.argv[1], "-text", "-noout"], capture_output=True, text=True, check=True).stdout
fields, cur = {}, None
for line in text.splitlines():
    if not line.startswith(" ") and ":" in line:
        name, _, rest = line.partition(":")
        cur = name.strip(); fields[cur] = rest.strip()
    elif cur:
        fields[cur] += line.strip()
def num(name):
    v = fields[name]
    if "(" in v: return int(v.split("(")[0])
    return int(v.replace(":", ""), 16)
n, e, d, p, q = num("modulus"), num("publicExponent"), num("privateExponent"), num("prime1"), num("prime2")
p, q = min(p, q), max(p, q)
def der_int(v):
    b = v.to_bytes(v.bit_length() // 8 + 1, "big")
    return b"\x02" + der_len(len(b)) + b
def der_len(l):
    if l < 128: return bytes([l])
    b = l.to_bytes((l.bit_length() + 7) // 8, "big"); return bytes([0x80 | len(b)]) + b
body = b"".join(der_int(v) for v in [0, n, e, d, p, q, d % (p - 1), d % (q - 1), pow(q, -1, p)])
der = b"\x30" + der_len(len(body)) + body
b64 = base64.b64encode(der).decode()
out = "-----BEGIN RSA PRIVATE KEY-----\n" + "\n".join(b64[i:i+64] for i in range(0, len(b64), 64)) + "\n-----END RSA PRIVATE KEY-----\n"
open(sys.argv[2], "w").write(out)
PY
	puttygen "$d/openssl.pkcs1.pem" --new-passphrase "$empty" -o "$d/puttygen.v3.ppk"
	puttygen "$d/openssl.pkcs1.pem" --new-passphrase "$pass" --ppk-param version=2 -o "$d/puttygen.v2.enc.ppk"
}

# An RSA key whose PPK private blob is already a multiple of 16 bytes: PuTTY
# pads it with nothing when encrypting. For a 1119-bit modulus the blob is 368
# bytes when d and iqmp have their full lengths, which about one key in four
# has; retry until one does.
rsa_pad16() { # NAME
	local d; d=$(keydir "$1")
	local tmp
	tmp=$(mktemp -d)
	while :; do
		openssl genrsa -traditional -out "$tmp/k.pem" 1119 2>/dev/null
		puttygen "$tmp/k.pem" --new-passphrase "$empty" -o "$tmp/k.ppk"
		[ $(( $(private_blob_len "$tmp/k.ppk") % 16 )) -eq 0 ] && break
	done
	cp "$tmp/k.pem" "$d/openssl.pkcs1.pem"; rm -rf "$tmp"
	puttygen_from "$d" "$d/openssl.pkcs1.pem"
}

# The corpus, one line a key folder. "./generate.sh NAME..." rebuilds only
# those folders, so that fixing one case does not change every other key.
corpus=(
	"rsa rsa2048 2048"
	"rsa rsa4096 4096"
	"rsa_swapped rsa2048-p-lt-q rsa2048"
	"rsa_pad16 rsa-pad16"
	"dsa dsa1024"
	"ecdsa ecdsa256 prime256v1"
	"ecdsa ecdsa256-short prime256v1 short" # a 31-byte mpint in the PPK
	"ecdsa ecdsa384 secp384r1"
	"ecdsa ecdsa521 secp521r1 short"        # a 65-byte scalar, as puttygen writes it
	"ed25519 ed25519"
)
for entry in "${corpus[@]}"; do
	read -r _ name _ <<<"$entry"
	if [ $# -gt 0 ] && ! printf '%s\n' "$@" | grep -qx "$name"; then
		continue
	fi
	rm -rf "corpus/$name"
	$entry
done

# The sample the README converts: a cloud console's keypair download.
cp corpus/rsa2048/openssl.pkcs1.pem cafe24.pem
chmod 600 cafe24.pem
echo "corpus: $(find corpus -type f | wc -l) files"
