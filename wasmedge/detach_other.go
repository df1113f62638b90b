//go:build !unix

package wasmedge

import "syscall"

func detached() *syscall.SysProcAttr { return nil }
