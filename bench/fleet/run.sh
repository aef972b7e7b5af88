#!/usr/bin/env bash
# Benchmark: run `true` and `uname -a` on 50 loopback servers (real sshds
# on 127.0.0.2-51, internal/sshtest's fleet) with keyconv run, with the
# x/crypto/ssh floor in bench/fleet/baseline, and with parallel-ssh (Debian
# pssh), pdsh -R ssh and ansible -m raw (ansible-core), all at the same
# parallelism, with the same key, user and known_hosts file (strict host
# key checking), and ControlMaster off for Ansible, as keyconv keeps no
# master connections. Prints, for each tool and command, the median wall
# time of the rounds, the client's CPU time and peak memory, sshd's share
# of the CPU time (the servers share the machine), and keyconv's ratios;
# then logs in 500 times (50 servers x 10 rounds) with keyconv and checks
# that none failed.
#
# Targets (issue 10): keyconv <= 1.3x the floor, <= 0.3x parallel-ssh,
# <= 0.15x Ansible; keyconv's peak memory <= 64 MiB + 1 MiB per server at
# once. Figures on a shared machine are noisy: read them side by side.
#
# Needs root (sshd logs the users in), /usr/sbin/sshd, ssh, parallel-ssh,
# pdsh, ansible and GNU time; traffic stays on 127.0.0.0/8.
# Usage: bench/fleet/run.sh [ROUNDS] (default 3; Ansible runs
# BENCH_ANSIBLE_ROUNDS, default 1, since one round takes tens of seconds)
set -euo pipefail
cd "$(dirname "$0")/../.."

rounds=${1:-3}
ansible_rounds=${BENCH_ANSIBLE_ROUNDS:-1}
servers=50
parallel=${BENCH_PARALLEL:-32}
if [ "$(id -u)" != 0 ]; then
	echo "bench/fleet/run.sh: needs root to run sshd (as CI does)" >&2
	exit 1
fi
for tool in /usr/sbin/sshd ssh parallel-ssh pdsh ansible /usr/bin/time; do
	command -v "$tool" >/dev/null || { echo "bench/fleet/run.sh: $tool is not installed (scripts/install-tools.sh)" >&2; exit 1; }
done

