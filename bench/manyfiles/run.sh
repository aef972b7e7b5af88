#!/usr/bin/env bash
# Times "keyconv pem2ppk" on many unencrypted RSA-2048 keys in one call
# against one call per key, and prints the ratio (target, issue 13: one
# call takes at most 0.2 of the time of one call per key). Both sides write
# every .ppk beside its key, as a user would; the first .ppk is checked
# against puttygen's before any time counts.
#
# KEYS (default 1000) is the number of key files, ROUNDS (default 3) the
# number of timed rounds; DISTINCT (default 20) keys are generated and
# copied round-robin into the KEYS files, since generating 1,000 RSA keys
# takes minutes on a busy machine and converting a key costs the same
# whichever key it is; the medians of the rounds are compared. The machine may
# be shared, so the figures are noisy: read the median, and the spread the
# script prints beside it. Needs go, openssl, puttygen.
set -euo pipefail
cd "$(dirname "$0")/../.."

for tool in go openssl puttygen; do
	command -v "$tool" >/dev/null || { echo "run.sh: $tool is required" >&2; exit 1; }
done
keys=${KEYS:-1000}
rounds=${ROUNDS:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

go build -o "$work/keyconv" ./cmd/keyconv
distinct=${DISTINCT:-20}
mkdir "$work/keys" "$work/gen"
seq 1 "$distinct" | xargs -P "$(nproc)" -I{} openssl genrsa -traditional -out "$work/gen/g{}.pem" 2048 2>/dev/null
for i in $(seq 1 "$keys"); do
	cp "$work/gen/g$(( (i - 1) % distinct + 1 )).pem" "$work/keys/$(printf 'k%05d.pem' "$i")"
done
cd "$work"
pems=(keys/*.pem)
first=${pems[0]}
./keyconv pem2ppk -o check.ppk "$first" 2>/dev/null
puttygen "$first" -O private -o want.ppk
cmp -s check.ppk want.ppk || { echo "run.sh: keyconv's PPK differs from puttygen's" >&2; exit 1; }

now() { date +%s%N; }
one=() many=()
for _ in $(seq "$rounds"); do
	rm -f keys/*.ppk
	t0=$(now)
	./keyconv pem2ppk keys/*.pem 2>/dev/null
	t1=$(now)
	ppks=(keys/*.ppk)
	[ "${#ppks[@]}" -eq "$keys" ] || { echo "run.sh: one call did not write every key" >&2; exit 1; }
	rm -f keys/*.ppk
	t2=$(now)
	for f in keys/*.pem; do ./keyconv pem2ppk "$f" 2>/dev/null; done
	t3=$(now)
	one+=($(( (t1 - t0) / 1000 ))) many+=($(( (t3 - t2) / 1000 )))
done

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
spread() { printf '%s\n' "$@" | sort -n | awk 'NR==1 {lo=$1} {hi=$1} END {printf "%.0f-%.0f ms", lo/1000, hi/1000}'; }
m1=$(median "${one[@]}") mn=$(median "${many[@]}")
printf '%d keys, %d rounds (medians; range in brackets)\n' "$keys" "$rounds"
printf 'one call:       %8.0f ms  [%s]\n' "$(echo "$m1/1000" | bc -l)" "$(spread "${one[@]}")"
printf 'one call each:  %8.0f ms  [%s]\n' "$(echo "$mn/1000" | bc -l)" "$(spread "${many[@]}")"
awk -v a="$m1" -v b="$mn" 'BEGIN {r = a / b; printf "ratio:          %8.3f  (target <= 0.2: %s)\n", r, (r <= 0.2 ? "met" : "NOT met")}'
