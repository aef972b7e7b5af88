#!/usr/bin/env bash
# Regenerates the key fixtures below this folder with the reference tools:
# OpenSSL 3.0 (the PEM family), OpenSSH 9.2's ssh-keygen (OpenSSH's format)
# and PuTTY 0.78's puttygen (PPK files and every text it prints). The tests
# of every package compare keyconv with these files byte for byte, so they
# are only ever rebuilt by this script, never edited by hand.
#
# Usage: testdata/generate.sh [-n] [TARGET...]
#   no TARGET          everything
#   corpus             every key folder of corpus/
#   corpus/KEY or KEY  one key folder of corpus/, such as corpus/rsa2048
#   pem, ppk           one of the flat folders
#   pem/ALG, ppk/ALG   one key of a flat folder: its files named *.ALG.*
# Each key's own file (the root each function below names) is kept when it
# exists and every other file is made again from it, so that a rebuild
# changes only what the tools randomise (salts, IVs, OpenSSH's check
# integers) and what a changed step makes. -n makes new keys too; the
# fingerprints of corpus/rsa2048 (cafe24.pem) and corpus/ed25519 that the
# README and keyconv's Examples print must then be updated with them.
#
# Names are tool.alg.variant.ext: the variant goes from the format to its
# details, and every file encrypted with the passphrase in passphrase.txt
# has .enc just before its extension. ALG is rsaBITS, dsaBITS, ecdsa256,
# ecdsa384, ecdsa521, ed25519 or ed448.
#   openssl.ALG.trad.pem                     traditional PEM (PKCS#1, SEC1, DSA)
#   openssl.ALG.trad.CIPHER.enc.pem          the same, Proc-Type: 4,ENCRYPTED
#   openssl.ALG.pkcs8.pem                    PKCS#8
#   openssl.ALG.pkcs8.CIPHER[-PRF].enc.pem   PKCS#8 with PBES2 (the PRF when not SHA-256)
#   openssl.ALG.ecparam.pem                  openssl ecparam -genkey: EC PARAMETERS, then the key
#   ssh-keygen.ALG.openssh[.nocomment].key   ssh-keygen's format
#   ssh-keygen.ALG.openssh.CIPHER.enc.key    the same, bcrypt and CIPHER
#   puttygen.ALG.v3.ppk, .v2.ppk, .v2.enc.ppk, .v3.KDF.enc.ppk   puttygen's PPK files
#   puttygen.ALG.v3.from-openssh.ppk         converted from the ssh-keygen file (keeps its comment)
#   puttygen.ALG.private-openssh.pem         puttygen -O private-openssh of the v3 PPK
#   puttygen.ALG.openssh.pub, .rfc4716.pub   puttygen -L, -p
#   puttygen.ALG.sha256.fp, .md5.fp          puttygen -l, -l -E md5
#   puttygen.ALG.sshcom[.enc].key            ssh.com's format (RSA and DSA only)
#
# The folders:
#   corpus/KEY/  one key a folder in every form the tools write, all holding
#                the same key material; KEY starts with its ALG.
#   pem/         the PEM and OpenSSH reader's variants: each cipher, PRF and
#                comment case the tools write, for the keys of each ALG.
#   ppk/         the PPK codec's variants: keys puttygen made itself, in
#                versions 2 and 3, with unusual Argon2 memory and lane counts.
#   cafe24.pem   the README's sample download: corpus/rsa2048's key.
#
# Needs openssl, ssh-keygen, puttygen 0.78 and python3 (for the few byte
# manipulations the tools cannot do: a PKCS#1 key stored with p < q and an
# Ed25519 PKCS#8 file holding ssh-keygen's seed).
set -euo pipefail
cd "$(dirname "$0")"
for tool in openssl ssh-keygen puttygen python3; do
	command -v "$tool" >/dev/null || { echo "generate.sh: $tool is required" >&2; exit 1; }
