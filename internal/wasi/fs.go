package wasi

import (
	"encoding/binary"
	"io"
	"os"

	"golang.org/x/sys/unix"
)

// See https://github.com/WebAssembly/WASI/blob/main/legacy/preview1/docs.md
// for the functions of this file; each comment names its section.

func u32(v uint64) uint32 { return uint32(v) }

// fdAdvise announces an access pattern for part of a file.
//
// # Parameters
//   - fd: a regular file with FD_ADVISE;
//   - offset, len (u64): the range;
//   - advice (u8): 0 normal .. 5 noreuse.
//
// # Result (Errno)
//   - EBADF: fd is not open or not a regular file; ENOTCAPABLE: no FD_ADVISE;
//   - EINVAL: advice above 5 or a range that overflows.
//
// # Notes
// It is a hint: posix_fadvise on Linux, nothing elsewhere.
//
// See #fd_advise.
func fdAdvise(c call, p []uint64) Errno {
	off, n, advice := p[1], p[2], u32(p[3])
	if advice > 5 || int64(off) < 0 || int64(n) < 0 || off+n < off {
		return EINVAL
	}
	f, errno := c.file(u32(p[0]), RightFdAdvise)
	if errno != ESUCCESS {
		return errno
	}
	defer f.release()
	if f.ftype != ftRegular {
		return EBADF
	}
	return errnoOf(fadvise(f.hostFD, int64(off), int64(n), int(advice)))
}

// fdAllocate makes sure a range of a file is allocated, growing the file.
//
// # Parameters
//   - fd: a regular file with FD_ALLOCATE; offset, len (u64).
//
// # Result (Errno)
//   - EBADF: not open, or not a regular file (a directory included);
//   - ENOTCAPABLE: no FD_ALLOCATE (anything from a read-only preopen);
//   - EINVAL: len 0 or a range past 2^63; host errors as they come.
//
// See #fd_allocate.
func fdAllocate(c call, p []uint64) Errno {
	off, n := p[1], p[2]
	f, errno := c.file(u32(p[0]), 0)
	if errno != ESUCCESS {
		return errno
	}
	defer f.release()
	if f.ftype != ftRegular {
		return EBADF
	}
	if !f.base.has(RightFdAllocate) {
		return ENOTCAPABLE
	}
	if n == 0 || int64(off) < 0 || int64(n) < 0 || int64(off+n) < 0 {
		return EINVAL
	}
	return errnoOf(fallocate(f.hostFD, int64(off), int64(n)))
}

// fdClose closes a descriptor (a preopen and the standard streams too; the
// host's standard streams stay open).
//
// # Parameters
//   - fd: the descriptor.
//
// # Result (Errno)
//   - EBADF: fd is not open.
//
// See #fd_close.
func fdClose(c call, p []uint64) Errno {
	c.e.mu.Lock()
	f := c.e.fds.remove(u32(p[0]))
	c.e.mu.Unlock()
	if f == nil {
		return EBADF
	}
	f.closeTable()
	return ESUCCESS
}

// fdDatasync writes a file's data to storage.
//
// # Parameters
//   - fd: a descriptor with FD_DATASYNC.
//
// # Result (Errno)
//   - EBADF; ENOTCAPABLE: no FD_DATASYNC; EINVAL: not a file.
//
// See #fd_datasync.
func fdDatasync(c call, p []uint64) Errno {
	f, errno := c.file(u32(p[0]), RightFdDatasync)
	if errno != ESUCCESS {
		return errno
	}
	defer f.release()
	if f.hostFD < 0 {
		return EINVAL
	}
	return errnoOf(fdatasync(f.hostFD))
}

// fdSync writes a file's data and metadata to storage.
//
// # Parameters
//   - fd: a descriptor with FD_SYNC.
//
// # Result (Errno)
//   - EBADF; ENOTCAPABLE: no FD_SYNC; EINVAL: not a file.
//
// See #fd_sync.
func fdSync(c call, p []uint64) Errno {
	f, errno := c.file(u32(p[0]), RightFdSync)
	if errno != ESUCCESS {
		return errno
	}
	defer f.release()
	if f.hostFD < 0 {
		return EINVAL
	}
	return errnoOf(unix.Fsync(f.hostFD))
}

