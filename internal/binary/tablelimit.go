package binary

import "slices"

// DefaultTableLimit is the default element limit of the tables a module
// defines: 10,000,000 (80 MB of references), far above what compilers emit.
const DefaultTableLimit = 10_000_000

// ForEngine returns the bytes to give the engine for a module decoded from
// bin: bin itself, or a copy in which
//
//   - a "name" section that is not well formed is renamed to "nam\x00" (the
//     same length), so that the engine skips it, as WasmEdge does, instead
//     of allocating by its counts;
//   - the maximum of every table the module defines is at most tableLimit
//     elements (0 means DefaultTableLimit), so that table.grow past it
//     fails with -1, as the spec allows, instead of allocating without
//     bound. A table whose minimum exceeds the limit keeps its minimum as
//     its maximum (it cannot grow). Tables with an initializer (typed
//     function references) are left as they are.
func (m *Module) ForEngine(bin []byte, tableLimit uint32) []byte {
	return m.forEngine(bin, tableLimit, false)
}

// ForEngineFitting is ForEngine, and raises the minimum of each table the
// module defines to what its active element segments need (up to the
// table limit). It is for an engine that checks the segments against the
// minimum when compiling (wazero without reference-types), where WasmEdge
// checks them when instantiating: a module compiled from these bytes must
// not be instantiated (ElemOutOfBounds reports the segment that does not
// fit, which is the instantiation error). A segment that no table could
// hold (a negative offset, elem.wast:212) gets offset 0 in these bytes
// instead, its i32.const rewritten in place at the same length.
func (m *Module) ForEngineFitting(bin []byte, tableLimit uint32) []byte {
	return m.forEngine(bin, tableLimit, true)
}

func (m *Module) forEngine(bin []byte, tableLimit uint32, fit bool) []byte {
	if tableLimit == 0 {
		tableLimit = DefaultTableLimit
	}
	capped, changed := m.cappedTables(uint64(tableLimit))
	var zero []uint32 // offset expressions to rewrite as i32.const 0
	if fit && !m.TableInit && m.TableSection[1] != 0 {
		if capped == nil {
			capped = slices.Clone(m.Tables)
		}
		imported := m.ImportCount(ExternTable)
		for _, e := range m.Elems {
			if e.Table < imported || e.Table-imported >= uint32(len(capped)) || e.Offset.Kind != InitI32 {
				continue
			}
			t := &capped[e.Table-imported]
			need := uint64(uint32(e.Offset.Bits)) + uint64(e.Count)
			if need > uint64(tableLimit) && zeroableOffset(bin, e.OffsetAt) {
				zero = append(zero, e.OffsetAt)
				need = uint64(e.Count)
			}
			if need > t.Limits.Min && need <= uint64(tableLimit) {
				t.Limits.Min = need
				if t.Limits.HasMax && t.Limits.Max < need {
					t.Limits.Max = need
				}
				changed = true
			}
		}
	}
	if len(m.BadNames) == 0 && !changed && len(zero) == 0 {
		return bin
	}
	// One copy: the new table section is spliced in as the module is
	// copied, and what follows it is patched where it has moved to.
	var out []byte
	shift := func(at int) int { return at } // bin offset -> out offset
	if changed {
		sec := AppendSection(nil, SectionTable, AppendVec(nil, capped, AppendTableType))
		start, end := m.TableSection[0], m.TableSection[1]
		out = make([]byte, 0, len(bin)-int(end-start)+len(sec))
		out = append(append(append(out, bin[:start]...), sec...), bin[end:]...)
		delta := len(sec) - int(end-start)
		shift = func(at int) int {
			if at >= int(end) {
				return at + delta
			}
			return at // before the table section (never inside it)
		}
	} else {
		out = append([]byte(nil), bin...)
	}
	for _, at := range m.BadNames {
		out[shift(at)+4] = 0 // "name" -> "nam\x00"
	}
	for _, at := range zero {
		r := reader{b: out, pos: shift(int(at)) + 1}
		start := r.pos
		_, _ = r.sleb(32) // zeroableOffset has read it
		for i := start; i < r.pos-1; i++ {
			out[i] = 0x80
		}
		out[r.pos-1] = 0
	}
	return out
}

// cappedTables returns the module's tables with their maximum capped at
// limit, and whether any changed.
func (m *Module) cappedTables(limit uint64) ([]TableType, bool) {
	if m.TableInit || m.TableSection[1] == 0 {
		return nil, false
	}
	changed := false
	out := make([]TableType, len(m.Tables))
	for i, t := range m.Tables {
		if !t.Limits.HasMax || t.Limits.Max > limit {
			t.Limits.HasMax, t.Limits.Max = true, max(limit, t.Limits.Min)
			changed = true
		}
		out[i] = t
	}
	return out, changed
}

// zeroableOffset reports whether bin holds at at an expression
// "i32.const n end" (n a valid signed LEB128), which can be rewritten in
// place as i32.const 0.
func zeroableOffset(bin []byte, at uint32) bool {
	if uint64(at) >= uint64(len(bin)) || bin[at] != opI32Const {
		return false
	}
	r := reader{b: bin, pos: int(at) + 1}
	if _, err := r.sleb(32); err != nil {
		return false
	}
	b, ok := r.peek()
	return ok && b == opEnd
}