done
new_keys=false
if [ "${1:-}" = -n ]; then
	new_keys=true
	shift
fi
pass=passphrase.txt
passphrase=$(head -n1 "$pass")
empty=$(mktemp)
trap 'rm -f "$empty"' EXIT

# reset DIR PATTERN ROOT...: removes DIR's files matching PATTERN, but for
# the ROOTs (unless -n was given), so that what follows rebuilds them.
reset() {
	local dir=$1 pattern=$2 f r
	shift 2
	mkdir -p "$dir"
	for f in "$dir"/$pattern; do
		[ -f "$f" ] || continue
		if ! $new_keys; then
			for r in "$@"; do [ "$f" = "$r" ] && continue 2; done
		fi
		rm -f "$f"
	done
}

# encrypt_openssh IN OUT CIPHER: a copy of ssh-keygen's file IN encrypted
# with CIPHER (ssh-keygen insists on a private mode before it rewrites one).
encrypt_openssh() {
	cp "$1" "$2"
	chmod 600 "$2"
	ssh-keygen -q -p -N "$passphrase" -Z "$3" -f "$2" >/dev/null
}

# ssh_keygen_new FILE TYPE COMMENT: a new key of ssh-keygen's own.
ssh_keygen_new() {
	ssh-keygen -q -t "$2" -N "" -C "$3" -f "$1" >/dev/null
	rm -f "$1.pub"
}

# openssh_from FILE PEM COMMENT: ssh-keygen's own format of a PEM key.
openssh_from() {
	cp "$2" "$1"
	chmod 600 "$1"
	ssh-keygen -q -p -N "" -f "$1" >/dev/null
	ssh-keygen -q -c -C "$3" -f "$1" >/dev/null
	rm -f "$1.pub"
}

# Corpus keys: each function rebuilds one folder, corpus/KEY.

# corpus_forms DIR ALG PEM KIND: the PKCS#8, encrypted traditional and
# OpenSSH forms of a traditional PEM key (KIND is openssl's rsa, ec or dsa).
corpus_forms() {
	local d=$1 a=$2 in=$3 kind=$4
	openssl pkcs8 -topk8 -nocrypt -in "$in" -out "$d/openssl.$a.pkcs8.pem"
	openssl pkcs8 -topk8 -v2 aes-256-cbc -passout "file:$pass" -in "$in" -out "$d/openssl.$a.pkcs8.aes256.enc.pem"
	openssl "$kind" -aes128 -passout "file:$pass" -in "$in" -out "$d/openssl.$a.trad.aes128.enc.pem" 2>/dev/null
	openssl "$kind" -des3 -passout "file:$pass" -in "$in" -out "$d/openssl.$a.trad.des3.enc.pem" 2>/dev/null
	openssh_from "$d/ssh-keygen.$a.openssh.key" "$in" "$(basename "$d")@keyconv-test"
	encrypt_openssh "$d/ssh-keygen.$a.openssh.key" "$d/ssh-keygen.$a.openssh.aes256-ctr.enc.key" aes256-ctr
}

# puttygen_from DIR ALG INPUT: puttygen's outputs for one input.
puttygen_from() {
	local d=$1 a=$2 in=$3
	local p=$d/puttygen.$a
	puttygen "$in" --new-passphrase "$empty" -o "$p.v3.ppk"
	puttygen "$in" --new-passphrase "$empty" --ppk-param version=2 -o "$p.v2.ppk"
	puttygen "$in" --new-passphrase "$pass" --ppk-param version=2 -o "$p.v2.enc.ppk"
	for kdf in argon2id argon2i argon2d; do
		puttygen "$in" --new-passphrase "$pass" --ppk-param "kdf=$kdf,passes=2,memory=1024" -o "$p.v3.$kdf.enc.ppk"
	done
	puttygen_exports "$d" "$a"
	local openssh=$d/ssh-keygen.$a.openssh.key
	if [ -f "$openssh" ] && [ "$in" != "$openssh" ]; then
		puttygen "$openssh" -o "$p.v3.from-openssh.ppk"
	fi
}

