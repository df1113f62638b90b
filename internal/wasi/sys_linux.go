package wasi

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

func fallocate(fd int, off, n int64) error { return unix.Fallocate(fd, 0, off, n) }

func fadvise(fd int, off, n int64, advice int) error { return unix.Fadvise(fd, off, n, advice) }

func fdatasync(fd int) error { return unix.Fdatasync(fd) }

// futimens sets a descriptor's times (utimensat with a NULL path).
func futimens(fd int, ts []unix.Timespec) error {
	_, _, e := unix.Syscall6(unix.SYS_UTIMENSAT, uintptr(fd), 0, uintptr(unsafe.Pointer(&ts[0])), 0, 0, 0)
	if e != 0 {
		return e
	}
	return nil
}

const oRsync = unix.O_RSYNC

const fionread = unix.TIOCINQ

func clockRes(id int32) (int64, error) {
	var ts unix.Timespec
	err := unix.ClockGetres(id, &ts)
	return ts.Nano(), err
}

const (
	utimeNow    = unix.UTIME_NOW
	utimeOmit   = unix.UTIME_OMIT
	msgNoSignal = unix.MSG_NOSIGNAL
)

// newSocket opens a host socket, non-blocking whatever the guest asks (see
// wait.go).
func newSocket(domain, typ int) (int, error) {
	return unix.Socket(domain, typ|unix.SOCK_CLOEXEC|unix.SOCK_NONBLOCK, 0)
}

// acceptSocket accepts a connection as a non-blocking host socket.
func acceptSocket(fd int) (int, unix.Sockaddr, error) {
	return unix.Accept4(fd, unix.SOCK_CLOEXEC|unix.SOCK_NONBLOCK)
}

const oDsync = unix.O_DSYNC
