// Package sshclient logs in to a cloud server over SSH with its keypair's
// private key, as the image's default user, and runs commands, optionally as
// root through sudo.
package sshclient
