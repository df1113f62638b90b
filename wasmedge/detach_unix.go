//go:build unix

package wasmedge

import "syscall"

// detached makes a child process outlive the CLI, in its own session.
func detached() *syscall.SysProcAttr { return &syscall.SysProcAttr{Setsid: true} }
