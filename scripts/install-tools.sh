#!/usr/bin/env bash
# Installs the real tools the tests run against (puttygen and plink, OpenSSH's
# client and server, openssl, sudo, and the fleet tools users compare keyconv
# with: parallel-ssh, pdsh, ansible; script(1), which gives keyconv a terminal
# in the scripts), from Debian's packages. Idempotent: it does nothing when
# they are all present.
set -euo pipefail

packages=(putty-tools openssh-client openssh-server openssl sudo pssh pdsh ansible-core bsdutils)
need=()
for p in "${packages[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || need+=("$p")
done
[ ${#need[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null; then
	echo "install-tools: no apt-get here; install ${need[*]} by hand (tests that need them will skip outside CI)" >&2
	exit 0
fi
as_root=()
[ "$(id -u)" -eq 0 ] || as_root=(sudo)
"${as_root[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
