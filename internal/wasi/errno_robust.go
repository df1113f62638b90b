//go:build !netbsd

package wasi

import "syscall"

// NetBSD has no robust-mutex errnos.
func init() {
	fromHost[syscall.ENOTRECOVERABLE] = ENOTRECOVERABLE
	fromHost[syscall.EOWNERDEAD] = EOWNERDEAD
}
