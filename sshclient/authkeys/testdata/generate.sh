#!/bin/sh
# Regenerates the authorized_keys sample: three Ed25519 keys and an RSA key
# made by ssh-keygen, and sample.authorized_keys, which mixes every kind of
# line sshd meets: comments, blank lines, options with quoted spaces, CRLF,
# cert-authority, a key with its first character cut, a pasted RFC 4716
# block, a key without comment, and a last line without a newline.
set -eu
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for n in a b c; do
	ssh-keygen -q -t ed25519 -N '' -C "key-$n" -f "$tmp/$n"
	cp "$tmp/$n.pub" "ssh-keygen.ed25519.$n.pub"
done
ssh-keygen -q -t rsa -b 2048 -N '' -C rsa-key -f "$tmp/r"
cp "$tmp/r.pub" ssh-keygen.rsa2048.pub
A=$(cut -d' ' -f1-2 ssh-keygen.ed25519.a.pub)
B=$(cut -d' ' -f1-2 ssh-keygen.ed25519.b.pub)
C=$(cut -d' ' -f1-2 ssh-keygen.ed25519.c.pub)
R=$(cut -d' ' -f1-2 ssh-keygen.rsa2048.pub)
{
	printf '# keys for the deploy user\n'
	printf '\n'
	printf '%s alice@laptop\n' "$A"
	printf 'from="127.0.0.1",command="echo \\"hi there\\"" %s bob with spaces\n' "$B"
	printf '%s rsa key from windows\r\n' "$R"
	printf '   \t\n'
	printf 'cert-authority,principals="deploy" %s our ca\n' "$C"
	printf '%s damaged: first character cut\n' "$(echo "$A" | cut -c2-)"
	printf -- '---- BEGIN SSH2 PUBLIC KEY ----\nComment: "pasted from puttygen"\n'
	echo "$B" | cut -d' ' -f2 | fold -w 64
	printf -- '---- END SSH2 PUBLIC KEY ----\n'
	printf '%s\n' "$C"
	printf '\t%s alice again, indented, no newline' "$A"
} >sample.authorized_keys