// fdFdstatGet describes a descriptor: its type, flags and rights.
//
// # Parameters
//   - fd; out (fdstat, 24 bytes): u8 filetype @0, u16 flags @2, u64 base
//     rights @8, u64 inheriting rights @16.
//
// # Result (Errno)
//   - EBADF: not open; EFAULT: out outside memory.
//
// # Notes
// The flags are the ones the descriptor was opened or set with, SYNC, DSYNC
// and RSYNC included (the host cannot tell RSYNC from SYNC); the rights are
// the descriptor's own, so a file opened read-only has no FD_WRITE.
//
// See #fd_fdstat_get.
func fdFdstatGet(c call, p []uint64) Errno {
	f := c.e.fds.get(u32(p[0]))
	if f == nil {
		return EBADF
	}
	var st [24]byte
	st[0] = f.ftype
	binary.LittleEndian.PutUint16(st[2:], f.flags)
	binary.LittleEndian.PutUint64(st[8:], uint64(f.base))
	binary.LittleEndian.PutUint64(st[16:], uint64(f.inherit))
	if !c.m.write(u32(p[1]), st[:]) {
		return EFAULT
	}
	return ESUCCESS
}

// fdFdstatSetFlags changes a descriptor's APPEND and NONBLOCK flags.
//
// # Notes
// A socket's NONBLOCK is kept in its entry only: the host socket is always
// non-blocking, and blocking calls wait interruptibly (see wait.go).
//
// # Parameters
//   - fd: with FD_FDSTAT_SET_FLAGS; flags (u16 fdflags).
//
// # Result (Errno)
//   - EBADF; ENOTCAPABLE; EINVAL: unknown bits;
//   - ENOTSUP: a change of DSYNC, RSYNC or SYNC (fixed at open).
//
// See #fd_fdstat_set_flags.
func fdFdstatSetFlags(c call, p []uint64) Errno {
	flags := u32(p[1])
	if flags > 0x1f {
		return EINVAL
	}
	c.e.mu.Lock()
	defer c.e.mu.Unlock()
	f, errno := c.e.lookup(u32(p[0]), RightFdFdstatSetFlags)
	if errno != ESUCCESS {
		return errno
	}
	const syncs = fdflagDsync | fdflagRsync | fdflagSync
	nf := uint16(flags)
	if nf&syncs != f.flags&syncs {
		return ENOTSUP
	}
	if f.hostFD >= 0 {
		cur, err := unix.FcntlInt(uintptr(f.hostFD), unix.F_GETFL, 0)
		if err != nil {
			return errnoOf(err)
		}
		cur &^= unix.O_APPEND | unix.O_NONBLOCK
		if nf&fdflagAppend != 0 {
			cur |= unix.O_APPEND
		}
		// A host socket stays non-blocking: the entry's flag tells the
		// calls whether the guest waits (see wait.go).
		if nf&fdflagNonblock != 0 || f.isSocket() {
			cur |= unix.O_NONBLOCK
		}
		if _, err := unix.FcntlInt(uintptr(f.hostFD), unix.F_SETFL, cur); err != nil {
			return errnoOf(err)
		}
	}
	nfile := f.clone()
	nfile.flags = nf
	c.e.fds.replace(u32(p[0]), nfile)
	return ESUCCESS
}

// fdFdstatSetRights narrows a descriptor's rights.
//
// # Parameters
//   - fd; base, inheriting (u64 rights).
//
// # Result (Errno)
//   - EBADF: not open;
//   - ENOTCAPABLE: a right the descriptor does not have (rights are never
//     widened).
//
// See #fd_fdstat_set_rights.
func fdFdstatSetRights(c call, p []uint64) Errno {
	base, inh := Rights(p[1]), Rights(p[2])
	c.e.mu.Lock()
	defer c.e.mu.Unlock()
	f := c.e.fds.get(u32(p[0]))
	if f == nil {
		return EBADF
	}
	if !f.base.has(base) || !f.inherit.has(inh) {
		return ENOTCAPABLE
	}
	nf := f.clone()
	nf.base, nf.inherit = base, inh
	c.e.fds.replace(u32(p[0]), nf)
	return ESUCCESS
}