work=$(mktemp -d)
fifo="$work/stdin"
cleanup() {
	exec 3>&- 2>/dev/null || true
	[ -n "${fleet_pid:-}" ] && wait "$fleet_pid" 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT

export GOTOOLCHAIN=${GOTOOLCHAIN:-go1.27.3}
go build -o "$work/keyconv" ./cmd/keyconv
go build -o "$work/testfleet" ./bench/fleet/testfleet
go build -o "$work/baseline" ./bench/fleet/baseline

# testfleet stops the servers when its standard input closes.
mkfifo "$fifo"
mkdir "$work/fleet"
"$work/testfleet" "$servers" "$work/fleet" <"$fifo" &
fleet_pid=$!
exec 3>"$fifo"
for _ in $(seq 200); do
	[ -s "$work/fleet/env" ] && break
	sleep 0.1
done
[ -s "$work/fleet/env" ] || { echo "bench/fleet/run.sh: the fleet did not start" >&2; exit 1; }
# shellcheck disable=SC1091
. "$work/fleet/env"
kh="$FLEET_DIR/known_hosts"
ssh_opts="-i $FLEET_KEY -p $FLEET_PORT -o UserKnownHostsFile=$kh -o GlobalKnownHostsFile=/dev/null -o StrictHostKeyChecking=yes -o BatchMode=yes"
{
	echo "[fleet]"
	cat "$FLEET_DIR/hosts"
	echo "[fleet:vars]"
	echo "ansible_port=$FLEET_PORT"
	echo "ansible_user=rocky"
	echo "ansible_ssh_private_key_file=$FLEET_KEY"
	echo "ansible_ssh_common_args=-o UserKnownHostsFile=$kh -o GlobalKnownHostsFile=/dev/null -o StrictHostKeyChecking=yes -o BatchMode=yes"
} >"$work/inventory.ini"

# Each tool is a script of its own that execs it, so that GNU time
# measures the tool itself. Every tool logs in as rocky, so that all of
# them do the same work.
tool_script() {
	local name=$1
	shift
	{
		echo '#!/usr/bin/env bash'
		printf '%s\n' "$@"
	} >"$work/run_$name"
	chmod +x "$work/run_$name"
}
tool_script keyconv "exec '$work/keyconv' run -c '$FLEET_DIR/cloud.yaml' --all -l rocky -f $parallel --known-hosts '$kh' -- \"\$@\""
tool_script baseline "exec '$work/baseline' -f $parallel -p $FLEET_PORT -i '$FLEET_KEY' -l rocky -hosts '$FLEET_DIR/hosts' \"\$@\""
tool_script pssh "exec parallel-ssh -i -h '$FLEET_DIR/hosts' -p $parallel -l rocky -x '$ssh_opts' \"\$@\""
tool_script pdsh "export PDSH_SSH_ARGS_APPEND='$ssh_opts'" "exec pdsh -R ssh -f $parallel -l rocky -w '^$FLEET_DIR/hosts' \"\$@\""
tool_script ansible "export ANSIBLE_SSH_ARGS='-o ControlMaster=no' ANSIBLE_HOST_KEY_CHECKING=True ANSIBLE_LOCALHOST_WARNING=False" \
	"exec ansible fleet -i '$work/inventory.ini' -m raw -a \"\$*\" -f $parallel"

hz=$(getconf CLK_TCK)
# sshd_ticks: the CPU time of the fleet's sshds and every process they
# have reaped (the sessions), in clock ticks.
sshd_ticks() {
	local total=0 pid stat
	for pid in $(pgrep -f -- "-f $FLEET_SSHD_CONFIG"); do
		stat=$(cut -d' ' -f14-17 "/proc/$pid/stat" 2>/dev/null) || continue
		for t in $stat; do total=$((total + t)); done
	done
	echo "$total"
}

# measure TOOL ROUNDS COMMAND...: runs it ROUNDS times; sets wall_ms (the
# median), cpu_ms (the client's user+sys, median round), rss_kb (the
# largest), sshd_share (sshd's percent of all CPU time, median round).
measure() {
	local tool=$1 n=$2
	shift 2
	local walls=() cpus=() shares=() rss=0 i before after out
	for i in $(seq "$n"); do
		before=$(sshd_ticks)
		out=$(/usr/bin/time -f "%e %U %S %M" -o "$work/time" "$work/run_$tool" "$@" 2>"$work/err" >"$work/out" && echo ok || echo failed)
		after=$(sshd_ticks)
		if [ "$out" != ok ]; then
			echo "bench/fleet/run.sh: $tool $* failed:" >&2
			tail -5 "$work/err" >&2
			exit 1
		fi
		read -r e u s m <"$work/time"
		local wall cpu sshd
		wall=$(awk -v e="$e" 'BEGIN { printf "%d", e * 1000 }')
		cpu=$(awk -v u="$u" -v s="$s" 'BEGIN { printf "%d", (u + s) * 1000 }')
		sshd=$(((after - before) * 1000 / hz))
		walls+=("$wall")
		cpus+=("$cpu")
		shares+=("$(awk -v a="$sshd" -v c="$cpu" 'BEGIN { if (a + c > 0) printf "%d", 100 * a / (a + c); else print 0 }')")
		[ "$m" -gt "$rss" ] && rss=$m
	done
	median() { printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
	wall_ms=$(median "${walls[@]}")
	cpu_ms=$(median "${cpus[@]}")
	sshd_share=$(median "${shares[@]}")
	rss_kb=$rss
}

# One warm-up round each, so that no tool pays for cold caches.
"$work/run_keyconv" true >/dev/null 2>&1
"$work/run_baseline" true >/dev/null 2>&1

echo "$servers servers on 127.0.0.2-$((servers + 1)), parallelism $parallel, $rounds rounds ($ansible_rounds for Ansible), $(nproc) CPUs (shared: figures are noisy)"
echo "$(ssh -V 2>&1 | cut -d, -f1) server; parallel-ssh $(parallel-ssh --version 2>&1), $(pdsh -V 2>&1 | awk 'NR == 1 { print $1 }'), $(ansible --version 2>&1 | awk 'NR == 1')"
printf '%-10s %-9s %9s %11s %13s %11s %10s\n' tool command "wall ms" "keyconv/x" "client CPU ms" "sshd share" "peak RSS"
for cmd in "true" "uname -a"; do
	declare -A wall=()
	for tool in keyconv baseline pssh pdsh ansible; do
		n=$rounds
		[ "$tool" = ansible ] && n=$ansible_rounds
		# shellcheck disable=SC2086
		measure "$tool" "$n" $cmd
		wall[$tool]=$wall_ms
		[ "$tool" = keyconv ] && keyconv_rss=$rss_kb
		ratio=$(awk -v k="${wall[keyconv]}" -v x="$wall_ms" 'BEGIN { printf "%.2f", k / x }')
		printf '%-10s %-9s %9d %11s %13d %10d%% %7d MiB\n' "$tool" "$cmd" "$wall_ms" "$ratio" "$cpu_ms" "$sshd_share" $((rss_kb / 1024))
	done
	echo "  $cmd: keyconv/floor $(awk -v k="${wall[keyconv]}" -v x="${wall[baseline]}" 'BEGIN { printf "%.2f", k / x }') (target <= 1.3)," \
		"keyconv/parallel-ssh $(awk -v k="${wall[keyconv]}" -v x="${wall[pssh]}" 'BEGIN { printf "%.2f", k / x }') (target <= 0.3)," \
		"keyconv/pdsh $(awk -v k="${wall[keyconv]}" -v x="${wall[pdsh]}" 'BEGIN { printf "%.2f", k / x }')," \
		"keyconv/ansible $(awk -v k="${wall[keyconv]}" -v x="${wall[ansible]}" 'BEGIN { printf "%.3f", k / x }') (target <= 0.15)"
	limit=$((64 + parallel))
	echo "  keyconv peak memory $((keyconv_rss / 1024)) MiB (target <= $limit MiB: 64 + 1 per server at once)"
done

# 500 logins: 50 servers x 10 rounds, every one must succeed.
failed=0
for _ in $(seq 10); do
	if ! "$work/run_keyconv" true >/dev/null 2>"$work/err" || ! grep -q "^keyconv: $servers of $servers servers ok$" "$work/err"; then
		failed=$((failed + 1))
		tail -3 "$work/err" >&2
	fi
done
if [ "$failed" -gt 0 ]; then
	echo "500 logins: $failed of 10 rounds had failures" >&2
	exit 1
fi
echo "500 logins (50 servers x 10 rounds): no error"
