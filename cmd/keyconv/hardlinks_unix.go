//go:build unix

package main

import (
	"io/fs"
	"syscall"
)

// hardLinks is the number of names info's file has.
func hardLinks(info fs.FileInfo) uint64 {
	if st, ok := info.Sys().(*syscall.Stat_t); ok {
		return uint64(st.Nlink)
	}
	return 1
}
