// Package keyfile decides whether a private key file is private enough for
// OpenSSH, and makes it so, on every operating system keyconv runs on.
//
// On Unix the rule is the mode bits: group and others must have no access
// (ssh's "UNPROTECTED PRIVATE KEY FILE"). On Windows it is the rule Windows
// OpenSSH applies to the file's owner and access list (its
// check_secure_file_permission), which [CheckDescriptor] states as a pure
// function so that it can be tested anywhere.
//
// Most callers want [Check] before using a key, [MakePrivate] to repair one
// in place, and [CreateTemp] to write a new one that is private from the
// moment it exists.
package keyfile
