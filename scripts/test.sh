#!/usr/bin/env bash
# The whole test suite, as CI runs it: installs the real tools, checks
# formatting and vet, cross-builds the CLI for the platforms its users have,
# and runs every test. Tests that need puttygen, ssh-keygen or sshd run for
# real here; under CI=true they fail rather than skip when a tool is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/install-tools.sh

unformatted=$(gofmt -l $(git ls-files '*.go'))
if [ -n "$unformatted" ]; then
	echo "gofmt would change: $unformatted" >&2
	exit 1
fi
go vet ./...
for os in linux darwin windows; do
	GOOS=$os GOARCH=amd64 go build -o /dev/null ./cmd/keyconv
done
go test -count=1 ./...

# Release archives are reproducible: two builds of this commit into two
# folders must give the same SHA256SUMS.
release_a=$(mktemp -d)
release_b=$(mktemp -d)
./scripts/release.sh "$release_a"
./scripts/release.sh "$release_b"
if ! cmp "$release_a/SHA256SUMS" "$release_b/SHA256SUMS"; then
	diff "$release_a/SHA256SUMS" "$release_b/SHA256SUMS" >&2 || true
	exit 1
fi
rm -rf "$release_a" "$release_b"
