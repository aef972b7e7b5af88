#!/usr/bin/env bash
# The whole test suite, as CI runs it: installs the real tools and the pinned
# linter, checks formatting, vet and staticcheck, cross-builds the CLI for the
# platforms its users have, runs every test, the race detector over the
# packages that run goroutines, and the Argon2 tests once more without
# assembly. Tests that need puttygen, ssh-keygen or sshd run for real here;
# under CI=true they fail rather than skip when a tool is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

# The toolchain CI builds with; the go command fetches it from the module
# proxy once. go.mod's go line stays lower so that older toolchains build too.
export GOTOOLCHAIN=go1.27.3

# staticcheck at a pinned version, installed into GOPATH/bin unless that
# exact version is already there.
staticcheck_version=0.8.2
gobin="$(go env GOPATH)/bin"
staticcheck="$gobin/staticcheck"

./scripts/install-tools.sh

if ! "$staticcheck" -version 2>/dev/null | grep -q "($staticcheck_version)"; then
	GOBIN="$gobin" go install "honnef.co/go/tools/cmd/staticcheck@v$staticcheck_version"
fi

unformatted=$(gofmt -l $(git ls-files '*.go'))
if [ -n "$unformatted" ]; then
	echo "gofmt would change: $unformatted" >&2
	exit 1
fi
go vet ./...
"$staticcheck" ./...
for os in linux darwin windows; do
	GOOS=$os GOARCH=amd64 go build -o /dev/null ./cmd/keyconv
done
go test -count=1 ./...
# Goroutines run in sshclient (and everything under it: the fan-out) and in
# keyconv's Argon2 lanes.
go test -count=1 -race ./sshclient/...
go test -count=1 -race -run 'Argon2' ./keyconv/
# The portable Argon2 code every platform without AVX2 runs, and x/crypto's
# generic code beside it: the purego tag leaves the assembly out.
go test -count=1 -tags purego -run 'Argon2|ManyLanes|PPKCorpus|MarshalPPKMatchesPuttygen|ParsePPKFixtures' ./keyconv/

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
