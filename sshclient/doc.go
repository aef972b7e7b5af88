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
// the host, so a host known by its Ed25519 key presents that key. A
// @cert-authority line is honoured as OpenSSH honours it: a host it names is
// asked for its host certificate first, and a certificate signed by that
// authority for the host's name is accepted without a key of its own in
// known_hosts.
//
// # Algorithms
//
// Dial offers what golang.org/x/crypto/ssh implements minus what OpenSSH
// 9.2's client no longer offers by default (SHA-1 key exchanges, CBC and
// RC4 ciphers, ssh-rsa SHA-1 signatures) and minus SHA-1 MACs, which every
// server that has the SHA-2 ones never needs. A server that offers nothing
// else is refused with a [*NoCommonAlgorithmError]. In order of preference:
//
//   - key exchange: mlkem768x25519-sha256, curve25519-sha256,
//     ecdh-sha2-nistp256, ecdh-sha2-nistp384, ecdh-sha2-nistp521,
//     diffie-hellman-group14-sha256, diffie-hellman-group16-sha512,
//     diffie-hellman-group-exchange-sha256
//   - ciphers: aes128-gcm@openssh.com, aes256-gcm@openssh.com,
//     chacha20-poly1305@openssh.com, aes128-ctr, aes192-ctr, aes256-ctr
//   - MACs (for the ciphers without their own): hmac-sha2-256-etm@openssh.com,
//     hmac-sha2-512-etm@openssh.com, hmac-sha2-256, hmac-sha2-512
//   - host keys: ssh-ed25519, ecdsa-sha2-nistp256, ecdsa-sha2-nistp384,
//     ecdsa-sha2-nistp521, rsa-sha2-512, rsa-sha2-256, with the types
//     known_hosts holds for the host first, and the *-cert-v01@openssh.com
//     types of the same keys before all of them when a @cert-authority line
//     names the host
//   - RSA user keys sign with rsa-sha2-512 or rsa-sha2-256, never ssh-rsa
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
// [*AuthError], [*KeyPermissionsError], [*SudoError], [*ExitError] (the
// caller's command's exit status), [*ScriptError] (a script a library ran
// with [Client.RunScript] failed: the work did, not a command),
// [*UnknownOSError], [*NoCommonAlgorithmError], [*NotSSHServerError] and
// [*KnownHostsLineError]; an encrypted key without Config.Passphrase fails with
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
