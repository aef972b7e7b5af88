// Package sshclient logs in to a cloud server over SSH with its keypair's
// private key, as the image's default user, and runs commands, optionally as
// root through sudo. It wraps golang.org/x/crypto/ssh and loads keys through
// package keyconv, so PEM, PKCS#8, OpenSSH and PuTTY PPK keys all work.
//
// Most callers want [Dial] with a [Config], then [Client.Run]:
//
//	c, err := sshclient.Dial(ctx, &sshclient.Config{
//		Host:    "203.0.113.10",
//		OS:      "Rocky Linux 9",
//		KeyFile: "cafe24.pem",
//	})
//	if err != nil { ... }
//	defer c.Close()
//	err = c.Run(ctx, &sshclient.Command{Line: "dnf -y update", Root: true, Stdout: os.Stdout, Stderr: os.Stderr})
//
// # The login user
//
// Cloud images accept the keypair for one account only, which has
// passwordless sudo: rocky on Rocky, centos on CentOS, ubuntu on Ubuntu,
// almalinux on AlmaLinux. [UserTable] maps an OS, written however people
// write it, to that user; an explicit Config.User always wins. The package
// never tries users one after another: failed logins get clients banned.
//
// # Host keys
//
// The host key is checked against OpenSSH known_hosts files
// (~/.ssh/known_hosts by default) under a [HostKeyPolicy]: strict by
// default, accept-new to record a first-seen key, and, under a loud name,
// [InsecureIgnoreHostKey]. A changed key is never accepted. Host key
// algorithms are asked for in the order of the keys known_hosts holds for
// the host, so a host known by its Ed25519 key presents that key.
//
// Many Dials at once share one [KnownHostsWriter], which writes each new
// host once; [ForgetHost] removes a host's entries as ssh-keygen -R does,
// for when the cloud has given its address to another server.
//
// # Copying files
//
// [Client.Upload] and [Client.Download] copy files and directory trees
// over SFTP (github.com/pkg/sftp), as scp does, writing each file under a
// temporary name and renaming it when complete, modes kept.
//
// # Errors
//
// Every failure a person can act on has a type that carries what is needed
// to explain it: [*TimeoutError] (most often a firewall without an inbound
// rule), [*RefusedError], [*UnknownHostKeyError], [*HostKeyChangedError],
// [*AuthError], [*KeyPermissionsError], [*SudoError], [*ExitError] and
// [*UnknownOSError]; an encrypted key without Config.Passphrase fails with
// keyconv's [*keyconv.PassphraseMissingError], wrapped with the file's
// name. Messages state what happened and carry the data (file and mode,
// fingerprints, stage, user, address); they do not say what to type, which
// is the caller's to word (keyconv's CLI has one table of fixes for them).
// A caller that must tell a network failure from a login failure gives
// Config.DialContext and sees whether it returned a connection.
//
// The package never prompts, prints or touches a terminal; passphrases
// arrive through Config.Passphrase.
package sshclient
