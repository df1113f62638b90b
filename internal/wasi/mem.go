package wasi

import (
	"encoding/binary"
	"unsafe"

	"github.com/tetratelabs/wazero/api"
)

// mem is the guest's linear memory as the host functions see it. Every read
// and write of guest memory goes through these methods, which check bounds
// (a bad pointer or length gives false, which the functions turn into
// EFAULT, never a panic). A call from the host, or from a module without
// memory, has none: every access fails, as WasmEdge's functions answer
// EFAULT without a calling module's memory.
//
// A call takes a view of the whole memory when it starts (two calls of the
// engine's memory through api.Memory); each access is then plain slice
// code, checked and inlined. An interface call per access, which cannot be
// inlined, cost fd_write a tenth more than wazero's own WASI, which calls
// its concrete memory type directly. A shared memory that another thread
// grows during the call is seen at its size when the call started.
//
// A memory of size 0 has an empty, non-nil view; no memory a nil one. (Three
// words: the call's state and the parameters, passed to every function,
// then fit in registers.)
type mem struct {
	b []byte
}

// emptyMemory is the view of a memory of size 0.
var emptyMemory [0]byte

// memOf takes the view of m (nil: no memory). wazero's Module.Memory
// returns, for a module without memory, a nil pointer in a non-nil
// interface, whose methods panic: that is no memory too. The pointer is
// the interface's data word, read directly: reflect.ValueOf(m).IsNil() is
// a call that was 4% of an fd_write (BenchmarkWASILayer's profile).
func memOf(m api.Memory) mem {
	if !isMemory(m) {
		return mem{}
	}
	b, ok := m.Read(0, m.Size())
	if !ok {
		return mem{}
	}
	if b == nil {
		b = emptyMemory[:]
	}
	return mem{b: b}
}

// in reports whether [off, off+n) lies in the memory.
func (g mem) in(off, n uint32) bool {
	return uint64(off)+uint64(n) <= uint64(len(g.b)) && g.b != nil
}

// bytes returns the guest bytes [off, off+n) as a view into memory.
func (g mem) bytes(off, n uint32) ([]byte, bool) {
	if !g.in(off, n) {
		return nil, false
	}
	return g.b[off : off+n : off+n], true
}

func (g mem) u16(off uint32) (uint16, bool) {
	if !g.in(off, 2) {
		return 0, false
	}
	return binary.LittleEndian.Uint16(g.b[off:]), true
}

func (g mem) u32(off uint32) (uint32, bool) {
	if !g.in(off, 4) {
		return 0, false
	}
	return binary.LittleEndian.Uint32(g.b[off:]), true
}

func (g mem) u64(off uint32) (uint64, bool) {
	if !g.in(off, 8) {
		return 0, false
	}
	return binary.LittleEndian.Uint64(g.b[off:]), true
}

func (g mem) putU8(off uint32, v uint8) bool {
	if !g.in(off, 1) {
		return false
	}
	g.b[off] = v
	return true
}

func (g mem) putU16(off uint32, v uint16) bool {
	if !g.in(off, 2) {
		return false
	}
	binary.LittleEndian.PutUint16(g.b[off:], v)
	return true
}

func (g mem) putU32(off uint32, v uint32) bool {
	if !g.in(off, 4) {
		return false
	}
	binary.LittleEndian.PutUint32(g.b[off:], v)
	return true
}

func (g mem) putU64(off uint32, v uint64) bool {
	if !g.in(off, 8) {
		return false
	}
	binary.LittleEndian.PutUint64(g.b[off:], v)
	return true
}

// write copies data to guest memory at off.
func (g mem) write(off uint32, data []byte) bool {
	if uint64(len(data)) > 1<<32 || !g.in(off, uint32(len(data))) {
		return false
	}
	copy(g.b[off:], data)
	return true
}

// putU64Of writes v at off of m without taking a view (one access: the
// monotonic clock's fast path).
func putU64Of(m api.Memory, off uint32, v uint64) bool {
	return isMemory(m) && m.WriteUint64Le(off, v)
}

// isMemory reports whether m is a memory: neither nil nor a nil pointer.
func isMemory(m api.Memory) bool {
	return m != nil && (*[2]unsafe.Pointer)(unsafe.Pointer(&m))[1] != nil
}

// str reads a guest string of n bytes (a path or a host name); n is capped
// by the caller.
func (g mem) str(off, n uint32) (string, bool) {
	b, ok := g.bytes(off, n)
	return string(b), ok
}

// maxIOVs is the most iovecs one call may pass (POSIX IOV_MAX, as WasmEdge).
const maxIOVs = 1024

// iovecs returns the buffers of a guest iovec array (pairs of u32 pointer
// and length), each checked against memory, appended to out (pass a small
// array's slice to keep one or two buffers off the heap). More than maxIOVs
// entries give EINVAL; a bad entry EFAULT.
func (g mem) iovecs(ptr, n uint32, out [][]byte) ([][]byte, Errno) {
	if n > maxIOVs {
		return nil, EINVAL
	}
	arr, ok := g.bytes(ptr, n*8)
	if !ok {
		return nil, EFAULT
	}
	if n == 1 { // the usual case, without the loop
		b, ok := g.bytes(binary.LittleEndian.Uint32(arr), binary.LittleEndian.Uint32(arr[4:]))
		if !ok {
			return nil, EFAULT
		}
		return append(out, b), ESUCCESS
	}
	for i := uint32(0); i < n; i++ {
		p := binary.LittleEndian.Uint32(arr[i*8:])
		l := binary.LittleEndian.Uint32(arr[i*8+4:])
		b, ok := g.bytes(p, l)
		if !ok {
			return nil, EFAULT
		}
		out = append(out, b)
	}
	return out, ESUCCESS
}
