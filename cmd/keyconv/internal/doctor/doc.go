// Package doctor walks the cloud guide's chain for a server that will not
// let its user in, one check at a time, and says what it found and how to
// fix what is wrong: the key file, the key's name against its keypair,
// the keypair's .pem and .ppk holding one key, the login user, the
// firewall file, the network, the host key, the login and sudo, then how
// to connect with OpenSSH and PuTTY.
//
// Most callers want [Run] with [Options]; it returns a [Report] for the CLI
// (keyconv doctor) to print. The package never prints or prompts: an
// encrypted key's passphrase arrives through Options.Passphrase. Its fixes
// name keyconv's own flags, so it lives under the CLI, its only caller, and
// takes their words from the CLI's one table, package fix.
//
// # Order and stopping
//
// The offline checks (key file, key, key name, login user, firewall) always
// all run, so one run lists every mistake made before connecting. The
// network checks (network, host key, login, root) run in order and stop at
// the first that fails: the rest are skipped, saying which check blocked
// them. They are one sshclient.Dial: a dial hook tells a TCP connect that
// failed (the network check) from a handshake or login that did (host key,
// auth), and when the login cannot be tried (no key, no user) it ends Dial
// right after the connect, so that the network check still runs.
package doctor
