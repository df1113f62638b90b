//go:build unix && !linux

package wasi

import "golang.org/x/sys/unix"

func fallocate(fd int, off, n int64) error {
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		return err
	}
	if off+n > st.Size {
		return unix.Ftruncate(fd, off+n)
	}
	return nil
}

func fadvise(int, int64, int64, int) error { return nil }

func fdatasync(fd int) error { return unix.Fsync(fd) }

func futimens(fd int, ts []unix.Timespec) error {
	return unix.UtimesNanoAt(unix.AT_FDCWD, "/dev/fd/"+itoa(fd), ts, 0)
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b[i:])
}

const oRsync = unix.O_SYNC

func statTimes(s *unix.Stat_t) (a, m, c int64) {
	return s.Atimespec.Nano(), s.Mtimespec.Nano(), s.Ctimespec.Nano()
}

const fionread = 0x4004667f // FIONREAD on macOS and the BSDs
