#!/usr/bin/env bash
# Regenerates the PPK fixtures in this folder with puttygen 0.78. They
# supplement the repository's corpus (testdata/ at the top) with files that
# exercise the PPK codec itself: every key type in version 2 and 3, plain and
# encrypted, and each Argon2 variant with unusual memory and lane counts.
#
# Every file is puttygen's own output, so the tests can compare keyconv's
# writer against it byte for byte. The passphrase is in passphrase.txt.
set -euo pipefail
cd "$(dirname "$0")"
command -v puttygen >/dev/null || { echo "generate.sh: puttygen is required" >&2; exit 1; }

pass=passphrase.txt
none=$(mktemp)
trap 'rm -f "$none"' EXIT
rm -f puttygen.*.ppk

# name, puttygen -t, -b, comment
keys=(
	"rsa2048 rsa 2048 rsa2048-fixture"
	"dsa1024 dsa 1024 dsa1024-fixture"
	"ecdsa256 ecdsa 256 -"
	"ecdsa384 ecdsa 384 ecdsa384-fixture"
	"ecdsa521 ecdsa 521 ecdsa521-fixture"
	"ed25519 ed25519 255 ed25519-fixture"
	"ed448 ed448 448 ed448-fixture"
)
for k in "${keys[@]}"; do
	read -r name type bits comment <<<"$k"
	# "-" stands for an empty comment, which puttygen writes as "Comment: ".
	[ "$comment" = - ] && comment=
	base=puttygen.$name.v3.ppk
	puttygen -q -t "$type" -b "$bits" -C "$comment" --new-passphrase "$none" -o "$base" 2>/dev/null
	[ "$name" = ed448 ] && continue
	puttygen -q "$base" --reencrypt --ppk-param version=2 -o "puttygen.$name.v2.ppk"
	puttygen -q "$base" -P --new-passphrase "$pass" --ppk-param version=2 -o "puttygen.$name.v2.enc.ppk"
	puttygen -q "$base" -P --new-passphrase "$pass" --ppk-param kdf=argon2id,passes=2 -o "puttygen.$name.v3.enc.argon2id.ppk"
	puttygen -q "$base" -P --new-passphrase "$pass" --ppk-param kdf=argon2i,memory=1024,passes=1,parallelism=2 -o "puttygen.$name.v3.enc.argon2i.ppk"
	# 500 KiB over 3 lanes is not a multiple of 4*3 blocks: checks rounding.
	puttygen -q "$base" -P --new-passphrase "$pass" --ppk-param kdf=argon2d,memory=500,passes=3,parallelism=3 -o "puttygen.$name.v3.enc.argon2d.ppk"
done