// fdFilestatGet describes the file behind a descriptor.
//
// # Parameters
//   - fd: with FD_FILESTAT_GET; out (filestat, 64 bytes).
//
// # Result (Errno)
//   - EBADF; ENOTCAPABLE; EFAULT: out outside memory.
//
// See #fd_filestat_get.
func fdFilestatGet(c call, p []uint64) Errno {
	f, errno := c.file(u32(p[0]), RightFdFilestatGet)
	if errno != ESUCCESS {
		return errno
	}
	defer f.release()
	var st [64]byte
	if f.hostFD >= 0 {
		var s unix.Stat_t
		if err := unix.Fstat(f.hostFD, &s); err != nil {
			return errnoOf(err)
		}
		encodeFilestat(st[:], &s)
		if f.isSocket() {
			st[16] = f.ftype
		}
	} else {
		st[16] = f.ftype
	}
	if !c.m.write(u32(p[1]), st[:]) {
		return EFAULT
	}
	return ESUCCESS
}

func encodeFilestat(b []byte, s *unix.Stat_t) {
	le := binary.LittleEndian
	le.PutUint64(b[0:], uint64(s.Dev))
	le.PutUint64(b[8:], uint64(s.Ino))
	b[16] = filetypeOf(uint32(s.Mode))
	le.PutUint64(b[24:], uint64(s.Nlink))
	le.PutUint64(b[32:], uint64(s.Size))
	a, m, ct := statTimes(s)
	le.PutUint64(b[40:], uint64(a))
	le.PutUint64(b[48:], uint64(m))
	le.PutUint64(b[56:], uint64(ct))
}

// fdFilestatSetSize truncates or extends a file.
//
// # Parameters
//   - fd: with FD_FILESTAT_SET_SIZE; size (u64).
//
// # Result (Errno)
//   - EBADF; ENOTCAPABLE (a read-only preopen's files); EINVAL: size past
//     2^63 or not a regular file; EISDIR: a directory.
//
// See #fd_filestat_set_size.
func fdFilestatSetSize(c call, p []uint64) Errno {
	f, errno := c.file(u32(p[0]), RightFdFilestatSetSize)
	if errno != ESUCCESS {
		return errno
	}
	defer f.release()
	switch {
	case f.ftype == ftDirectory:
		return EISDIR
	case f.hostFD < 0 || int64(p[1]) < 0:
		return EINVAL
	}
	return errnoOf(unix.Ftruncate(f.hostFD, int64(p[1])))
}

// fdFilestatSetTimes sets a file's access and modification times.
//
// # Parameters
//   - fd: with FD_FILESTAT_SET_TIMES; atim, mtim (u64 ns); fst_flags (u16):
//     ATIM 1, ATIM_NOW 2, MTIM 4, MTIM_NOW 8.
//
// # Result (Errno)
//   - EBADF; ENOTCAPABLE; EINVAL: ATIM with ATIM_NOW, MTIM with MTIM_NOW, or
//     unknown flags.
//
// See #fd_filestat_set_times.
func fdFilestatSetTimes(c call, p []uint64) Errno {
	ts, errno := timespecs(p[1], p[2], uint64(u32(p[3])))
	if errno != ESUCCESS {
		return errno
	}
	f, errno := c.file(u32(p[0]), RightFdFilestatSetTimes)
	if errno != ESUCCESS {
		return errno
	}
	defer f.release()
	if f.hostFD < 0 {
		return EINVAL
	}
	return errnoOf(futimens(f.hostFD, ts))
}

// timespecs builds utimensat's times from preview 1's.
func timespecs(atim, mtim, flags uint64) ([]unix.Timespec, Errno) {
	if flags > 0xf || flags&3 == 3 || flags&0xc == 0xc {
		return nil, EINVAL
	}
	one := func(t uint64, set, now uint64) unix.Timespec {
		switch {
		case flags&now != 0:
			return unix.Timespec{Nsec: utimeNow}
		case flags&set != 0:
			return unix.NsecToTimespec(int64(t))
		}
		return unix.Timespec{Nsec: utimeOmit}
	}
	return []unix.Timespec{one(atim, 1, 2), one(mtim, 4, 8)}, ESUCCESS
}

