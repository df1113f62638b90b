package wasi

import (
	"strings"

	"golang.org/x/sys/unix"
)

// Path functions: every path is resolved under its directory descriptor by
// resolve (resolve.go), so none of them can reach outside a preopen.

const lookupSymlinkFollow = 1

// Oflags of path_open.
const (
	oflagCreat     = 1 << 0
	oflagDirectory = 1 << 1
	oflagExcl      = 1 << 2
	oflagTrunc     = 1 << 3
)

// pathAt reads a guest path and resolves it under the directory fd, which
// must have the rights want.
func (c *call) pathAt(fd, ptr, n uint32, follow bool, want Rights) (resolved, *file, Errno) {
	if n > maxPath {
		return resolved{}, nil, ENAMETOOLONG
	}
	path, ok := c.m.str(ptr, n)
	if !ok {
		return resolved{}, nil, EFAULT
	}
	d, errno := c.file(fd, 0)
	if errno != ESUCCESS {
		return resolved{}, nil, errno
	}
	if d.ftype != ftDirectory {
		d.release()
		return resolved{}, nil, ENOTDIR
	}
	if !d.base.has(want) {
		d.release()
		return resolved{}, nil, ENOTCAPABLE
	}
	r, errno := resolve(d.hostFD, path, follow)
	if errno != ESUCCESS {
		d.release()
		return resolved{}, nil, errno
	}
	r.held = d
	return r, d, ESUCCESS
}

// pathCreateDirectory makes a directory.
//
// # Parameters
//   - fd: a directory with PATH_CREATE_DIRECTORY; path, path_len.
//
// # Result (Errno)
//   - EBADF; ENOTDIR; ENOTCAPABLE (a read-only preopen, or a path leading
//     out); EEXIST; ENOENT; EFAULT.
//
// See #path_create_directory.
func pathCreateDirectory(c call, p []uint64) Errno {
	r, _, errno := c.pathAt(u32(p[0]), u32(p[1]), u32(p[2]), false, RightPathCreateDirectory)
	if errno != ESUCCESS {
		return errno
	}
	defer r.done()
	return errnoOf(unix.Mkdirat(r.dir, strings.TrimSuffix(r.name, "/"), 0o777))
}

// pathFilestatGet describes the file at a path.
//
// # Parameters
//   - fd: a directory with PATH_FILESTAT_GET; flags (lookupflags:
//     SYMLINK_FOLLOW 1); path, path_len; out (filestat, 64 bytes).
//
// # Result (Errno)
//   - EBADF; ENOTDIR; ENOTCAPABLE; ENOENT; ELOOP; EFAULT.
//
// See #path_filestat_get.
func pathFilestatGet(c call, p []uint64) Errno {
	follow := u32(p[1])&lookupSymlinkFollow != 0
	r, _, errno := c.pathAt(u32(p[0]), u32(p[2]), u32(p[3]), follow, RightPathFilestatGet)
	if errno != ESUCCESS {
		return errno
	}
	defer r.done()
	var s unix.Stat_t
	if err := unix.Fstatat(r.dir, r.name, &s, unix.AT_SYMLINK_NOFOLLOW); err != nil {
		return errnoOf(err)
	}
	var st [64]byte
	encodeFilestat(st[:], &s)
	if !c.m.write(u32(p[4]), st[:]) {
		return EFAULT
	}
	return ESUCCESS
}

