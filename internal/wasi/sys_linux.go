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

func statTimes(s *unix.Stat_t) (a, m, c int64) {
	return s.Atim.Nano(), s.Mtim.Nano(), s.Ctim.Nano()
}

const fionread = unix.TIOCINQ
