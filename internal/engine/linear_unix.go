//go:build unix

package engine

import (
	"sync"
	"sync/atomic"

	"github.com/tetratelabs/wazero/experimental"
	"golang.org/x/sys/unix"
)

// A guest's linear memory reserves its whole address range (up to its
// maximum, 4 GiB without one) with no access, and makes pages readable and
// writable as the memory grows: memory.grow costs a system call, not a
// zero-fill, the pages are committed by the kernel only when written, and
// the bytes never move, so slices of them stay valid across growth.
//
// wazero frees a memory when the first of its users closes, which for a
// memory that another guest imports may be too early; so Free does nothing
// and the mapping is released when the last guest that owns or imports it
// is closed (see Guest.Close).

// maxLinearBytes is the largest size a linear memory may have: 65535 pages.
// wazero v1.12's compiler mishandles 65536 pages (the length wraps to 0).
const maxLinearBytes = 65535 * PageSize

// linearMemory is an mmap-backed experimental.LinearMemory.
type linearMemory struct {
	mu        sync.Mutex
	mem       []byte // the whole reservation
	committed uint64 // bytes readable and writable
	refs      atomic.Int32
}

func newLinearMemory(max uint64) *linearMemory {
	reserve := min(max, maxLinearBytes)
	reserve = (reserve + PageSize - 1) / PageSize * PageSize
	if reserve == 0 {
		reserve = PageSize
	}
	mem, err := unix.Mmap(-1, 0, int(reserve), unix.PROT_NONE,
		unix.MAP_PRIVATE|unix.MAP_ANON|mapNoReserve)
	if err != nil {
		return nil
	}
	m := &linearMemory{mem: mem}
	m.refs.Store(1)
	return m
}

// Reallocate implements experimental.LinearMemory: it commits up to size
// bytes, or returns nil beyond the reservation (memory.grow then fails).
func (m *linearMemory) Reallocate(size uint64) []byte {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.mem == nil || size > uint64(len(m.mem)) {
		return nil
	}
	if size > m.committed {
		if unix.Mprotect(m.mem[m.committed:size], unix.PROT_READ|unix.PROT_WRITE) != nil {
			return nil
		}
		m.committed = size
	}
	return m.mem[:size:size]
}

// Free implements experimental.LinearMemory; see release.
func (m *linearMemory) Free() {}

func (m *linearMemory) retain() { m.refs.Add(1) }

// release drops a reference; the last one unmaps the memory.
func (m *linearMemory) release() {
	if m.refs.Add(-1) != 0 {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.mem != nil {
		_ = unix.Munmap(m.mem)
		m.mem = nil
	}
}

// memoryAllocator returns the allocator for one instantiation, which adds
// every memory it makes to *owned.
func memoryAllocator(owned *[]*linearMemory) experimental.MemoryAllocator {
	return experimental.MemoryAllocatorFunc(func(_, max uint64) experimental.LinearMemory {
		m := newLinearMemory(max)
		if m == nil {
			return nil
		}
		*owned = append(*owned, m)
		return m
	})
}
