#!/usr/bin/env bash
# Times `keyconv firewall lint` and `show` on generated cloud files from
# 1,000 to 30,000 servers and 100 to 10,000 rules, and prints the growth
# table (issue 9, section 2): wall time and peak memory of each command,
# and the time per 1,000 servers-plus-rules, which stays flat when growth
# is linear. Target: lint and show under 1 s for 1,000 servers x 10,000
# rules.
#
# The files have the shape issue 9 measured: every server attached (from
# its own side) to the same ten firewalls, which share the rules; the rows
# marked "one" put all the rules in one firewall. Rules are mostly single
# ports, some ranges, sources from /8 to /32, as accounts write them. The
# largest file stays inside the 4 MiB cap. Addresses are never dialed.
#
# SERVERS and RULES override the grid, e.g. SERVERS="1000 30000" RULES=10000;
# RUNS (3) is how many times each command runs, the fastest counting.
# Needs go and GNU time (/usr/bin/time).
set -euo pipefail
cd "$(dirname "$0")/../.."

for tool in go /usr/bin/time awk; do
	command -v "$tool" >/dev/null || { echo "run.sh: $tool is required" >&2; exit 1; }
done
runs=${RUNS:-3}
servers_grid=${SERVERS:-"1000 3000 10000 30000"}
rules_grid=${RULES:-"100 1000 10000"}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/keyconv" ./cmd/keyconv

# gen SERVERS RULES ONE writes the file to stdout.
gen() {
	awk -v servers="$1" -v rules="$2" -v one="$3" 'BEGIN {
		srand(servers * 31 + rules)
		print "firewalls:"
		for (f = 0; f < 10; f++) {
			printf "  - name: f%d\n    inbound:\n", f
			n = one ? (f == 0 ? rules : 0) : int(rules / 10)
			if (f == 0) { print "      - {service: SSH, source: 203.0.113.7}"; n-- }
			for (r = 0; r < n; r++) {
				proto = rand() < 0.125 ? "udp" : "tcp"
				port = 1024 + int(rand() * 60000)
				ports = port
				if (rand() < 0.1) ports = port "-" (port + int(rand() * 200))
				bits = 8 + int(rand() * 25)
				a = (1 + int(rand() * 223)) * 16777216 + int(rand() * 16777216)
				mask = 2 ^ (32 - bits)
				a = a - a % mask
				printf "      - {protocol: %s, ports: %s, source: %d.%d.%d.%d/%d}\n", proto, ports,
					int(a / 16777216), int(a / 65536) % 256, int(a / 256) % 256, a % 256, bits
			}
		}
		print "servers:"
		for (s = 0; s < servers; s++)
			printf "- {name: s%d, public_ip: 11.%d.%d.%d, private_ip: 10.%d.%d.%d, firewalls: [f0,f1,f2,f3,f4,f5,f6,f7,f8,f9]}\n",
				s, int(s / 65536), int(s / 256) % 256, s % 256, int(s / 65536), int(s / 256) % 256, s % 256
	}'
}

# measure CMD... prints "seconds KiB": the fastest of $runs runs, which a
# busy machine disturbs least, and its peak memory. lint exits 1 on
# findings, which these files have.
measure() {
	local best=
	for _ in $(seq "$runs"); do
		/usr/bin/time -f '%e %M' -o "$work/time" "$@" >/dev/null 2>"$work/err" || [ $? -eq 1 ]
		if grep -q 'keyconv: error' "$work/err"; then
			cat "$work/err" >&2
			exit 1
		fi
		best=$(printf '%s\n%s\n' "$best" "$(tail -n 1 "$work/time")" | awk 'NF == 2 && (min == "" || $1 < min) { min = $1; line = $0 } END { print line }')
	done
	echo "$best"
}

printf '%8s %7s %-4s %9s %9s %9s %12s %9s %9s %12s\n' servers rules fws "file KiB" "lint s" "lint MiB" "lint us/1k" "show s" "show MiB" "show us/1k"
row() {
	local s=$1 r=$2 one=$3 file="$work/cloud.yaml"
	gen "$s" "$r" "$one" >"$file"
	read -r lt lm < <(measure "$work/keyconv" firewall lint -c "$file")
	read -r st sm < <(measure "$work/keyconv" firewall show -c "$file")
	awk -v s="$s" -v r="$r" -v one="$one" -v size="$(wc -c <"$file")" -v lt="$lt" -v lm="$lm" -v st="$st" -v sm="$sm" 'BEGIN {
		n = (s + r) / 1000
		printf "%8d %7d %-4s %9d %9.2f %9.1f %12.0f %9.2f %9.1f %12.0f\n", s, r, one ? "one" : "ten", size / 1024,
			lt, lm / 1024, lt * 1e6 / n, st, sm / 1024, st * 1e6 / n
	}'
}
for s in $servers_grid; do
	for r in $rules_grid; do
		row "$s" "$r" 0
	done
done
row 1000 10000 1