// pathFilestatSetTimes sets the times of the file at a path.
//
// # Parameters
//   - fd: with PATH_FILESTAT_SET_TIMES; flags (SYMLINK_FOLLOW 1); path,
//     path_len; atim, mtim (u64 ns); fst_flags (u16).
//
// # Result (Errno)
//   - EBADF; ENOTDIR; ENOTCAPABLE; ENOENT; EINVAL: conflicting fst_flags;
//     EFAULT.
//
// # Notes
// Without SYMLINK_FOLLOW a symbolic link's own times are set, not its
// target's.
//
// See #path_filestat_set_times.
func pathFilestatSetTimes(c call, p []uint64) Errno {
	ts, errno := timespecs(p[4], p[5], uint64(u32(p[6])))
	if errno != ESUCCESS {
		return errno
	}
	follow := u32(p[1])&lookupSymlinkFollow != 0
	r, _, errno := c.pathAt(u32(p[0]), u32(p[2]), u32(p[3]), follow, RightPathFilestatSetTimes)
	if errno != ESUCCESS {
		return errno
	}
	defer r.done()
	return errnoOf(unix.UtimesNanoAt(r.dir, r.name, ts, unix.AT_SYMLINK_NOFOLLOW))
}

// pathLink makes a hard link.
//
// # Parameters
//   - old_fd: with PATH_LINK_SOURCE; old_flags (SYMLINK_FOLLOW 1); old_path,
//     old_path_len; new_fd: with PATH_LINK_TARGET; new_path, new_path_len.
//
// # Result (Errno)
//   - EBADF; ENOTDIR; ENOTCAPABLE; ENOENT; EEXIST; EFAULT.
//
// # Notes
// With SYMLINK_FOLLOW a symbolic link at old_path is followed (inside the
// sandbox) and the link is made to its target; without, to the link.
//
// See #path_link.
func pathLink(c call, p []uint64) Errno {
	follow := u32(p[1])&lookupSymlinkFollow != 0
	old, _, errno := c.pathAt(u32(p[0]), u32(p[2]), u32(p[3]), follow, RightPathLinkSource)
	if errno != ESUCCESS {
		return errno
	}
	defer old.done()
	nw, _, errno := c.pathAt(u32(p[4]), u32(p[5]), u32(p[6]), false, RightPathLinkTarget)
	if errno != ESUCCESS {
		return errno
	}
	defer nw.done()
	return errnoOf(unix.Linkat(old.dir, old.name, nw.dir, nw.name, 0))
}

