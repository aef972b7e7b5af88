#!/usr/bin/env bash
# Runs the Windows build of keyconv under Wine: pem2ppk must write what
# puttygen writes, and fix-key must repair a key PowerShell 5 saved and
# leave it private. Not part of scripts/test.sh (CI has no Wine); run it
# by hand after changing Windows-only code.
#
# Needs wine64 and a MinGW compiler (apt-get install wine64
# gcc-mingw-w64-x86-64-win32): Wine 8.0 lacks bcryptprimitives.dll, which
# Go's runtime needs, so the script builds a stand-in from
# scripts/wine/bcryptprimitives.c into a Wine prefix of its own.
#
# What Wine cannot show: it keeps no real access lists on a Linux file
# system, and fakes them from the mode bits, so a DACL set on an existing
# file does not read back as set. Only files created with their DACL
# (keyconv's own outputs) are checked for privacy here.
set -euo pipefail
cd "$(dirname "$0")/.."
wine=$(command -v wine64 || echo /usr/lib/wine/wine64)
wineserver=$(command -v wineserver || echo /usr/lib/wine/wineserver)
work=$(mktemp -d)
export WINEPREFIX=$work/prefix WINEDEBUG=-all
# Stop this prefix's wineserver before its folder goes, or it complains
# later that it cannot save the registry.
trap '"$wineserver" -k 2>/dev/null || true; rm -rf "$work"' EXIT

GOOS=windows GOARCH=amd64 CGO_ENABLED=0 go build -o "$work/keyconv.exe" ./cmd/keyconv
GOOS=windows GOARCH=amd64 CGO_ENABLED=0 go build -o "$work/pipeagent.exe" ./scripts/wine/pipeagent
"$wine" wineboot --init >/dev/null 2>&1
x86_64-w64-mingw32-gcc -shared -O2 -o "$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll" \
	scripts/wine/bcryptprimitives.c -ladvapi32

cd "$work"
kc() { "$wine" ./keyconv.exe "$@"; }
fail() {
	echo "wine-smoke: $*" >&2
	exit 1
}

cp "$OLDPWD/testdata/cafe24.pem" cafe24.pem
kc pem2ppk cafe24.pem >/dev/null 2>&1 || fail "pem2ppk failed"
cmp cafe24.ppk "$OLDPWD/testdata/corpus/rsa2048/puttygen.rsa2048.v3.ppk" || fail "pem2ppk wrote another PPK than puttygen"
kc fix-key cafe24.ppk | grep -q '^cafe24.ppk: already private and intact' || fail "a PPK keyconv wrote is not private"

# PowerShell 5's "Get-Content cafe24.pem > ps.pem": UTF-16LE, a
# byte-order mark, CRLF.
{ printf '\xff\xfe'; sed 's/$/\r/' cafe24.pem | iconv -f UTF-8 -t UTF-16LE; } >ps.pem
cp ps.pem ps.orig
if kc fingerprint ps.pem >/dev/null 2>err.txt; then fail "fingerprint read a UTF-16 key"; fi
grep -q 'keyconv fix-key ps.pem' err.txt || fail "no fix-key hint for a UTF-16 key: $(cat err.txt)"
kc fix-key ps.pem | grep -q 'converted from UTF-16LE; changed CRLF line endings to LF; the original is in ps.pem.bak' ||
	fail "fix-key did not repair ps.pem"
cmp ps.pem cafe24.pem || fail "the repaired key differs from the original"
cmp ps.pem.bak ps.orig || fail "the backup is not the original"
kc fix-key ps.pem | grep -q '^ps.pem: already private and intact' || fail "the repaired key is not private"
kc fingerprint ps.pem | grep -q 'SHA256:DnMn+60NyrCsdPEJF2SD8M4thuuNMLbnIIlHNrbGcZM' || fail "the repaired key has another fingerprint"

# No OpenSSH agent service runs under Wine: its pipe does not exist, which
# agent add must tell apart from a pipe it cannot use.
if kc agent add cafe24.pem >/dev/null 2>err.txt; then fail "agent add found an agent under Wine"; fi
grep -q '^keyconv: error: no SSH agent is running' err.txt || fail "agent add without the agent service: $(cat err.txt)"
grep -q 'sc start ssh-agent' err.txt || fail "no hint to start the agent service: $(cat err.txt)"

# With an agent on the service's pipe (pipeagent, an in-memory agent),
# agent add loads the key into it through go-winio. Under Wine the first
# connection to a go-winio pipe server never gets an answer (later ones
# do), so the wait for the server gives each attempt 10 seconds.
"$wine" ./pipeagent.exe serve >/dev/null 2>&1 &
for _ in $(seq 20); do timeout 10 "$wine" ./pipeagent.exe list >/dev/null 2>&1 && break; sleep 0.2; done
kc agent add cafe24.pem >out.txt 2>err.txt || fail "agent add failed with an agent on the pipe: $(cat err.txt)"
"$wine" ./pipeagent.exe list | grep -q 'SHA256:DnMn+60NyrCsdPEJF2SD8M4thuuNMLbnIIlHNrbGcZM' || fail "the agent on the pipe does not hold the key"
echo "wine-smoke: ok"