// fdPread reads from a file at an offset, without moving its position.
//
// # Parameters
//   - fd: with FD_READ and FD_SEEK; iovs, iovs_len: iovec array; offset
//     (u64); nread_ptr (u32 out).
//
// # Result (Errno)
//   - EBADF; ENOTCAPABLE; EFAULT: an iovec or nread outside memory; EINVAL:
//     over 1024 iovecs or offset past 2^63; ESPIPE: a stream; EISDIR.
//
// See #fd_pread.
func fdPread(c call, p []uint64) Errno {
	f, errno := c.file(u32(p[0]), RightFdRead|RightFdSeek)
	if errno != ESUCCESS {
		return errno
	}
	defer f.release()
	var iovArr [2][]byte
	iovs, errno := c.m.iovecs(u32(p[1]), u32(p[2]), iovArr[:0])
	if errno != ESUCCESS {
		return errno
	}
	off := int64(p[3])
	switch {
	case off < 0:
		return EINVAL
	case f.ftype == ftDirectory:
		return EISDIR
	case f.hostFD < 0 || f.isSocket():
		return ESPIPE
	}
	total := 0
	for _, b := range iovs {
		n, err := retry(func() (int, error) { return unix.Pread(f.hostFD, b, off+int64(total)) })
		if err != nil {
			if total == 0 {
				return errnoOf(err)
			}
			break
		}
		total += n
		if n < len(b) {
			break
		}
	}
	if !c.m.putU32(u32(p[4]), uint32(total)) {
		return EFAULT
	}
	return ESUCCESS
}

// fdPwrite writes to a file at an offset, without moving its position.
//
// # Parameters
//   - fd: with FD_WRITE and FD_SEEK; iovs, iovs_len; offset (u64);
//     nwritten_ptr (u32 out).
//
// # Result (Errno)
//   - EBADF; ENOTCAPABLE; EFAULT; EINVAL; ESPIPE: a stream; EISDIR.
//
// # Notes
// On a file opened with APPEND the data goes at offset, as the
// specification says (POSIX pwrite would append on Linux; the append flag is
// lifted for the call).
//
// See #fd_pwrite.
func fdPwrite(c call, p []uint64) Errno {
	c.e.mu.Lock()
	defer c.e.mu.Unlock()
	f, errno := c.e.lookup(u32(p[0]), RightFdWrite|RightFdSeek)
	if errno != ESUCCESS {
		return errno
	}
	var iovArr [2][]byte
	iovs, errno := c.m.iovecs(u32(p[1]), u32(p[2]), iovArr[:0])
	if errno != ESUCCESS {
		return errno
	}
	off := int64(p[3])
	switch {
	case off < 0:
		return EINVAL
	case f.ftype == ftDirectory:
		return EISDIR
	case f.hostFD < 0 || f.isSocket():
		return ESPIPE
	}
	if f.flags&fdflagAppend != 0 {
		cur, err := unix.FcntlInt(uintptr(f.hostFD), unix.F_GETFL, 0)
		if err != nil {
			return errnoOf(err)
		}
		if _, err := unix.FcntlInt(uintptr(f.hostFD), unix.F_SETFL, cur&^unix.O_APPEND); err != nil {
			return errnoOf(err)
		}
		defer unix.FcntlInt(uintptr(f.hostFD), unix.F_SETFL, cur)
	}
	total := 0
	for _, b := range iovs {
		n, err := retry(func() (int, error) { return unix.Pwrite(f.hostFD, b, off+int64(total)) })
		if err != nil {
			if total == 0 {
				return errnoOf(err)
			}
			break
		}
		total += n
		if n < len(b) {
			break
		}
	}
	if !c.m.putU32(u32(p[4]), uint32(total)) {
		return EFAULT
	}
	return ESUCCESS
}

