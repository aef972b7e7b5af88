# keyconv's audit script, run as root: sh -c SCRIPT audit USER SSHD_CONFIG SPEC
# USER is the account to audit; SSHD_CONFIG sshd's config file, or "" to
# use the running sshd's; SPEC the connection for sshd -T -C. It prints one
# record a line, a tag and tab-separated fields, contents in base64, and
# changes nothing.
set -f
user=$1 cfg=$2 spec=$3
b64() { base64 | tr -d '\n'; }
q() { printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"; }
printf 'version\t1\n'

# The sshd that accepted this connection: the topmost ancestor whose
# executable is sshd (the per-connection processes are sshd too before
# OpenSSH 9.8, sshd-session after).
sshd= listener= p=$$
while [ "${p:-0}" -gt 1 ]; do
	exe=$(readlink "/proc/$p/exe" 2>/dev/null)
	case ${exe##*/} in sshd) listener=$p sshd=$exe ;; esac
	p=$(awk '/^PPid:/ { print $2 }' "/proc/$p/status" 2>/dev/null)
done
source=flag opts=
if [ -z "$cfg" ]; then
	source=default
	if [ -n "$listener" ]; then
		# The listener shows its command line as "sshd: ARGS [listener] ...".
		set -- $(tr '\0' ' ' <"/proc/$listener/cmdline")
		while [ $# -gt 0 ]; do
			case $1 in
			-f) [ $# -gt 1 ] && { cfg=$2 source=listener; shift; } ;;
			-f?*) cfg=${1#-f} source=listener ;;
			-o) [ $# -gt 1 ] && { opts="$opts -o $(q "$2")"; shift; } ;;
			-o?*) opts="$opts -o $(q "${1#-o}")" ;;
			'[listener]') break ;;
			esac
			shift
		done
	fi
fi
[ -n "$sshd" ] || sshd=$(command -v sshd || echo /usr/sbin/sshd)
printf 'sshd\t%s\t%s\n' "$source" "$cfg"
fflag=
[ -n "$cfg" ] && fflag="-f $(q "$cfg")"
if T=$(eval "$(q "$sshd") -T $fflag $opts -C $(q "$spec")" 2>&1) ||
	T=$(eval "$(q "$sshd") -T $fflag $opts" 2>&1); then
	printf 'sshdT\tok\t%s\n' "$(printf '%s\n' "$T" | b64)"
	akf=$(printf '%s\n' "$T" | awk '$1 == "authorizedkeysfile" { for (i = 2; i <= NF; i++) print $i }')
else
	printf 'sshdT\terror\t%s\n' "$(printf '%s\n' "$T" | b64)"
	akf='.ssh/authorized_keys .ssh/authorized_keys2'
fi

if command -v getenforce >/dev/null 2>&1; then
	se=$(getenforce 2>/dev/null)
	printf 'selinux\t%s\n' "$se"
fi

ent=$(getent passwd "$user") || { printf 'nouser\t%s\n' "$user"; exit 0; }
IFS=: read -r _ _ uid gid _ home _ <<EOT
$ent
EOT
home=$(realpath -- "$home" 2>/dev/null || printf '%s' "$home")
printf 'user\t%s\t%s\t%s\t%s\n' "$user" "$uid" "$gid" "$home"

st() { stat --printf 'stat\t%a\t%u\t%g\t%F\t%n\n' -- "$1" 2>/dev/null; }
# expand reads sshd's %h, %u, %U and %% and makes a relative path the home's.
expand() {
	s=$1 out=
	while :; do
		case $s in
		*%*)
			out=$out${s%%\%*} s=${s#*%} c=${s%"${s#?}"} s=${s#?}
			case $c in h) out=$out$home ;; u) out=$out$user ;; U) out=$out$uid ;; %) out=$out% ;; *) out=$out%$c ;; esac
			;;
		*) out=$out$s; break ;;
		esac
	done
	case $out in /*) ;; *) out=$home/$out ;; esac
	printf '%s' "$out"
}
for k in $akf; do
	[ "$k" = none ] && continue
	f=$(expand "$k")
	f=$(realpath -- "$f" 2>/dev/null || printf '%s' "$f")
	printf 'keysfile\t%s\n' "$f"
	st "$f"
	d=$f
	while [ "$d" != / ]; do d=$(dirname -- "$d"); st "$d"; done
	if [ -f "$f" ]; then
		if command -v runuser >/dev/null 2>&1; then
			runuser -u "$user" -- test -r "$f" && r=yes || r=no
		else
			sudo -n -u "$user" -- test -r "$f" && r=yes || r=no
		fi
		printf 'readable\t%s\n' "$r"
		printf 'content\t%s\n' "$(head -c 1048577 -- "$f" | b64)"
	fi
done

if [ "$se" = Enforcing ] && command -v restorecon >/dev/null 2>&1; then
	printf 'relabel\t%s\n' "$({ restorecon -n -v -- "$home"; restorecon -n -v -R -- "$home/.ssh"; } 2>&1 | b64)"
fi
