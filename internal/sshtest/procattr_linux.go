package sshtest

import "syscall"

// dieWithParent makes the kernel kill sshd when the test process dies, so a
// crashed or killed test run leaves no daemon listening.
func dieWithParent() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
