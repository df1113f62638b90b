package wasi

import (
	"errors"
	"fmt"
	"io"
	"os"
	"sync/atomic"

	"golang.org/x/sys/unix"
)

var errTooManyPreopens = errors.New("wasi: more preopens than the descriptor limit")

// Filetypes of preview 1.
const (
	ftUnknown uint8 = iota
	ftBlockDevice
	ftCharDevice
	ftDirectory
	ftRegular
	ftSocketDgram
	ftSocketStream
	ftSymlink
)

// fdflags of preview 1.
const (
	fdflagAppend   uint16 = 1 << 0
	fdflagDsync    uint16 = 1 << 1
	fdflagNonblock uint16 = 1 << 2
	fdflagRsync    uint16 = 1 << 3
	fdflagSync     uint16 = 1 << 4
)

// stdio is a standard stream: a reader or writer given by the embedder.
type stdio struct {
	r io.Reader
	w io.Writer
}

// file is one descriptor of the table: a host descriptor (file, directory
// or socket) or a standard stream, with its rights and flags.
type file struct {
	hostFD   int // -1 for a standard stream that is not an *os.File
	ftype    uint8
	flags    uint16
	base     Rights
	inherit  Rights
	preopen  string // the guest name of a preopened directory
	stdio    *stdio
	dirents  []dirent // fd_readdir's listing, read at cookie 0
	sockType uint8    // WasmEdge sock type for sockets (1 dgram, 2 stream)
	family   uint8    // WasmEdge address family for sockets

	// src and gen tie a frozen copy (fdTable.snap) to its table entry and
	// to the entry's version, bumped by fdTable.changed.
	src *file
	gen uint32
}

func (f *file) close() {
	if f.stdio == nil && f.hostFD >= 0 {
		_ = unix.Close(f.hostFD)
	}
	f.hostFD = -1
}

func (f *file) isSocket() bool { return f.ftype == ftSocketDgram || f.ftype == ftSocketStream }

// stdioEntry makes descriptor fd (0, 1 or 2) from the embedder's stream.
func stdioEntry(s any, fd int) *file {
	f := &file{hostFD: -1, ftype: ftCharDevice, base: rightsTTY, stdio: &stdio{}}
	if fd == 0 {
		f.base &^= RightFdWrite
		f.stdio.r, _ = s.(io.Reader)
		if f.stdio.r == nil {
			f.stdio.r = eofReader{}
		}
	} else {
		f.base &^= RightFdRead
		f.stdio.w, _ = s.(io.Writer)
		if f.stdio.w == nil {
			f.stdio.w = io.Discard
		}
	}
	if osf, ok := s.(*os.File); ok {
		var st unix.Stat_t
		if unix.Fstat(int(osf.Fd()), &st) == nil {
			f.ftype = filetypeOf(uint32(st.Mode))
		}
	}
	return f
}

type eofReader struct{}

func (eofReader) Read([]byte) (int, error) { return 0, io.EOF }

// openPreopen opens a preopened directory.
func openPreopen(p Preopen) (*file, error) {
	fd, err := unix.Open(p.Host, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, fmt.Errorf("wasi: bind guest directory %q to %q failed: %w", p.Host, p.Guest, err)
	}
	f := &file{hostFD: fd, ftype: ftDirectory, base: rightsDir, inherit: rightsDir | rightsFile, preopen: p.Guest}
	if p.ReadOnly {
		f.base &^= rightsWrite
		f.inherit &^= rightsWrite
	}
	return f, nil
}

func filetypeOf(mode uint32) uint8 {
	switch mode & unix.S_IFMT {
	case unix.S_IFREG:
		return ftRegular
	case unix.S_IFDIR:
		return ftDirectory
	case unix.S_IFLNK:
		return ftSymlink
	case unix.S_IFCHR:
		return ftCharDevice
	case unix.S_IFBLK:
		return ftBlockDevice
	case unix.S_IFSOCK:
		return ftSocketStream
	}
	return ftUnknown
}

