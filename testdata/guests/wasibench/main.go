// Command wasibench is a reactor whose exports make WASI calls in a loop,
// for the benchmarks of bench/ (PureEdge's WASI against wazero's). The
// directory preopened as descriptor 3 must hold "big" (64 KiB) and "small".
package main

import "unsafe"

//go:wasmimport wasi_snapshot_preview1 fd_write
func fdWrite(fd int32, iovs unsafe.Pointer, n int32, nwritten unsafe.Pointer) int32

//go:wasmimport wasi_snapshot_preview1 fd_read
func fdRead(fd int32, iovs unsafe.Pointer, n int32, nread unsafe.Pointer) int32

//go:wasmimport wasi_snapshot_preview1 fd_seek
func fdSeek(fd int32, off int64, whence int32, newoff unsafe.Pointer) int32

//go:wasmimport wasi_snapshot_preview1 path_open
func pathOpen(dir, dirflags int32, path unsafe.Pointer, pathLen, oflags int32, base, inheriting int64, fdflags int32, fd unsafe.Pointer) int32

//go:wasmimport wasi_snapshot_preview1 fd_close
func fdClose(fd int32) int32

//go:wasmimport wasi_snapshot_preview1 clock_time_get
func clockTimeGet(id int32, precision int64, t unsafe.Pointer) int32

type iovec struct{ buf, len uint32 }

var (
	small         = make([]byte, 16)
	big           = make([]byte, 64<<10)
	smallIO       = iovec{uint32(uintptr(unsafe.Pointer(&small[0]))), 16}
	bigIO         = iovec{uint32(uintptr(unsafe.Pointer(&big[0]))), 64 << 10}
	bigFD   int32 = -1
	n32     uint32
	t64     uint64
)

func open(name string) int32 {
	b := []byte(name)
	var fd int32
	const rights = 1<<1 | 1<<2 | 1<<5 // read, seek, tell
	if e := pathOpen(3, 1, unsafe.Pointer(&b[0]), int32(len(b)), 0, rights, 0, 0, unsafe.Pointer(&fd)); e != 0 {
		return -int32(e)
	}
	return fd
}

// write16 writes 16 bytes to stdout n times; it returns the first errno.
//
//go:wasmexport write16
func write16(n int32) int32 {
	for i := int32(0); i < n; i++ {
		if e := fdWrite(1, unsafe.Pointer(&smallIO), 1, unsafe.Pointer(&n32)); e != 0 {
			return e
		}
	}
	return 0
}

// read64k reads the 64 KiB file from its start n times.
//
//go:wasmexport read64k
func read64k(n int32) int32 {
	if bigFD < 0 {
		if bigFD = open("big"); bigFD < 0 {
			return -bigFD
		}
	}
	var off uint64
	for i := int32(0); i < n; i++ {
		if e := fdSeek(bigFD, 0, 0, unsafe.Pointer(&off)); e != 0 {
			return e
		}
		if e := fdRead(bigFD, unsafe.Pointer(&bigIO), 1, unsafe.Pointer(&n32)); e != 0 || n32 != 64<<10 {
			return 1000 + e
		}
	}
	return 0
}

// openClose opens and closes "small" n times.
//
//go:wasmexport openclose
func openClose(n int32) int32 {
	for i := int32(0); i < n; i++ {
		fd := open("small")
		if fd < 0 {
			return -fd
		}
		if e := fdClose(fd); e != 0 {
			return e
		}
	}
	return 0
}

// clock reads the monotonic clock n times.
//
//go:wasmexport clock
func clock(n int32) int32 {
	for i := int32(0); i < n; i++ {
		if e := clockTimeGet(1, 1, unsafe.Pointer(&t64)); e != 0 {
			return e
		}
	}
	return 0
}

func main() {}
