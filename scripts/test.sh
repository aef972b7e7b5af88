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
# The packages that fan out over goroutines (the SSH client, the fleet's
# fan-out, the known_hosts writer), under the race detector.
go test -race -count=1 ./sshclient/...