# puttygen_exports DIR ALG: what puttygen prints and exports of the
# folder's puttygen.ALG.v3.ppk.
puttygen_exports() {
	local p=$1/puttygen.$2
	puttygen "$p.v3.ppk" -O private-openssh -o "$p.private-openssh.pem"
	puttygen "$p.v3.ppk" -L >"$p.openssh.pub"
	puttygen "$p.v3.ppk" -p >"$p.rfc4716.pub"
	puttygen "$p.v3.ppk" -l >"$p.sha256.fp"
	puttygen "$p.v3.ppk" -l -E md5 >"$p.md5.fp"
}

# sshcom_from DIR ALG: puttygen's ssh.com exports of the folder's key, plain
# and encrypted; only RSA and DSA keys exist in that format.
sshcom_from() {
	puttygen "$1/puttygen.$2.v3.ppk" -O private-sshcom -o "$1/puttygen.$2.sshcom.key"
	puttygen "$1/puttygen.$2.v3.ppk" -O private-sshcom --new-passphrase "$pass" -o "$1/puttygen.$2.sshcom.enc.key"
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

corpus_rsa() { # KEY BITS; root openssl.rsaBITS.trad.pem
	local d=corpus/$1 a=rsa$2
	local root=$d/openssl.$a.trad.pem
	reset "$d" '*' "$root"
	[ -f "$root" ] || openssl genrsa -traditional -out "$root" "$2" 2>/dev/null
	corpus_forms "$d" "$a" "$root" rsa
	puttygen_from "$d" "$a" "$root"
	sshcom_from "$d" "$a"
}

# corpus_ecdsa KEY CURVE BITS [short]: with short, a new key is drawn until
# its scalar's minimal mpint is a byte shorter than the field.
corpus_ecdsa() { # root openssl.ecdsaBITS.trad.pem
	local d=corpus/$1 a=ecdsa$3
	local root=$d/openssl.$a.trad.pem
	reset "$d" '*' "$root"
	while [ ! -f "$root" ]; do
		openssl ecparam -name "$2" -genkey -noout -out "$root"
		[ -z "${4:-}" ] && break
		# A zero first byte and a second byte below 0x80: the mpint drops the
		# zero and needs no sign byte, so it is shorter than the field.
		case "$(scalar_first_bytes "$root")" in 00[0-7]?) ;; *) rm "$root" ;; esac
	done
	corpus_forms "$d" "$a" "$root" ec
	puttygen_from "$d" "$a" "$root"
}

corpus_dsa() { # KEY; root openssl.dsa1024.trad.pem
	local d=corpus/$1 a=dsa1024
	local root=$d/openssl.$a.trad.pem
	reset "$d" '*' "$root"
	if [ ! -f "$root" ]; then
		openssl dsaparam -genkey -noout -out "$root" 1024 2>/dev/null
		openssl dsa -in "$root" -out "$root" 2>/dev/null # traditional form
	fi
	corpus_forms "$d" "$a" "$root" dsa
	puttygen_from "$d" "$a" "$root"
	sshcom_from "$d" "$a"
}

corpus_ed25519() { # KEY; root ssh-keygen.ed25519.openssh.key
	local d=corpus/$1 a=ed25519
	local root=$d/ssh-keygen.$a.openssh.key
	reset "$d" '*' "$root"
	[ -f "$root" ] || ssh_keygen_new "$root" ed25519 "$1@keyconv-test"
	encrypt_openssh "$root" "$d/ssh-keygen.$a.openssh.aes256-ctr.enc.key" aes256-ctr
	python3 - "$root" "$d/openssl.$a.pkcs8.pem" <<'PY'
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
	openssl pkcs8 -topk8 -v2 aes-256-cbc -passout "file:$pass" -in "$d/openssl.$a.pkcs8.pem" -out "$d/openssl.$a.pkcs8.aes256.enc.pem"
	puttygen_from "$d" "$a" "$root"
}

