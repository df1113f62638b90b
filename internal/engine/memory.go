package engine

import (
	"context"
	"fmt"
	"sync"

	"github.com/tetratelabs/wazero/api"

	"github.com/pureedge/pureedge/internal/binary"
)

// PageSize is the size of a Wasm page in bytes.
const PageSize = 65536

// maxReserve bounds the address space reserved up front for a host memory
// that is not shared; larger memories grow by reallocation.
const maxReserve = 64 << 20

// HostMemory is a linear memory owned by the host (WasmEdge's NewMemory). It
// exists before any guest imports it; once a host module exporting it is
// materialised, wazero uses this very buffer (it is the LinearMemory that our
// allocator hands out), so the host and every guest see the same bytes.
type HostMemory struct {
	Min, Max       uint32 // in pages
	HasMax, Shared bool

	mu    sync.Mutex
	buf   []byte
	bound api.Memory
}

// NewHostMemory allocates a memory of min pages. A shared memory must have a
// maximum: its buffer is reserved in full so that it never moves.
func NewHostMemory(min, max uint32, hasMax, shared bool) (*HostMemory, error) {
	if hasMax && max < min {
		return nil, fmt.Errorf("memory minimum %d is greater than maximum %d", min, max)
	}
	if shared && !hasMax {
		return nil, fmt.Errorf("shared memory must have a maximum")
	}
	if min > 65536 || max > 65536 {
		return nil, fmt.Errorf("memory size must be at most 65536 pages")
	}
	reserve := uint64(min) * PageSize
	if hasMax && (shared || uint64(max)*PageSize <= maxReserve) {
		reserve = uint64(max) * PageSize
	}
	return &HostMemory{Min: min, Max: max, HasMax: hasMax, Shared: shared,
		buf: make([]byte, uint64(min)*PageSize, reserve)}, nil
}

// Bytes returns the memory's current bytes, aliasing it.
func (m *HostMemory) Bytes() []byte {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.bound != nil {
		b, _ := m.bound.Read(0, m.bound.Size())
		return b
	}
	return m.buf
}

// Pages returns the current size in pages.
func (m *HostMemory) Pages() uint32 { return uint32(len(m.Bytes()) / PageSize) }

// Grow grows the memory by delta pages, reporting success.
func (m *HostMemory) Grow(delta uint32) bool {
	m.mu.Lock()
	bound := m.bound
	m.mu.Unlock()
	if bound != nil {
		_, ok := bound.Grow(delta)
		return ok
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	pages := uint64(len(m.buf)/PageSize) + uint64(delta)
	limit := uint64(65536)
	if m.HasMax {
		limit = uint64(m.Max)
	}
	if pages > limit {
		return false
	}
	return m.resize(pages*PageSize) != nil
}

func (m *HostMemory) resize(size uint64) []byte {
	if size <= uint64(cap(m.buf)) {
		m.buf = m.buf[:size]
		return m.buf
	}
	if m.Shared {
		return nil
	}
	nb := make([]byte, size, max(size, uint64(cap(m.buf))*2))
	copy(nb, m.buf)
	m.buf = nb
	return m.buf
}

// Reallocate implements experimental.LinearMemory.
func (m *HostMemory) Reallocate(size uint64) []byte {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.resize(size)
}

// Free implements experimental.LinearMemory. The buffer belongs to the host
// object, so nothing is freed.
func (m *HostMemory) Free() {}

func (m *HostMemory) bind(mem api.Memory) {
	m.mu.Lock()
	if m.bound == nil {
		m.bound = mem
	}
	m.mu.Unlock()
}

// HostGlobal is a global owned by the host (WasmEdge's NewGlobal). Its value
// lives here until a host module exporting it is materialised; from then on
// it reads and writes the materialised global.
type HostGlobal struct {
	Type    api.ValueType
	Mutable bool

	mu     sync.Mutex
	lo, hi uint64
	bound  api.Global
	// get and set are the shim's accessors of a v128 global, whose value
	// api.Global reads and writes only in part.
	get, set api.Function
}

// NewHostGlobal returns a global of the given type with an initial value
// (hi is the upper half of a v128).
func NewHostGlobal(t api.ValueType, mutable bool, lo, hi uint64) *HostGlobal {
	return &HostGlobal{Type: t, Mutable: mutable, lo: lo, hi: hi}
}

// Get returns the value (hi is the upper half of a v128).
func (g *HostGlobal) Get() (lo, hi uint64) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.get != nil {
		var stack [2]uint64
		if g.get.CallWithStack(context.Background(), stack[:]) == nil {
			return stack[0], stack[1]
		}
	}
	if g.bound != nil && g.Type != ValueTypeV128 {
		return g.bound.Get(), 0
	}
	return g.lo, g.hi
}

// Set stores a value; the caller checks mutability and type.
func (g *HostGlobal) Set(lo, hi uint64) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.lo, g.hi = lo, hi
	if g.set != nil {
		stack := [2]uint64{lo, hi}
		_ = g.set.CallWithStack(context.Background(), stack[:])
		return
	}
	if mg, ok := g.bound.(api.MutableGlobal); ok && g.Type != ValueTypeV128 {
		mg.Set(lo)
	}
}

// bind makes the global read and write its first materialisation, mod's
// export name.
func (g *HostGlobal) bind(mod api.Module, name string) {
	g.mu.Lock()
	if g.bound == nil {
		g.bound = mod.ExportedGlobal(name)
		if g.Type == ValueTypeV128 {
			g.get = mod.ExportedFunction(binary.GlobalGetName(name))
			g.set = mod.ExportedFunction(binary.GlobalSetName(name))
		}
	}
	g.mu.Unlock()
}