// fdTable maps guest descriptors to files. Numbers are reused lowest
// first, as POSIX does.
//
// files is the table itself, read and changed only with Env.mu held. Every
// change (add, remove, renumber, flags, rights, standard streams) ends with
// publish, which stores in snap a new slice of frozen copies of the entries;
// a published slice and its entries are never written again, so the hot
// lookups (call.file) read snap with one atomic load and no lock.
//
// Guarantee: a lookup sees the table as it was at some publish no older than
// the last change that finished before the lookup began. A call that looked
// fd up before a concurrent fd_close or fd_renumber published may still use
// the host descriptor it saw, as a POSIX thread racing close(2) may (the
// same guarantee the locked lookup gave, which also copied the entry out);
// once the closing call has returned, no later lookup finds the descriptor.
type fdTable struct {
	files []*file
	n     int
	limit int
	snap  atomic.Pointer[[]*file]
}

// publish stores a frozen copy of the table for lock-free lookups (Env.mu
// held). Entries that did not change since the last publish keep their
// frozen copy.
func (t *fdTable) publish() {
	var old []*file
	if p := t.snap.Load(); p != nil {
		old = *p
	}
	snap := make([]*file, len(t.files))
	for i, f := range t.files {
		if f == nil {
			continue
		}
		if i < len(old) && old[i] != nil && old[i].src == f && old[i].gen == f.gen {
			snap[i] = old[i]
			continue
		}
		cp := *f
		cp.dirents = nil // fd_readdir reads the listing under the lock
		cp.src = f
		snap[i] = &cp
	}
	t.snap.Store(&snap)
}

// getShared returns the frozen entry of fd from the last publish, or nil.
// It needs no lock; the entry must not be changed.
func (t *fdTable) getShared(fd uint32) *file {
	p := t.snap.Load()
	if p == nil || uint64(fd) >= uint64(len(*p)) {
		return nil
	}
	return (*p)[fd]
}

// add stores f under the lowest free number; ENFILE past the limit.
func (t *fdTable) add(f *file) (uint32, Errno) {
	if t.n >= t.limit {
		return 0, ENFILE
	}
	defer t.publish()
	for i, g := range t.files {
		if g == nil {
			t.files[i] = f
			t.n++
			return uint32(i), ESUCCESS
		}
	}
	t.files = append(t.files, f)
	t.n++
	return uint32(len(t.files) - 1), ESUCCESS
}

func (t *fdTable) get(fd uint32) *file {
	if uint64(fd) >= uint64(len(t.files)) {
		return nil
	}
	return t.files[fd]
}

func (t *fdTable) remove(fd uint32) *file {
	f := t.get(fd)
	if f != nil {
		t.files[fd] = nil
		t.n--
		t.publish()
	}
	return f
}

// changed republishes after an entry's fields were changed in place (Env.mu
// held).
func (t *fdTable) changed(f *file) {
	f.gen++
	t.publish()
}

// lookup returns the descriptor fd if it has all of want (EBADF when it is
// not open, ENOTCAPABLE when a right is missing). It is called with e.mu
// held.
func (e *Env) lookup(fd uint32, want Rights) (*file, Errno) {
	f := e.fds.get(fd)
	if f == nil {
		return nil, EBADF
	}
	if !f.base.has(want) {
		return nil, ENOTCAPABLE
	}
	return f, ESUCCESS
}

// install adds f to the table and writes its number at out; on failure f
// is closed.
func (c *call) install(f *file, out uint32) Errno {
	c.e.mu.Lock()
	nfd, errno := c.e.fds.add(f)
	c.e.mu.Unlock()
	if errno != ESUCCESS {
		f.close()
		return errno
	}
	if !c.m.putU32(out, nfd) {
		c.e.mu.Lock()
		c.e.fds.remove(nfd)
		c.e.mu.Unlock()
		f.close()
		return EFAULT
	}
	return ESUCCESS
}
