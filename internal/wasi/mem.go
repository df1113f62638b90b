package wasi

import (
	"encoding/binary"

	"github.com/tetratelabs/wazero/api"
)

// mem is the guest's linear memory as the host functions see it. Every read
// and write of guest memory goes through these methods, which check bounds
// (a bad pointer or length gives false, which the functions turn into
// EFAULT, never a panic). A call from the host has no memory: every access
// fails, as WasmEdge's functions answer EFAULT without a calling module's
// memory.
//
// The memory is taken as one view when the call starts (memOf), so that an
// access is a slice of it rather than calls into the engine. The view stays
// right for the call: only the calling guest can grow an unshared memory,
// and it is waiting for the call; a shared memory is reserved at its
// maximum and grows in place, and what another thread adds meanwhile is
// simply not seen by this call.
type mem struct {
	b  []byte
	ok bool
}

// memOf takes the view of m (nil: no memory).
func memOf(m api.Memory) mem {
	if m == nil {
		return mem{}
	}
	b, ok := m.Read(0, m.Size())
	return mem{b: b, ok: ok}
}

// bytes returns the guest bytes [off, off+n) as a view into memory.
func (g mem) bytes(off, n uint32) ([]byte, bool) {
	end := uint64(off) + uint64(n)
	if !g.ok || end > uint64(len(g.b)) {
		return nil, false
	}
	return g.b[off:end:end], true
}

func (g mem) u16(off uint32) (uint16, bool) {
	b, ok := g.bytes(off, 2)
	if !ok {
		return 0, false
	}
	return binary.LittleEndian.Uint16(b), true
}

func (g mem) u32(off uint32) (uint32, bool) {
	b, ok := g.bytes(off, 4)
	if !ok {
		return 0, false
	}
	return binary.LittleEndian.Uint32(b), true
}

func (g mem) u64(off uint32) (uint64, bool) {
	b, ok := g.bytes(off, 8)
	if !ok {
		return 0, false
	}
	return binary.LittleEndian.Uint64(b), true
}

func (g mem) putU8(off uint32, v uint8) bool {
	b, ok := g.bytes(off, 1)
	if ok {
		b[0] = v
	}
	return ok
}

func (g mem) putU16(off uint32, v uint16) bool {
	b, ok := g.bytes(off, 2)
	if ok {
		binary.LittleEndian.PutUint16(b, v)
	}
	return ok
}

func (g mem) putU32(off uint32, v uint32) bool {
	b, ok := g.bytes(off, 4)
	if ok {
		binary.LittleEndian.PutUint32(b, v)
	}
	return ok
}

func (g mem) putU64(off uint32, v uint64) bool {
	b, ok := g.bytes(off, 8)
	if ok {
		binary.LittleEndian.PutUint64(b, v)
	}
	return ok
}

// write copies data to guest memory at off.
func (g mem) write(off uint32, data []byte) bool {
	b, ok := g.bytes(off, uint32(len(data)))
	if ok {
		copy(b, data)
	}
	return ok
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
