//go:build !linux

package sshtest

import "syscall"

// dieWithParent has no portable equivalent outside Linux, where the
// real-sshd tests do not run anyway (see Available).
func dieWithParent() *syscall.SysProcAttr { return nil }
