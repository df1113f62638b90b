//go:build !openbsd

package wasi

import "syscall"

// OpenBSD has no STREAMS errnos.
func init() {
	fromHost[syscall.EMULTIHOP] = EMULTIHOP
	fromHost[syscall.ENOLINK] = ENOLINK
}