// pathOpen opens a file or directory.
//
// # Parameters
//   - fd: a directory with PATH_OPEN (and PATH_CREATE_FILE for CREAT,
//     PATH_FILESTAT_SET_SIZE for TRUNC); dirflags (SYMLINK_FOLLOW 1); path,
//     path_len; oflags (CREAT 1, DIRECTORY 2, EXCL 4, TRUNC 8); base and
//     inheriting rights (u64); fdflags (u16); fd_ptr (u32 out).
//
// # Result (Errno)
//   - EBADF; ENOTDIR; ENOTCAPABLE: missing rights, FD_WRITE asked of a
//     read-only preopen, or a path leading out; ENOENT; EEXIST; EISDIR;
//     ELOOP: the last component is a link and SYMLINK_FOLLOW is not set;
//     ENFILE: the descriptor limit; EFAULT; EINVAL: unknown flags.
//
// # Notes
// The new descriptor's rights are the ones asked for, narrowed to the
// directory's inheriting rights and to what the file type supports; they
// are never more than the directory's.
//
// See #path_open.
func pathOpen(c call, p []uint64) Errno {
	dirflags, oflags := u32(p[1]), u32(p[4])
	reqBase, reqInh, fdflags := Rights(p[5]), Rights(p[6]), u32(p[7])
	if oflags > 0xf || fdflags > 0x1f {
		return EINVAL
	}
	want := RightPathOpen
	if oflags&oflagCreat != 0 {
		want |= RightPathCreateFile
	}
	if oflags&oflagTrunc != 0 {
		want |= RightPathFilestatSetSize
	}
	r, d, errno := c.pathAt(u32(p[0]), u32(p[2]), u32(p[3]), dirflags&lookupSymlinkFollow != 0, want)
	if errno != ESUCCESS {
		return errno
	}
	defer r.done()
	base, inh := reqBase&d.inherit, reqInh&d.inherit
	if reqBase&RightFdWrite != 0 && base&RightFdWrite == 0 {
		return ENOTCAPABLE
	}
	flags := unix.O_CLOEXEC | unix.O_NOFOLLOW
	write := base&RightFdWrite != 0 || oflags&oflagTrunc != 0
	read := base&(RightFdRead|RightFdReaddir) != 0
	if oflags&oflagDirectory != 0 {
		flags |= unix.O_DIRECTORY // with write access the kernel says EISDIR
	}
	switch {
	case write && read:
		flags |= unix.O_RDWR
	case write:
		flags |= unix.O_WRONLY
	default:
		flags |= unix.O_RDONLY
	}
	if oflags&oflagCreat != 0 {
		flags |= unix.O_CREAT
	}
	if oflags&oflagExcl != 0 {
		flags |= unix.O_EXCL
	}
	if oflags&oflagTrunc != 0 {
		flags |= unix.O_TRUNC
	}
	ff := uint16(fdflags)
	if ff&fdflagAppend != 0 {
		flags |= unix.O_APPEND
	}
	if ff&fdflagNonblock != 0 {
		flags |= unix.O_NONBLOCK
	}
	if ff&fdflagDsync != 0 {
		flags |= oDsync
	}
	if ff&fdflagSync != 0 {
		flags |= unix.O_SYNC
	}
	if ff&fdflagRsync != 0 {
		flags |= oRsync
	}
	c.e.mu.Lock()
	full := c.e.fds.n >= c.e.fds.limit
	c.e.mu.Unlock()
	if full {
		return ENFILE
	}
	hfd, err := openat(r.dir, r.name, flags)
	if err != nil {
		return errnoOf(err)
	}
	var st unix.Stat_t
	if err := unix.Fstat(hfd, &st); err != nil {
		_ = unix.Close(hfd)
		return errnoOf(err)
	}
	f := &file{hostFD: hfd, ftype: filetypeOf(uint32(st.Mode)), flags: ff, inherit: inh}
	switch f.ftype {
	case ftDirectory:
		f.base = base & rightsDir
	default:
		f.base = base & rightsFile
		f.inherit = 0
	}
	return c.install(f, u32(p[8]))
}

func openat(dir int, name string, flags int) (int, error) {
	for {
		fd, err := unix.Openat(dir, name, flags, 0o666)
		if err != unix.EINTR {
			return fd, err
		}
	}
}

// pathReadlink reads a symbolic link's target.
//
// # Parameters
//   - fd: with PATH_READLINK; path, path_len; buf, buf_len; bufused_ptr (u32
//     out).
//
// # Result (Errno)
//   - EBADF; ENOTDIR; ENOTCAPABLE; ENOENT; EINVAL: not a link; EFAULT.
//
// # Notes
// A target longer than the buffer is cut to fit (bufused = buf_len), as
// POSIX readlink does; it is not an error.
//
// See #path_readlink.
func pathReadlink(c call, p []uint64) Errno {
	r, _, errno := c.pathAt(u32(p[0]), u32(p[1]), u32(p[2]), false, RightPathReadlink)
	if errno != ESUCCESS {
		return errno
	}
	defer r.done()
	out, ok := c.m.bytes(u32(p[3]), u32(p[4]))
	if !ok {
		return EFAULT
	}
	target, ok := readlinkAt(r.dir, r.name)
	if !ok {
		var s unix.Stat_t
		if err := unix.Fstatat(r.dir, r.name, &s, unix.AT_SYMLINK_NOFOLLOW); err != nil {
			return errnoOf(err)
		}
		return EINVAL
	}
	n := copy(out, target)
	if !c.m.putU32(u32(p[5]), uint32(n)) {
		return EFAULT
	}
	return ESUCCESS
}