// fdRead reads from a descriptor into the guest's buffers.
//
// # Parameters
//   - fd: with FD_READ; iovs, iovs_len: iovec array; nread_ptr (u32 out).
//
// # Result (Errno)
//   - EBADF; ENOTCAPABLE; EFAULT; EINVAL: over 1024 iovecs; EISDIR;
//     EAGAIN: a non-blocking descriptor with nothing to read.
//
// # Notes
// End of file is success with nread 0; a short read ends the call.
//
// See #fd_read.
func fdRead(c call, p []uint64) Errno {
	f, errno := c.file(u32(p[0]), RightFdRead)
	if errno != ESUCCESS {
		return errno
	}
	defer f.release()
	var iovArr [2][]byte
	iovs, errno := c.m.iovecs(u32(p[1]), u32(p[2]), iovArr[:0])
	if errno != ESUCCESS {
		return errno
	}
	if f.ftype == ftDirectory {
		return EISDIR
	}
	total := 0
	for _, b := range iovs {
		if len(b) == 0 {
			continue
		}
		var n int
		var err error
		if f.stdio != nil {
			n, err = f.stdio.r.Read(b)
			if err == io.EOF {
				err = nil
			}
		} else {
			n, err = retry(func() (int, error) { return unix.Read(f.hostFD, b) })
			if err == unix.EAGAIN && total == 0 && f.isSocket() && f.blocking() {
				n, err = c.readSocket(f, b)
			}
		}
		if err != nil {
			if total == 0 {
				return errnoOf(err)
			}
			break
		}
		total += n
		if n < len(b) {
			break
		}
	}
	if !c.m.putU32(u32(p[3]), uint32(total)) {
		return EFAULT
	}
	return ESUCCESS
}

// fdWrite writes the guest's buffers to a descriptor.
//
// # Parameters
//   - fd: with FD_WRITE; iovs, iovs_len: iovec array; nwritten_ptr (u32
//     out).
//
// # Result (Errno)
//   - EBADF; ENOTCAPABLE (a read-only file); EFAULT; EINVAL; EISDIR; EAGAIN;
//     EPIPE; host errors as they come.
//
// See #fd_write.
func fdWrite(c call, p []uint64) Errno {
	f, errno := c.file(u32(p[0]), RightFdWrite)
	if errno != ESUCCESS {
		return errno
	}
	if f.stdio == nil { // a standard stream is not counted (see call.file)
		defer f.release()
	}
	var iovArr [2][]byte
	iovs, errno := c.m.iovecs(u32(p[1]), u32(p[2]), iovArr[:0])
	if errno != ESUCCESS {
		return errno
	}
	if f.ftype == ftDirectory {
		return EISDIR
	}
	total := 0
	for _, b := range iovs {
		if len(b) == 0 {
			continue
		}
		var n int
		var err error
		if f.stdio != nil {
			n, err = f.stdio.w.Write(b)
		} else {
			n, err = retry(func() (int, error) { return unix.Write(f.hostFD, b) })
			if (err == unix.EAGAIN || err == nil && n < len(b)) && f.isSocket() && f.blocking() {
				n, err = c.writeSocket(f, b, n)
			}
		}
		total += n
		if err != nil {
			if total == 0 {
				return errnoOf(err)
			}
			break
		}
		if n < len(b) {
			break
		}
	}
	if !c.m.putU32(u32(p[3]), uint32(total)) {
		return EFAULT
	}
	return ESUCCESS
}

// readSocket reads b from a socket the guest sees as blocking, which had
// nothing to read: it waits for data (see wait.go).
func (c *call) readSocket(f *file, b []byte) (int, error) {
	bufs := [1][]byte{b}
	return c.transfer(f, bufs[:], &sockOp{kind: opRead}, false)
}

// writeSocket writes the rest of b, of which done bytes are written, to a
// socket the guest sees as blocking: it waits for room until all is
// written or an error comes (see wait.go).
func (c *call) writeSocket(f *file, b []byte, done int) (int, error) {
	bufs := [1][]byte{b[done:]}
	n, err := c.transfer(f, bufs[:], &sockOp{kind: opWrite}, true)
	if err != nil && done > 0 {
		return done, nil
	}
	return done + n, err
}

// retry repeats a system call interrupted by a signal.
func retry(f func() (int, error)) (int, error) {
	for {
		n, err := f()
		if err == unix.EINTR {
			continue
		}
		if n < 0 {
			n = 0
		}
		return n, err
	}
}

// fdPrestatGet describes a preopened directory: tag 0 and its name length.
//
// # Parameters
//   - fd; out (prestat, 8 bytes): u8 tag @0, u32 name length @4.
//
// # Result (Errno)
//   - EBADF: fd is not a preopen; EFAULT.
//
// See #fd_prestat_get.
func fdPrestatGet(c call, p []uint64) Errno {
	name, errno := c.preopenName(u32(p[0]))
	if errno != ESUCCESS {
		return errno
	}
	if !c.m.putU32(u32(p[1]), 0) || !c.m.putU32(u32(p[1])+4, uint32(len(name))) {
		return EFAULT
	}
	return ESUCCESS
}

