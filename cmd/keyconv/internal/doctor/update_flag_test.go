package doctor

// go test ./... -update rewrites the project's golden files; this package has
// none, but its test binary must accept the flag for the command to run.
import _ "github.com/cloudkeypair/keypair/internal/golden"
