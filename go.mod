module github.com/cloudkeypair/keypair

go 1.26.8

require (
	github.com/kayrus/putty v1.0.5
	github.com/rogpeppe/go-internal v1.16.0
	golang.org/x/crypto v0.59.0
	golang.org/x/sys v0.50.0
)

require golang.org/x/tools v0.26.0 // indirect
