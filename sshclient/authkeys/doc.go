// Package authkeys reads and edits the text of an OpenSSH authorized_keys
// file: pure text in, text out, no files and no network.
//
// Edits change only the lines they must: every other byte of the file
// (comments, blank lines, options, CRLF line endings, a last line without
// a newline, lines sshd would not read) comes out as it went in, so that
// editing the file over SSH never damages what a user or another tool put
// there.
//
// Keys are matched by their key blob (the base64 part, shown by its
// [Fingerprint]), never by comment, with or without options before the
// key type, as sshd matches them. Lines with the cert-authority option
// trust certificates signed by a key rather than the key itself; they are
// never taken for the key, never removed.
//
// Most callers want [Add] and [Remove]; [Parse] lists the lines for
// callers that audit a file.
package authkeys