# Ed448: only puttygen makes these keys (ssh-keygen has no Ed448, and
# puttygen reads no PKCS#8), so the root is puttygen's own and OpenSSL's
# PKCS#8 form is built from the seed in its private blob; openssl then
# checks that it derives the PPK's public key from that seed.
corpus_ed448() { # KEY; root puttygen.ed448.v3.ppk
	local d=corpus/$1 a=ed448
	local root=$d/puttygen.$a.v3.ppk
	reset "$d" '*' "$root"
	[ -f "$root" ] || puttygen -q -t ed448 -C "$1@keyconv-test" --new-passphrase "$empty" -o "$root"
	python3 - "$root" "$d/openssl.$a.pkcs8.pem" <<'PY'
import base64, sys
lines = open(sys.argv[1]).read().split("\n")
n = next(i for i, l in enumerate(lines) if l.startswith("Private-Lines: "))
blob = base64.b64decode("".join(lines[n + 1:n + 1 + int(lines[n].split(": ")[1])]))
length = int.from_bytes(blob[:4], "big")
assert length == 57, length
der = bytes.fromhex("3047020100300506032b6571043b0439") + blob[4:4 + 57]
open(sys.argv[2], "w").write("-----BEGIN PRIVATE KEY-----\n" + base64.b64encode(der).decode() + "\n-----END PRIVATE KEY-----\n")
PY
	openssl pkcs8 -topk8 -v2 aes-256-cbc -passout "file:$pass" -in "$d/openssl.$a.pkcs8.pem" -out "$d/openssl.$a.pkcs8.aes256.enc.pem"
	# puttygen_from's steps, in the forms puttygen takes for a PPK input.
	local p=$d/puttygen.$a
	puttygen -q "$root" --reencrypt --ppk-param version=2 -o "$p.v2.ppk"
	puttygen -q "$root" -P --new-passphrase "$pass" --ppk-param version=2 -o "$p.v2.enc.ppk"
	for kdf in argon2id argon2i argon2d; do
		puttygen -q "$root" -P --new-passphrase "$pass" --ppk-param "kdf=$kdf,passes=2,memory=1024" -o "$p.v3.$kdf.enc.ppk"
	done
	puttygen_exports "$d" "$a"
	# PPK -> OpenSSH -> PPK: puttygen gives back the file it started from.
	puttygen "$d/puttygen.$a.private-openssh.pem" -o "$d/puttygen.$a.v3.from-openssh.ppk"
	cmp -s "$d/puttygen.$a.v3.from-openssh.ppk" "$root" || { echo "generate.sh: puttygen's PPK of its own Ed448 export differs" >&2; exit 1; }
	local want got
	want=$(cut -d' ' -f2 "$d/puttygen.$a.openssh.pub" | base64 -d | tail -c 57 | od -An -tx1 | tr -d ' \n')
	got=$(openssl pkey -in "$d/openssl.$a.pkcs8.pem" -pubout -outform DER | tail -c 57 | od -An -tx1 | tr -d ' \n')
	[ "$want" = "$got" ] || { echo "generate.sh: openssl derives another Ed448 public key" >&2; exit 1; }
}

# An RSA key stored with p < q: puttygen swaps the primes and recomputes iqmp,
# so its PPK must equal the one made from the same key stored with p > q.
corpus_rsa_swapped() { # KEY FROM; the key is FROM's, so there is no root
	local d=corpus/$1 a=${2%%-*}
	reset "$d" '*'
	python3 - "corpus/$2/openssl.$a.trad.pem" "$d/openssl.$a.trad.pem" <<'PY'
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
	puttygen "$d/openssl.$a.trad.pem" --new-passphrase "$empty" -o "$d/puttygen.$a.v3.ppk"
	puttygen "$d/openssl.$a.trad.pem" --new-passphrase "$pass" --ppk-param version=2 -o "$d/puttygen.$a.v2.enc.ppk"
}

