#!/usr/bin/env bash
# Builds keyconv's release archives into OUTDIR: one per platform its users
# have (zip for Windows, tar.gz elsewhere), each holding the binary, the
# README and the license if there is one, and SHA256SUMS over them.
#
# The archives are reproducible: the same commit and Go version give the
# same bytes on any machine (-trimpath, an empty build id, no cgo, and
# scripts/mkarchive for sorted entries with the commit's time, owner 0 and
# fixed modes). scripts/test.sh builds them twice and compares the sums.
#
# Usage: scripts/release.sh OUTDIR
set -euo pipefail
out=${1:?usage: scripts/release.sh OUTDIR}
cd "$(dirname "$0")/.."
mkdir -p "$out"
out=$(cd "$out" && pwd)

version=$(git describe --tags --always --dirty)
mtime=$(git log -1 --format=%ct HEAD)
docs=(README.md)
for f in LICENSE LICENSE.md LICENSE.txt COPYING; do
	if [ -f "$f" ]; then docs+=("$f"); fi
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/mkarchive" ./scripts/mkarchive

for platform in windows/amd64 windows/arm64 darwin/amd64 darwin/arm64 linux/amd64 linux/arm64; do
	os=${platform%/*}
	arch=${platform#*/}
	name=keyconv-$version-$os-$arch
	exe=keyconv ext=tar.gz
	if [ "$os" = windows ]; then exe=keyconv.exe ext=zip; fi
	mkdir "$work/$name"
	# -buildvcs=true even where GOFLAGS turns it off: keyconv version
	# reads the commit from it.
	CGO_ENABLED=0 GOOS=$os GOARCH=$arch go build -buildvcs=true -trimpath \
		-ldflags='-buildid= -s -w' -o "$work/$name/$exe" ./cmd/keyconv
	"$work/mkarchive" -o "$out/$name.$ext" -prefix "$name" -mtime "$mtime" "$work/$name/$exe" "${docs[@]}"
done

# The binary for this machine, if it is one of them, must say which
# commit it is.
host="keyconv-$version-$(go env GOOS)-$(go env GOARCH)"
if [ -x "$work/$host/keyconv" ]; then
	commit=$(git rev-parse HEAD)
	if ! "$work/$host/keyconv" version | grep -q "^revision: $commit"; then
		echo "release: $host does not report revision $commit:" >&2
		"$work/$host/keyconv" version >&2
		exit 1
	fi
fi

"$work/mkarchive" -sums "$out"