// fdPrestatDirName copies a preopen's guest name (no NUL).
//
// # Parameters
//   - fd; path, path_len: the buffer.
//
// # Result (Errno)
//   - EBADF: not a preopen; ENAMETOOLONG: the buffer is too short; EFAULT.
//
// See #fd_prestat_dir_name.
func fdPrestatDirName(c call, p []uint64) Errno {
	name, errno := c.preopenName(u32(p[0]))
	if errno != ESUCCESS {
		return errno
	}
	if uint32(len(name)) > u32(p[2]) {
		return ENAMETOOLONG
	}
	if !c.m.write(u32(p[1]), []byte(name)) {
		return EFAULT
	}
	return ESUCCESS
}

func (c *call) preopenName(fd uint32) (string, Errno) {
	c.e.mu.Lock()
	defer c.e.mu.Unlock()
	f := c.e.fds.get(fd)
	if f == nil || f.preopen == "" {
		return "", EBADF
	}
	return f.preopen, ESUCCESS
}

// file looks up fd with the rights want, without a lock, and takes a
// reference to its host descriptor for the call, which must release it
// (see handle): a concurrent fd_close closes the host descriptor only
// after the call is done with it.
//
// A standard stream is the embedder's reader or writer, which a close of
// its number does not close: a call that found one goes on using it without
// a reference (two atomic operations less per fd_write to stdout), and
// release leaves it alone.
func (c *call) file(fd uint32, want Rights) (*file, Errno) {
	f := c.e.fds.get(fd)
	if f == nil {
		return nil, EBADF
	}
	if !f.base.has(want) {
		return nil, ENOTCAPABLE
	}
	if f.stdio != nil {
		return f, ESUCCESS
	}
	return f.acquireForCall(fd)
}

// acquireForCall takes the call's reference to f, found under fd (EBADF if
// it was closed since the lookup).
func (f *file) acquireForCall(fd uint32) (*file, Errno) {
	if !f.h.acquire() {
		return nil, EBADF
	}
	if testHookLookup != nil {
		testHookLookup(fd)
	}
	return f, ESUCCESS
}

// testHookLookup, set by tests, runs in call.file once the reference is
// taken: the window in which another thread may close the descriptor.
var testHookLookup func(fd uint32)

// fdReaddir lists a directory into the guest's buffer, from a cookie.
//
// # Parameters
//   - fd: a directory with FD_READDIR; buf, buf_len; cookie (u64: 0, or a
//     d_next from before); bufused_ptr (u32 out).
//
// # Result (Errno)
//   - EBADF; ENOTCAPABLE; ENOTDIR; EFAULT.
//
// # Notes
// Entries are dirent (24 bytes: u64 d_next, u64 d_ino, u32 d_namlen, u8
// d_type) followed by the name; "." and ".." come first. The last entry is
// cut at the end of the buffer, and bufused equal to buf_len tells the guest
// to ask again. The listing is read afresh at cookie 0.
//
// See #fd_readdir.
func fdReaddir(c call, p []uint64) Errno {
	buf, bufLen, cookie := u32(p[1]), u32(p[2]), p[3]
	c.e.mu.Lock()
	defer c.e.mu.Unlock()
	f, errno := c.e.lookup(u32(p[0]), RightFdReaddir)
	if errno != ESUCCESS {
		return errno
	}
	if f.ftype != ftDirectory {
		return ENOTDIR
	}
	out, ok := c.m.bytes(buf, bufLen)
	if !ok {
		return EFAULT
	}
	h := f.h
	if cookie == 0 || h.dirents == nil {
		list, err := readDir(f.hostFD)
		if err != nil {
			return errnoOf(err)
		}
		h.dirents = &list
	}
	dirents := *h.dirents
	used := 0
	for i := cookie; i < uint64(len(dirents)) && used < len(out); i++ {
		d := dirents[i]
		var hdr [24]byte
		binary.LittleEndian.PutUint64(hdr[0:], i+1)
		binary.LittleEndian.PutUint64(hdr[8:], d.ino)
		binary.LittleEndian.PutUint32(hdr[16:], uint32(len(d.name)))
		hdr[20] = d.ftype
		used += copy(out[used:], hdr[:])
		used += copy(out[used:], d.name)
	}
	if !c.m.putU32(u32(p[4]), uint32(used)) {
		return EFAULT
	}
	return ESUCCESS
}

