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
// Each access is one call of the engine's memory (as wazero's own WASI
// does), which checks the bounds against the memory's size at that moment;
// no view of the memory is kept across accesses, so a shared memory grown
// by another thread during a call is seen as it is. A call makes only a few
// accesses (one to four for fd_write and clock_time_get), fewer than taking
// a whole view would cost.
type mem struct {
	m api.Memory // nil: no memory
}

// memOf wraps m (nil: no memory). wazero's Module.Memory returns, for a
// module without memory, a nil pointer in a non-nil interface, whose methods
// panic: that is no memory too. The pointer is the interface's data word,
// read directly: reflect.ValueOf(m).IsNil() is a call that was 4% of an
// fd_write (BenchmarkWASILayer's profile). (Small enough to be inlined
// into every host call.)
func memOf(m api.Memory) mem {
	if m == nil || (*[2]unsafe.Pointer)(unsafe.Pointer(&m))[1] == nil {
		return mem{}
	}
	return mem{m: m}
}

// bytes returns the guest bytes [off, off+n) as a view into memory.
func (g mem) bytes(off, n uint32) ([]byte, bool) {
	if g.m == nil {
		return nil, false
	}
	return g.m.Read(off, n)
}

func (g mem) u16(off uint32) (uint16, bool) {
	if g.m == nil {
		return 0, false
	}
	return g.m.ReadUint16Le(off)
}

func (g mem) u32(off uint32) (uint32, bool) {
	if g.m == nil {
		return 0, false
	}
	return g.m.ReadUint32Le(off)
}

func (g mem) u64(off uint32) (uint64, bool) {
	if g.m == nil {
		return 0, false
	}
	return g.m.ReadUint64Le(off)
}

func (g mem) putU8(off uint32, v uint8) bool {
	return g.m != nil && g.m.WriteByte(off, v)
}

func (g mem) putU16(off uint32, v uint16) bool {
	return g.m != nil && g.m.WriteUint16Le(off, v)
}

func (g mem) putU32(off uint32, v uint32) bool {
	return g.m != nil && g.m.WriteUint32Le(off, v)
}

func (g mem) putU64(off uint32, v uint64) bool {
	return g.m != nil && g.m.WriteUint64Le(off, v)
}

// write copies data to guest memory at off.
func (g mem) write(off uint32, data []byte) bool {
	return g.m != nil && g.m.Write(off, data)
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
