// Package audit checks the server side of a key login, as the cloud's
// connection-troubleshooting page lists it, and repairs what is safe to
// repair: the modes and owners of the home directory, ~/.ssh and
// authorized_keys, whether the key is in authorized_keys and its line
// intact, the SELinux labels, and what the running sshd accepts
// (StrictModes, PubkeyAcceptedAlgorithms).
//
// Most callers want [Gather], which collects the [Facts] of one user in a
// single root shell script over a logged-in connection, then [Check],
// a pure function that turns them into [Finding]s, then, with the user's
// consent, [Repair].
//
// # What sshd refuses, and what the guide recommends
//
// With StrictModes yes (the default), sshd refuses authorized_keys when the
// file, or a directory from it up to the home directory, is writable by
// group or others, or owned by someone other than root and the user; it
// reads the file as the user, so a file the user cannot read refuses the
// key too. Those are [Refused] findings. The guide asks for more: /home 755,
// the home directory 700, ~/.ssh 700 and authorized_keys 600. Modes that
// only differ from that (a home of 750, as Ubuntu makes it, or 755, as
// Debian does) are [Advice]: sshd accepts the key.
//
// # Which sshd
//
// The script walks up from its own process to the sshd that accepted the
// connection (the topmost ancestor whose executable is sshd: the listener)
// and reads its command line for -f and -o, so that `sshd -T` reports the
// configuration the server really uses, with -C naming the user and the
// connection's addresses so that Match blocks apply. [GatherOptions.SSHDConfig]
// overrides the file; without either, sshd's built-in default is read.
package audit
