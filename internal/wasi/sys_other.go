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

const fionread = 0x4004667f // FIONREAD on macOS and the BSDs

// clockRes: the clocks of macOS and the BSDs tick in microseconds at worst.
func clockRes(int32) (int64, error) { return 1000, nil }

const (
	utimeNow  = -1 // UTIME_NOW of macOS and the BSDs
	utimeOmit = -2
)

// newSocket opens a host socket, non-blocking whatever the guest asks (see
// wait.go).
func newSocket(domain, typ int) (int, error) {
	fd, err := unix.Socket(domain, typ, 0)
	if err == nil {
		unix.CloseOnExec(fd)
		noSigpipe(fd)
		if err = unix.SetNonblock(fd, true); err != nil {
			_ = unix.Close(fd)
			return -1, err
		}
	}
	return fd, err
}

// acceptSocket accepts a connection as a non-blocking host socket.
func acceptSocket(fd int) (int, unix.Sockaddr, error) {
	nfd, sa, err := unix.Accept(fd)
	if err == nil {
		unix.CloseOnExec(nfd)
		noSigpipe(nfd)
		if err = unix.SetNonblock(nfd, true); err != nil {
			_ = unix.Close(nfd)
			return -1, nil, err
		}
	}
	return nfd, sa, err
}

const oDsync = unix.O_SYNC // no O_DSYNC everywhere: the stronger flag
