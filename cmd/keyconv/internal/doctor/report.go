package doctor

// Status is a check's outcome.
type Status string

// The outcomes of a check. The CLI prints Fail as "FAIL" so that it stands
// out; JSON carries these values.
const (
	OK   Status = "ok"   // the check passed
	Warn Status = "warn" // something is off but does not stop a login
	Fail Status = "fail" // this stops a login, or the doctor could not tell
	Skip Status = "skip" // the check could not run; Found says why
)

// Check is one line of the report.
type Check struct {
	// Step is the guide's step the check belongs to, 1 to 8 (see the
	// package doc); several checks may share a step.
	Step int `json:"step"`

	// ID names the check, stably: key-file, key, key-name, key-match,
	// login-user, firewall, firewall-ssh, firewall-lint, network,
	// host-key, auth, root. key-match reports only when the keypair's
	// other key file (the .ppk beside the .pem, or the reverse) exists.
	ID string `json:"id"`

	Status Status `json:"status"`

	// Found says what the check found, in one line.
	Found string `json:"found"`

	// Fix says what to do, for Warn and Fail; empty otherwise.
	Fix string `json:"fix,omitempty"`
}

// Target is what was checked, after the firewall file's server entry and
// the defaults filled in what the options left out.
type Target struct {
	Host         string `json:"host,omitempty"`
	Port         int    `json:"port"`
	User         string `json:"user,omitempty"`
	OS           string `json:"os,omitempty"`
	KeyFile      string `json:"key_file,omitempty"`
	Keypair      string `json:"keypair,omitempty"`
	FirewallFile string `json:"firewall_file,omitempty"`
	Server       string `json:"server,omitempty"`
	Source       string `json:"source,omitempty"` // the address the firewall check used
}

// Report is the outcome of [Run].
type Report struct {
	Target Target  `json:"target"`
	Checks []Check `json:"checks"`

	// Connect says how to log in, once the host and the user are known;
	// nil otherwise.
	Connect *Connect `json:"connect"`
}

// Count returns how many checks ended with s.
func (r *Report) Count(s Status) int {
	n := 0
	for _, c := range r.Checks {
		if c.Status == s {
			n++
		}
	}
	return n
}

// Failed reports whether any check failed.
func (r *Report) Failed() bool { return r.Count(Fail) > 0 }

// Connect is how to log in, ready to copy.
type Connect struct {
	// OpenSSH is the ssh command line. ssh cannot read a PPK, so for a
	// PPK key it names the PEM of the same name beside it, which Convert
	// makes when it does not exist yet.
	OpenSSH string `json:"openssh"`

	// PuTTY are the settings to type into PuTTY's configuration dialog.
	PuTTY PuTTY `json:"putty"`

	// Convert is the keyconv command that makes the key file one of the
	// two clients is missing (pem2ppk, or ppk2pem for a PPK-only key);
	// empty when both exist.
	Convert string `json:"convert,omitempty"`
}

// PuTTY holds the settings of PuTTY's configuration dialog.
type PuTTY struct {
	HostName       string `json:"host_name"`        // Session > Host Name
	Port           int    `json:"port"`             // Session > Port
	User           string `json:"user"`             // Connection > Data > Auto-login username
	PrivateKeyFile string `json:"private_key_file"` // Connection > SSH > Auth > Credentials
	KeyFileExists  bool   `json:"key_file_exists"`
}