// pathRemoveDirectory removes an empty directory.
//
// # Parameters
//   - fd: with PATH_REMOVE_DIRECTORY; path, path_len.
//
// # Result (Errno)
//   - EBADF; ENOTDIR; ENOTCAPABLE; ENOENT; ENOTEMPTY; EFAULT.
//
// See #path_remove_directory.
func pathRemoveDirectory(c call, p []uint64) Errno {
	r, _, errno := c.pathAt(u32(p[0]), u32(p[1]), u32(p[2]), false, RightPathRemoveDirectory)
	if errno != ESUCCESS {
		return errno
	}
	defer r.done()
	if r.name == "." {
		return EINVAL
	}
	err := unix.Unlinkat(r.dir, strings.TrimSuffix(r.name, "/"), unix.AT_REMOVEDIR)
	if err == unix.EEXIST {
		err = unix.ENOTEMPTY
	}
	return errnoOf(err)
}

// pathRename renames a file or directory.
//
// # Parameters
//   - fd: with PATH_RENAME_SOURCE; old_path, old_path_len; new_fd: with
//     PATH_RENAME_TARGET; new_path, new_path_len.
//
// # Result (Errno)
//   - EBADF; ENOTDIR; ENOTCAPABLE; ENOENT; EISDIR; ENOTEMPTY; EFAULT.
//
// See #path_rename.
func pathRename(c call, p []uint64) Errno {
	old, _, errno := c.pathAt(u32(p[0]), u32(p[1]), u32(p[2]), false, RightPathRenameSource)
	if errno != ESUCCESS {
		return errno
	}
	defer old.done()
	nw, _, errno := c.pathAt(u32(p[3]), u32(p[4]), u32(p[5]), false, RightPathRenameTarget)
	if errno != ESUCCESS {
		return errno
	}
	defer nw.done()
	return errnoOf(unix.Renameat(old.dir, old.name, nw.dir, nw.name))
}

// pathSymlink makes a symbolic link.
//
// # Parameters
//   - old_path, old_path_len: the target, stored as given; fd: with
//     PATH_SYMLINK; new_path, new_path_len: where the link goes.
//
// # Result (Errno)
//   - EBADF; ENOTDIR; ENOTCAPABLE: an absolute target, or new_path leading
//     out; EEXIST; ENOENT; EFAULT.
//
// # Notes
// A relative target that leads out may be created (it is only text), but no
// path through it ever resolves outside the preopen.
//
// See #path_symlink.
func pathSymlink(c call, p []uint64) Errno {
	if u32(p[1]) > maxPath {
		return ENAMETOOLONG
	}
	target, ok := c.m.str(u32(p[0]), u32(p[1]))
	if !ok {
		return EFAULT
	}
	if strings.HasPrefix(target, "/") {
		return ENOTCAPABLE
	}
	if strings.IndexByte(target, 0) >= 0 {
		return EILSEQ
	}
	r, _, errno := c.pathAt(u32(p[2]), u32(p[3]), u32(p[4]), false, RightPathSymlink)
	if errno != ESUCCESS {
		return errno
	}
	defer r.done()
	return errnoOf(unix.Symlinkat(target, r.dir, r.name))
}

// pathUnlinkFile removes a file (or a symbolic link, not its target).
//
// # Parameters
//   - fd: with PATH_UNLINK_FILE; path, path_len.
//
// # Result (Errno)
//   - EBADF; ENOTDIR; ENOTCAPABLE; ENOENT; EISDIR: a directory; EFAULT.
//
// See #path_unlink_file.
func pathUnlinkFile(c call, p []uint64) Errno {
	r, _, errno := c.pathAt(u32(p[0]), u32(p[1]), u32(p[2]), false, RightPathUnlinkFile)
	if errno != ESUCCESS {
		return errno
	}
	defer r.done()
	err := unix.Unlinkat(r.dir, r.name, 0)
	if err == unix.EPERM {
		var s unix.Stat_t
		if unix.Fstatat(r.dir, r.name, &s, unix.AT_SYMLINK_NOFOLLOW) == nil && s.Mode&unix.S_IFMT == unix.S_IFDIR {
			err = unix.EISDIR
		}
	}
	return errnoOf(err)
}
