// Package fleet acts on many servers of a cloud file at once: it selects
// them, finds each one's login user and private key, and runs a command
// (or any work over an SSH connection) on all of them with bounded
// parallelism, sending back one [Result] per server as each finishes.
//
// Most callers want [Targets] to turn a selection of the cloud file's
// servers into [Target]s, then [Runner.Run]:
//
//	cfg, err := firewall.Load("cloud.yaml")
//	...
//	targets, err := fleet.Targets(cfg, fleet.Selection{Group: "web"}, fleet.KeyOptions{})
//	...
//	r := &fleet.Runner{Parallel: 32, HostKeyPolicy: sshclient.HostKeyAcceptNew}
//	for res := range r.Run(ctx, targets, &fleet.Command{Line: "uptime"}) {
//		fmt.Println(res.Target.Name, res.Class, string(res.Stdout))
//	}
//
// # Keys
//
// A server's `key:` names its private key file. Otherwise its `keypair:`
// does, through a key folder: [KeyOptions.Dir] (keyconv's --keys), else
// the cloud file's `keys:` setting, else the cloud file's own folder and
// then the current one; in each, KEYPAIR.pem is looked for first, then
// KEYPAIR.ppk. A keypair name must pass [keyconv.ValidateKeypairName], so a
// name cannot lead out of the folder. Each key file is loaded once per run.
//
// # Keys on servers
//
// [ReadAuthorizedKeys] reads a user's ~/.ssh/authorized_keys over a
// logged-in connection (through sudo -n for a user other than the login
// user), and [AuthorizedKeys.Write] replaces it atomically, as the user
// (never as root), refusing a ~/.ssh sshd's StrictModes refuses and a file
// or ~/.ssh changed since the read, and reading it back to check. The edits themselves are
// package authkeys's, on text. [Authorize] adds a key, [AddUser] makes an
// account, [Runner.Rotate] replaces a key in the order that never locks
// anyone out, and [Runner.ProveLogin] proves a key over a fresh login. A
// step of theirs that fails on the server is a [*sshclient.ScriptError],
// which [Result.Class] counts as Failed, never as a command's ExitStatus.
//
// # Output
//
// [Command.Stream] sends each server's output on as it arrives; a
// [Printer] writes it line by line, each line prefixed with the server's
// name, never mixing two servers' lines, with memory bounded whatever a
// server prints. Without Stream, output is gathered into [Result.Stdout]
// and [Result.Stderr], at most [Command.MaxOutput] bytes of each
// (1 MiB by default), and [Result.Truncated] says when more was dropped.
//
// # Host keys
//
// One [sshclient.KnownHostsWriter] serves the whole run under
// [sshclient.HostKeyAcceptNew]: each host is written once, however many
// connections finish at the same moment; a changed key refuses that server
// only.
//
// # Interrupting
//
// When ctx ends, no new server is started (those results are
// [NotStarted]); each running command is sent the SSH signal TERM, given
// [Runner.StopGrace] (2 seconds by default) to end, then its connection is
// closed; those results are [Interrupted], and the command may still be
// running on the server (OpenSSH's sshd cannot signal a command run as
// root through sudo).
package fleet
