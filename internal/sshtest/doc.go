// Package sshtest starts a real OpenSSH sshd on 127.0.0.1 for integration
// tests: `/usr/sbin/sshd -D -e` on a free port, with a temporary config,
// host keys, an authorized_keys file and a client key, stopped at the end
// of the test.
//
// [StartFleet] starts many servers at once for the fleet tests and
// benchmarks: one address each of 127.0.0.0/8 from 127.0.0.2 on, one port,
// shared host keys and users, served by one sshd per 16 addresses (sshd's
// limit on listening sockets); [Fleet.Stop] stops one of them.
//
// Logging in as several users needs sshd to run as root. When the tests run
// as root (CI does), [EnsureUsers] creates the cloud images' default users
// (rocky, ubuntu, almalinux, centos) with passwordless sudo, as the images
// have them, and [NoSudoUser] without it, for the negative tests.
//
// Those users share one authorized_keys file in the server's directory,
// with StrictModes off. Tests of what a command does to a user's own
// files start the server with Options.UserAuthorizedKeys (or a fleet with
// FleetOptions.UserAuthorizedKeys): sshd then reads ~/.ssh/authorized_keys
// with StrictModes yes, as a real server does, for accounts a test makes
// with [CreateAccountT]; a fleet gives each server its own account
// ([Fleet.AccountsT], [Fleet.CloudFileWithUsers]), since the simulated
// servers share /etc/passwd and the home directories.
//
// Outside CI, tests that need root or sshd are skipped with a loud reason;
// under CI=true they fail instead, so that CI never passes by skipping.
package sshtest