# An RSA key whose PPK private blob is already a multiple of 16 bytes: PuTTY
# pads it with nothing when encrypting. For a 1119-bit modulus the blob is 368
# bytes when d and iqmp have their full lengths, which about one key in four
# has; a new key is drawn until one does.
corpus_rsa_pad16() { # KEY; root openssl.rsa1119.trad.pem
	local d=corpus/$1 a=rsa1119
	local root=$d/openssl.$a.trad.pem
	reset "$d" '*' "$root"
	local tmp
	tmp=$(mktemp -d)
	while [ ! -f "$root" ]; do
		openssl genrsa -traditional -out "$tmp/k.pem" 1119 2>/dev/null
		puttygen "$tmp/k.pem" --new-passphrase "$empty" -o "$tmp/k.ppk"
		[ $(($(private_blob_len "$tmp/k.ppk") % 16)) -eq 0 ] && cp "$tmp/k.pem" "$root"
	done
	rm -rf "$tmp"
	puttygen_from "$d" "$a" "$root"
}

# The corpus, one line a key folder.
corpus=(
	"corpus_rsa rsa2048 2048"
	"corpus_rsa rsa4096 4096"
	"corpus_rsa_swapped rsa2048-p-lt-q rsa2048"
	"corpus_rsa_pad16 rsa1119-pad16"
	"corpus_dsa dsa1024"
	"corpus_ecdsa ecdsa256 prime256v1 256"
	"corpus_ecdsa ecdsa256-short prime256v1 256 short" # a 31-byte mpint in the PPK
	"corpus_ecdsa ecdsa384 secp384r1 384"
	"corpus_ecdsa ecdsa521 secp521r1 521 short" # a 65-byte scalar, as puttygen writes it
	"corpus_ed25519 ed25519"
	"corpus_ed448 ed448"
)

