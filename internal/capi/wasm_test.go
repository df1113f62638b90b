//go:build cgo && linux && (amd64 || arm64 || riscv64 || s390x)

package capi

import "github.com/pureedge/pureedge/internal/binary"

// A small Wasm binary writer for the test guest.

const (
	tI32  = 0x7F
	tI64  = 0x7E
	tF32  = 0x7D
	tF64  = 0x7C
	tV128 = 0x7B
	tExt  = 0x6F
)

func uleb(v uint64) []byte { return binary.AppendU64(nil, v) }

func sleb(v int64) []byte { return binary.AppendS64(nil, v) }

func cat(parts ...[]byte) []byte {
	var out []byte
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

func vec(items [][]byte) []byte { return cat(uleb(uint64(len(items))), cat(items...)) }

func name(s string) []byte { return cat(uleb(uint64(len(s))), []byte(s)) }

type wasmModule struct {
	types   [][]byte
	imports [][]byte
	nimport uint32
	funcs   []uint32 // type index of each defined function
	codes   [][]byte
	exports [][]byte
	memory  []byte
	data    [][]byte
}

func (m *wasmModule) typ(params, results []byte) uint32 {
	t := cat([]byte{0x60}, uleb(uint64(len(params))), params, uleb(uint64(len(results))), results)
	for i, u := range m.types {
		if string(u) == string(t) {
			return uint32(i)
		}
	}
	m.types = append(m.types, t)
	return uint32(len(m.types) - 1)
}

// importFunc adds a function import; imports come before definitions.
func (m *wasmModule) importFunc(mod, field string, params, results []byte) uint32 {
	t := m.typ(params, results)
	m.imports = append(m.imports, cat(name(mod), name(field), []byte{0x00}, uleb(uint64(t))))
	m.nimport++
	return m.nimport - 1
}

// fn defines a function; locals are single locals of the given types.
func (m *wasmModule) fn(params, results, locals []byte, body ...[]byte) uint32 {
	m.funcs = append(m.funcs, m.typ(params, results))
	var groups [][]byte
	for _, l := range locals {
		groups = append(groups, []byte{1, l})
	}
	code := cat(vec(groups), cat(body...), []byte{0x0B})
	m.codes = append(m.codes, cat(uleb(uint64(len(code))), code))
	return m.nimport + uint32(len(m.funcs)) - 1
}

func (m *wasmModule) exportFunc(n string, idx uint32) {
	m.exports = append(m.exports, cat(name(n), []byte{0x00}, uleb(uint64(idx))))
}

func (m *wasmModule) exportMemory(n string) {
	m.exports = append(m.exports, cat(name(n), []byte{0x02, 0x00}))
}

func (m *wasmModule) bytes() []byte {
	section := func(id byte, body []byte) []byte { return cat([]byte{id}, uleb(uint64(len(body))), body) }
	var funcs [][]byte
	for _, t := range m.funcs {
		funcs = append(funcs, uleb(uint64(t)))
	}
	out := cat([]byte("\x00asm"), []byte{1, 0, 0, 0},
		section(1, vec(m.types)),
		section(2, vec(m.imports)),
		section(3, vec(funcs)))
	if m.memory != nil {
		out = cat(out, section(5, vec([][]byte{m.memory})))
	}
	out = cat(out, section(7, vec(m.exports)), section(10, vec(m.codes)))
	if len(m.data) > 0 {
		out = cat(out, section(11, vec(m.data)))
	}
	return out
}

// Instructions.
func localGet(i uint32) []byte { return cat([]byte{0x20}, uleb(uint64(i))) }
func localSet(i uint32) []byte { return cat([]byte{0x21}, uleb(uint64(i))) }
func localTee(i uint32) []byte { return cat([]byte{0x22}, uleb(uint64(i))) }
func call(f uint32) []byte     { return cat([]byte{0x10}, uleb(uint64(f))) }
func i32Const(v int32) []byte  { return cat([]byte{0x41}, sleb(int64(v))) }

var (
	i32Add     = []byte{0x6A}
	i32Sub     = []byte{0x6B}
	i32Mul     = []byte{0x6C}
	i32Eqz     = []byte{0x45}
	unreach    = []byte{0x00}
	block      = []byte{0x02, 0x40}
	loop       = []byte{0x03, 0x40}
	end        = []byte{0x0B}
	memoryGrow = []byte{0x40, 0x00}
)

func br(depth uint32) []byte   { return cat([]byte{0x0C}, uleb(uint64(depth))) }
func brIf(depth uint32) []byte { return cat([]byte{0x0D}, uleb(uint64(depth))) }

func v128Zero() []byte { return cat([]byte{0xFD, 0x0C}, make([]byte, 16)) }

func i64x2Replace(lane byte) []byte { return []byte{0xFD, 0x1E, lane} }
func i64x2Extract(lane byte) []byte { return []byte{0xFD, 0x1D, lane} }
