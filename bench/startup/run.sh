#!/usr/bin/env bash
# Times the key commands' whole process against puttygen's, side by side,
# and prints keyconv/puttygen ratios (target, issue 13: at most 1.0):
#
#   keyconv pub KEY.pem          vs  puttygen -L KEY.pem
#   keyconv fingerprint KEY.ppk  vs  puttygen -l KEY.ppk
#   keyconv info KEY.ppk         vs  puttygen -l KEY.ppk
#
# and an empty Go program, the floor any Go command stands on. Start-up is
# most of these commands' time, so the process is what is timed, with
# hyperfine (-N, no shell). Wall time on a shared machine is noisy: the
# script prints the medians of RUNS runs (default 300) and also the CPU
# time (user+system, from hyperfine), which other processes disturb less.
# It then prints the package init times keyconv pays (GODEBUG=inittrace=1,
# median over 30 starts), largest first. Needs go, puttygen, hyperfine, jq.
set -euo pipefail
cd "$(dirname "$0")/../.."

for tool in go puttygen hyperfine jq; do
	command -v "$tool" >/dev/null || { echo "run.sh: $tool is required" >&2; exit 1; }
done
runs=${RUNS:-300}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

go build -o "$work/keyconv" ./cmd/keyconv
# The same without cgo: a static binary, which skips the dynamic loader and
# libc's start-up (package net links runtime/cgo for its DNS resolver).
CGO_ENABLED=0 go build -o "$work/keyconv-static" ./cmd/keyconv
mkdir "$work/empty"
printf 'package main\n\nfunc main() {}\n' > "$work/empty/main.go"
printf 'module empty\n\ngo 1.24\n' > "$work/empty/go.mod"
(cd "$work/empty" && go build -o "$work/emptygo" .)
cp testdata/cafe24.pem "$work/key.pem"
cd "$work"
puttygen key.pem -O private -o key.ppk
cmp -s <(./keyconv pub key.pem) <(puttygen -L key.pem) || { echo "run.sh: pub differs from puttygen -L" >&2; exit 1; }
cmp -s <(./keyconv fingerprint key.ppk) <(puttygen -l key.ppk) || { echo "run.sh: fingerprint differs from puttygen -l" >&2; exit 1; }

hyperfine -N --warmup 20 --runs "$runs" --export-json times.json \
	"./emptygo" \
	"puttygen -L key.pem" "./keyconv pub key.pem" \
	"puttygen -l key.ppk" "./keyconv fingerprint key.ppk" "./keyconv info key.ppk" \
	"./keyconv-static pub key.pem" "./keyconv-static fingerprint key.ppk" >/dev/null 2>&1

stat() { jq -r --arg c "$1" '.results[] | select(.command == $c) | "\(.median * 1000) \((.user + .system) * 1000)"' times.json; }
printf '%-36s %10s %10s   %-22s %9s %9s\n' command "median ms" "cpu ms" "vs" "ratio" "cpu ratio"
row() {
	read -r km kc < <(stat "$1")
	read -r pm pc < <(stat "$2")
	awk -v c="$1" -v v="$2" -v km="$km" -v kc="$kc" -v pm="$pm" -v pc="$pc" \
		'BEGIN { printf "%-36s %10.2f %10.2f   %-22s %9.2f %9.2f\n", c, km, kc, v, km / pm, kc / pc }'
}
row "./emptygo" "puttygen -l key.ppk"
row "./keyconv pub key.pem" "puttygen -L key.pem"
row "./keyconv fingerprint key.ppk" "puttygen -l key.ppk"
row "./keyconv info key.ppk" "puttygen -l key.ppk"
row "./keyconv-static pub key.pem" "puttygen -L key.pem"
row "./keyconv-static fingerprint key.ppk" "puttygen -l key.ppk"
read -r pm pc < <(stat "puttygen -L key.pem")
printf '%-36s %10.2f %10.2f\n' "puttygen -L key.pem" "$pm" "$pc"
read -r pm pc < <(stat "puttygen -l key.ppk")
printf '%-36s %10.2f %10.2f\n' "puttygen -l key.ppk" "$pm" "$pc"

echo
echo "package init, median of 30 starts of keyconv fingerprint (ms, top 10):"
for _ in $(seq 30); do GODEBUG=inittrace=1 ./keyconv fingerprint key.ppk 2>&1 >/dev/null; done |
	awk '$1 == "init" { t[$2] = t[$2] " " $5 }
	END { for (p in t) print p t[p] }' |
	while read -r pkg rest; do
		printf '%s %s\n' "$(printf '%s\n' $rest | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')" "$pkg"
	done | sort -rn | head -n 10 | awk '{ printf "  %6.3f  %s\n", $1, $2; s += $1 } END { printf "  (top 10 sum %.3f ms)\n", s }'
