package wasi

import (
	"errors"
	"fmt"
	"io"
	"os"
	"sync/atomic"
	"time"

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
//
// An entry is never changed once it is in the table: a change (flags,
// rights, standard streams) stores a new entry (clone) under the same
// number, so that calls read entries without a lock. The host descriptor
// is the handle's, shared by an entry and its clones, and counted: see
// handle.
type file struct {
	hostFD   int // -1 for a standard stream that is not an *os.File
	ftype    uint8
	flags    uint16
	base     Rights
	inherit  Rights
	preopen  string // the guest name of a preopened directory
	stdio    *stdio
	sockType uint8 // WasmEdge sock type for sockets (1 dgram, 2 stream)
	family   uint8 // WasmEdge address family for sockets
	// rcvTimeo and sndTimeo are a socket's SO_RCVTIMEO and SO_SNDTIMEO
	// (0: none), which a blocking call waits at most: the host socket is
	// non-blocking, so the kernel does not apply them (see wait.go).
	rcvTimeo, sndTimeo time.Duration

	h   *handle // the host descriptor: &own of the entry first added
	own handle
}

// handle is the reference count of an open host descriptor: one
// reference for the table (while a descriptor number names it) and one for
// each call using it. The host descriptor is closed when the last reference
// goes, so that a call racing a guest's fd_close never uses a closed
// number, which the host may have given to another file meanwhile: the
// call keeps working on the file it looked up, and the close takes effect
// after it. An entry and its clones share one handle (and one hostFD).
type handle struct {
	refs    atomic.Int32
	dirents *[]dirent // fd_readdir's listing, read at cookie 0 (Env.mu)
}

// acquire takes a reference for a call; false once the handle is closed.
func (h *handle) acquire() bool {
	for {
		r := h.refs.Load()
		if r <= 0 {
			return false
		}
		if h.refs.CompareAndSwap(r, r+1) {
			return true
		}
	}
}

// release drops a reference (a call's, from call.file, or the table's),
// closing the host descriptor with the last. A standard stream has no host
// descriptor of its own to close, and is not counted (see call.file).
func (f *file) release() {
	if f.stdio == nil && f.h.refs.Add(-1) == 0 && f.hostFD >= 0 {
		_ = unix.Close(f.hostFD)
	}
}

// closeTable drops the table's reference when a descriptor number is
// closed. A socket still in use by a call (a blocking accept or recv) is
// shut down, which ends the call, as closing it would.
func (f *file) closeTable() {
	if f.isSocket() && f.h.refs.Load() > 1 {
		_ = unix.Shutdown(f.hostFD, unix.SHUT_RDWR)
	}
	f.release()
}

// clone returns a copy of f for changing and storing in f's place (Env.mu
// held); it shares f's host descriptor.
func (f *file) clone() *file {
	return &file{hostFD: f.hostFD, ftype: f.ftype, flags: f.flags, base: f.base, inherit: f.inherit,
		preopen: f.preopen, stdio: f.stdio, sockType: f.sockType, family: f.family,
		rcvTimeo: f.rcvTimeo, sndTimeo: f.sndTimeo, h: f.h}
}

// close closes a file that never made it into the table.
func (f *file) close() {
	if f.h == nil && f.stdio == nil && f.hostFD >= 0 {
		_ = unix.Close(f.hostFD)
	}
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
// slots is read without a lock (call.file: one atomic load of the array,
// one of the entry) and written with Env.mu held; a new array is made only
// when the table grows (doubling, up to limit), so that opening and closing
// allocate nothing here. A lookup sees each entry as it was at some store no
// older than the last change that finished before the lookup began; what
// it found stays usable through the handle's reference count.
type fdTable struct {
	slots atomic.Pointer[[]atomic.Pointer[file]]
	n     int
	limit int
}

// get returns the entry of fd, or nil. It needs no lock; the entry must
// not be changed.
func (t *fdTable) get(fd uint32) *file {
	p := t.slots.Load()
	if p == nil || uint64(fd) >= uint64(len(*p)) {
		return nil
	}
	return (*p)[fd].Load()
}

// add stores f under the lowest free number, with the table's reference
// to a new handle; ENFILE past the limit (Env.mu held).
func (t *fdTable) add(f *file) (uint32, Errno) {
	if t.n >= t.limit {
		return 0, ENFILE
	}
	if f.h == nil {
		f.h = &f.own
		f.own.refs.Store(1)
	}
	var s []atomic.Pointer[file]
	if p := t.slots.Load(); p != nil {
		s = *p
	}
	for i := range s {
		if s[i].Load() == nil {
			s[i].Store(f)
			t.n++
			return uint32(i), ESUCCESS
		}
	}
	grown := make([]atomic.Pointer[file], min(max(2*len(s), 8), max(t.limit, len(s)+1)))
	for i := range s {
		grown[i].Store(s[i].Load())
	}
	grown[len(s)].Store(f)
	t.slots.Store(&grown)
	t.n++
	return uint32(len(s)), ESUCCESS
}

// set stores f (or nil) under fd, which must be below the table's length
// (Env.mu held).
func (t *fdTable) set(fd uint32, f *file) { (*t.slots.Load())[fd].Store(f) }

// remove takes fd out of the table and returns its entry, whose table
// reference the caller must release (Env.mu held).
func (t *fdTable) remove(fd uint32) *file {
	f := t.get(fd)
	if f != nil {
		t.set(fd, nil)
		t.n--
	}
	return f
}

// replace stores a changed clone of an entry under its number (Env.mu
// held).
func (t *fdTable) replace(fd uint32, nf *file) { t.set(fd, nf) }

// len is the table's length: every open number is below it.
func (t *fdTable) len() int {
	if p := t.slots.Load(); p != nil {
		return len(*p)
	}
	return 0
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
		f.release()
		return EFAULT
	}
	return ESUCCESS
}
