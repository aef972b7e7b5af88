module github.com/cloudkeypair/keypair

go 1.26.8

require (
	filippo.io/nistec v0.0.4
	github.com/Microsoft/go-winio v0.6.4
	github.com/cloudflare/circl v1.6.5
	github.com/pkg/sftp v1.13.12
	go.yaml.in/yaml/v3 v3.0.6
	go4.org/netipx v0.0.0-20260823151212-3075585bcbeb
	golang.org/x/crypto v0.59.0
	golang.org/x/sys v0.50.0
	golang.org/x/term v0.48.0
)

// Used by tests only.
require (
	github.com/kayrus/putty v1.0.5
	github.com/rogpeppe/go-internal v1.16.0
	github.com/stretchr/testify v1.12.1
)

require (
	github.com/kr/fs v0.1.0 // indirect
	golang.org/x/tools v0.50.0 // indirect
)