# pem_key ALG: pem/'s files of one algorithm. Their roots are
# openssl.ALG.pkcs8.pem (openssl genpkey), and ssh-keygen's own key for
# dsa1024 (OpenSSH reads no other DSA size) and ed25519 (ssh-keygen cannot
# read OpenSSL's Ed25519 file), and openssl.ecdsa256.ecparam.pem.
pem_key() {
	local a=$1 d=pem
	local key=$d/openssl.$a.pkcs8.pem ssh=$d/ssh-keygen.$a.openssh.key ecparam=$d/openssl.$a.ecparam.pem
	local roots=("$key" "$ecparam")
	case $a in dsa1024 | ed25519) roots+=("$ssh") ;; esac
	reset "$d" "*.$a.*" "${roots[@]}"
	case $a in
	rsa2048) [ -f "$key" ] || openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -quiet -out "$key" ;;
	dsa2048)
		if [ ! -f "$key" ]; then
			openssl genpkey -quiet -genparam -algorithm DSA -pkeyopt dsa_paramgen_bits:2048 -out "$d/dsa.params"
			openssl genpkey -paramfile "$d/dsa.params" -out "$key"
			rm "$d/dsa.params"
		fi
		;;
	ecdsa*) [ -f "$key" ] || openssl genpkey -algorithm EC -pkeyopt "ec_paramgen_curve:P-${a#ecdsa}" -pkeyopt ec_param_enc:named_curve -out "$key" ;;
	ed25519 | ed448) [ -f "$key" ] || openssl genpkey -algorithm "${a^^}" -out "$key" ;;
	dsa1024)
		[ -f "$ssh" ] || ssh_keygen_new "$ssh" dsa "ssh-keygen $a"
		encrypt_openssh "$ssh" "$d/ssh-keygen.$a.openssh.aes256-ctr.enc.key" aes256-ctr
		chmod 644 "$d"/*."$a".*
		return
		;;
	esac
	if [ "$a" = ed448 ]; then
		return # one PKCS#8 file; corpus/ed448 holds the key in every form
	fi
	openssl pkcs8 -topk8 -v2 aes-256-cbc -in "$key" -passout "file:$pass" -out "$d/openssl.$a.pkcs8.aes256.enc.pem"
	local trad=()
	case $a in
	rsa*) trad=(rsa -traditional) ;;
	dsa*) trad=(dsa) ;;
	ecdsa*) trad=(ec) ;;
	esac
	if [ ${#trad[@]} -gt 0 ]; then
		openssl "${trad[@]}" -in "$key" -out "$d/openssl.$a.trad.pem" 2>/dev/null
		for c in des3 aes256; do
			openssl "${trad[@]}" -in "$key" "-$c" -passout "file:$pass" -out "$d/openssl.$a.trad.$c.enc.pem" 2>/dev/null
		done
	fi
	# ssh-keygen's format of the same key; its comment names an ECDSA key by
	# its curve (p256), as these files always have.
	case $a in
	dsa2048) ;;
	ed25519) [ -f "$ssh" ] || ssh_keygen_new "$ssh" ed25519 "ssh-keygen $a" ;;
	*) openssh_from "$ssh" "$key" "ssh-keygen ${a/ecdsa/p}" ;;
	esac
	[ -f "$ssh" ] && encrypt_openssh "$ssh" "$d/ssh-keygen.$a.openssh.aes256-ctr.enc.key" aes256-ctr
	# The other choices puttygen, OpenSSL and ssh-keygen make, on one key each.
	case $a in
	rsa2048)
		openssl rsa -in "$key" -traditional -aes128 -passout "file:$pass" -out "$d/openssl.$a.trad.aes128.enc.pem" 2>/dev/null
		openssl pkcs8 -topk8 -v2 aes-128-cbc -v2prf hmacWithSHA1 -in "$key" -passout "file:$pass" -out "$d/openssl.$a.pkcs8.aes128-sha1.enc.pem"
		;;
	ecdsa256)
		openssl ec -in "$key" -aes192 -passout "file:$pass" -out "$d/openssl.$a.trad.aes192.enc.pem" 2>/dev/null
		cp "$ssh" "$d/ssh-keygen.$a.openssh.nocomment.key"
		chmod 600 "$d/ssh-keygen.$a.openssh.nocomment.key"
		ssh-keygen -q -c -C "" -f "$d/ssh-keygen.$a.openssh.nocomment.key" >/dev/null
		[ -f "$ecparam" ] || openssl ecparam -genkey -name prime256v1 -out "$ecparam"
		;;
	ecdsa384)
		openssl pkcs8 -topk8 -v2 des3 -v2prf hmacWithSHA512 -in "$key" -passout "file:$pass" -out "$d/openssl.$a.pkcs8.des3-sha512.enc.pem"
		;;
	ed25519)
		openssl pkcs8 -topk8 -v2 aes-192-cbc -v2prf hmacWithSHA384 -in "$key" -passout "file:$pass" -out "$d/openssl.$a.pkcs8.aes192-sha384.enc.pem"
		for c in aes128-ctr aes256-cbc aes256-gcm@openssh.com chacha20-poly1305@openssh.com; do
			encrypt_openssh "$ssh" "$d/ssh-keygen.$a.openssh.${c%@*}.enc.key" "$c"
		done
		;;
	esac
	rm -f "$d"/*.pub
	chmod 644 "$d"/*."$a".*
}
pem_algs=(rsa2048 dsa2048 dsa1024 ecdsa256 ecdsa384 ecdsa521 ed25519 ed448)

# ppk_key ALG: ppk/'s files of one key, rooted in puttygen.ALG.v3.ppk, which
# puttygen -t made (with the comment ppk_keys gives it).
ppk_key() {
	local a=$1 d=ppk entry name type bits comment
	local root=$d/puttygen.$a.v3.ppk
	reset "$d" "*.$a.*" "$root"
	if [ ! -f "$root" ]; then
		for entry in "${ppk_keys[@]}"; do
			read -r name type bits comment <<<"$entry"
			[ "$name" = "$a" ] && break
		done
		# "-" stands for an empty comment, which puttygen writes as "Comment: ".
		[ "$comment" = - ] && comment=
		puttygen -q -t "$type" -b "$bits" -C "$comment" --new-passphrase "$empty" -o "$root" 2>/dev/null
	fi
	[ "$a" = ed448 ] && return
	local p=$d/puttygen.$a
	puttygen -q "$root" --reencrypt --ppk-param version=2 -o "$p.v2.ppk"
	puttygen -q "$root" -P --new-passphrase "$pass" --ppk-param version=2 -o "$p.v2.enc.ppk"
	puttygen -q "$root" -P --new-passphrase "$pass" --ppk-param kdf=argon2id,passes=2 -o "$p.v3.argon2id.enc.ppk"
	puttygen -q "$root" -P --new-passphrase "$pass" --ppk-param kdf=argon2i,memory=1024,passes=1,parallelism=2 -o "$p.v3.argon2i.enc.ppk"
	# 500 KiB over 3 lanes is not a multiple of 4*3 blocks: checks rounding.
	puttygen -q "$root" -P --new-passphrase "$pass" --ppk-param kdf=argon2d,memory=500,passes=3,parallelism=3 -o "$p.v3.argon2d.enc.ppk"
}
# ALG, puttygen -t, -b, comment
ppk_keys=(
	"rsa2048 rsa 2048 rsa2048-fixture"
	"dsa1024 dsa 1024 dsa1024-fixture"
	"ecdsa256 ecdsa 256 -"
	"ecdsa384 ecdsa 384 ecdsa384-fixture"
	"ecdsa521 ecdsa 521 ecdsa521-fixture"
	"ed25519 ed25519 255 ed25519-fixture"
	"ed448 ed448 448 ed448-fixture"
)

# in_list WORD WORD...: true when the first word is among the others.
in_list() {
	local w=$1
	shift
	printf '%s\n' "$@" | grep -qx -- "$w"
}

build() { # TARGET
	local t=${1%/} entry name
	case $t in
	corpus)
		for entry in "${corpus[@]}"; do $entry; done
		;;
	pem | ppk)
		local -n algs=${t}_algs
		for a in "${algs[@]}"; do "${t}_key" "$a"; done
		;;
	pem/* | ppk/*)
		local -n algs=${t%%/*}_algs
		in_list "${t#*/}" "${algs[@]}" || { echo "generate.sh: no key ${t#*/} in ${t%%/*}/ (there are: ${algs[*]})" >&2; exit 2; }
		"${t%%/*}_key" "${t#*/}"
		;;
	*)
		for entry in "${corpus[@]}"; do
			read -r _ name _ <<<"$entry"
			if [ "$name" = "${t#corpus/}" ]; then
				$entry
				return
			fi
		done
		echo "generate.sh: no folder or key $1 (try corpus, corpus/KEY, pem, pem/ALG, ppk or ppk/ALG)" >&2
		exit 2
		;;
	esac
}
ppk_algs=()
for entry in "${ppk_keys[@]}"; do ppk_algs+=("${entry%% *}"); done

[ $# -gt 0 ] || set -- corpus pem ppk
for target in "$@"; do build "$target"; done

# The sample the README converts: a cloud console's keypair download.
cp corpus/rsa2048/openssl.rsa2048.trad.pem cafe24.pem
chmod 600 cafe24.pem
echo "generate.sh: $(find corpus pem ppk -type f | wc -l) key files"
