//go:build !unix

package main

import "io/fs"

// hardLinks is 1 where os.Lstat does not report a link count: Windows has
// hard links, but its FileInfo leaves the count out (it takes an open
// handle and GetFileInformationByHandle), and keys there are rarely
// linked.
func hardLinks(fs.FileInfo) uint64 { return 1 }
