//go:build !unix

package engine

import "github.com/tetratelabs/wazero/experimental"

// linearMemory stands for the mmap-backed memories of Unix systems; other
// systems use wazero's own (eagerly zeroed) memories.
type linearMemory struct{}

func (m *linearMemory) retain()  {}
func (m *linearMemory) release() {}

// memoryAllocator returns nil: wazero's default allocation.
func memoryAllocator(*[]*linearMemory) experimental.MemoryAllocator { return nil }