type dirent struct {
	name  string
	ino   uint64
	ftype uint8
}

// readDir lists the directory dirFD: ".", "..", then its entries.
func readDir(dirFD int) ([]dirent, error) {
	fd, err := unix.Openat(dirFD, ".", unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, err
	}
	d := os.NewFile(uintptr(fd), ".")
	defer d.Close()
	names, err := d.Readdirnames(-1)
	if err != nil {
		return nil, err
	}
	out := make([]dirent, 0, len(names)+2)
	for _, n := range append([]string{".", ".."}, names...) {
		var st unix.Stat_t
		de := dirent{name: n}
		if unix.Fstatat(dirFD, n, &st, unix.AT_SYMLINK_NOFOLLOW) == nil {
			de.ino, de.ftype = uint64(st.Ino), filetypeOf(uint32(st.Mode))
		}
		out = append(out, de)
	}
	return out, nil
}

// fdRenumber moves descriptor from onto to, closing what to was.
//
// # Parameters
//   - from, to: two open descriptors (a preopen or a standard stream may be
//     either).
//
// # Result (Errno)
//   - EBADF: either is not open.
//
// See #fd_renumber.
func fdRenumber(c call, p []uint64) Errno {
	from, to := u32(p[0]), u32(p[1])
	c.e.mu.Lock()
	src, dst := c.e.fds.get(from), c.e.fds.get(to)
	if src == nil || dst == nil {
		c.e.mu.Unlock()
		return EBADF
	}
	if from == to {
		c.e.mu.Unlock()
		return ESUCCESS
	}
	c.e.fds.set(to, src)
	c.e.fds.set(from, nil)
	c.e.fds.n--
	c.e.mu.Unlock()
	if dst.h != src.h {
		dst.closeTable()
	}
	return ESUCCESS
}

// fdSeek moves a file's position.
//
// # Parameters
//   - fd: with FD_SEEK (FD_TELL is enough for offset 0 from CUR); offset
//     (s64); whence (u8: SET 0, CUR 1, END 2); newoffset_ptr (u64 out).
//
// # Result (Errno)
//   - EBADF; ENOTCAPABLE; EINVAL: whence or a negative result; ESPIPE: a
//     stream or socket; EFAULT.
//
// See #fd_seek.
func fdSeek(c call, p []uint64) Errno {
	off, whence := int64(p[1]), u32(p[2])
	if whence > 2 {
		return EINVAL
	}
	want := RightFdSeek
	if off == 0 && whence == 1 {
		want = RightFdTell
	}
	f, errno := c.file(u32(p[0]), 0)
	if errno != ESUCCESS {
		return errno
	}
	defer f.release()
	if f.hostFD < 0 || f.isSocket() || f.ftype == ftCharDevice {
		return ESPIPE
	}
	if !f.base.has(want) && !f.base.has(RightFdSeek) {
		return ENOTCAPABLE
	}
	n, err := unix.Seek(f.hostFD, off, int(whence))
	if err != nil {
		return errnoOf(err)
	}
	if !c.m.putU64(u32(p[3]), uint64(n)) {
		return EFAULT
	}
	return ESUCCESS
}

// fdTell reports a file's position.
//
// # Parameters
//   - fd: with FD_TELL; offset_ptr (u64 out).
//
// # Result (Errno)
//   - EBADF; ENOTCAPABLE; ESPIPE; EFAULT.
//
// See #fd_tell.
func fdTell(c call, p []uint64) Errno {
	f, errno := c.file(u32(p[0]), RightFdTell)
	if errno != ESUCCESS {
		return errno
	}
	defer f.release()
	if f.hostFD < 0 || f.isSocket() || f.ftype == ftCharDevice {
		return ESPIPE
	}
	n, err := unix.Seek(f.hostFD, 0, io.SeekCurrent)
	if err != nil {
		return errnoOf(err)
	}
	if !c.m.putU64(u32(p[1]), uint64(n)) {
		return EFAULT
	}
	return ESUCCESS
}

func statTimes(s *unix.Stat_t) (a, m, c int64) {
	return s.Atim.Nano(), s.Mtim.Nano(), s.Ctim.Nano()
}
