package binary

import (
	"fmt"
	"iter"

	"github.com/pureedge/pureedge/internal/errcode"
)

// Function bodies. The decoder skips them (wazero validates them); these
// readers walk a body's instructions for the few facts PureEdge needs that
// wazero does not report: which table instructions a function has (to tell
// apart the table traps wazero reports as one) and the alignment of atomic
// accesses (which WasmEdge requires to be natural, and wazero does not
// check). A walk reads each instruction's immediates and allocates nothing.

// Body returns the body (locals and code) of the defined function def
// (indexed without the imported functions), or nil.
func (m *Module) Body(bin []byte, def uint32) []byte {
	if def >= m.CodeCount {
		return nil
	}
	for i, body := range m.Bodies(bin) {
		if i == def {
			return body
		}
	}
	return nil
}

// Bodies yields the body (locals and code) of each defined function in
// order, with its index without the imported functions, in one pass over
// the code section (a loop over Body would be quadratic in the number of
// functions). It stops at a body that does not fit the section.
func (m *Module) Bodies(bin []byte) iter.Seq2[uint32, []byte] {
	return func(yield func(uint32, []byte) bool) {
		if m.CodeEnd == 0 || int(m.CodeEnd) > len(bin) {
			return
		}
		r := reader{b: bin[:m.CodeEnd], pos: int(m.CodeStart)}
		if _, err := r.u32(); err != nil { // the count
			return
		}
		for i := uint32(0); i < m.CodeCount; i++ {
			size, err := r.u32()
			if err != nil {
				return
			}
			start := r.pos
			if r.skip(uint64(size)) != nil || !yield(i, bin[start:r.pos]) {
				return
			}
		}
	}
}

// BodyFacts are what a walk of a function body found.
type BodyFacts struct {
	// CallIndirect: call_indirect or return_call_indirect, through table
	// IndirectTable (the last one seen; IndirectTables says several).
	CallIndirect   bool
	IndirectTable  uint32
	IndirectTables bool
	// TableWrite: an instruction that writes to or grows a table.
	TableWrite bool
	// TableAccess: table.get, table.set, table.init, table.copy or
	// table.fill (the instructions that trap on an index past a table).
	TableAccess bool
}

// Walk reads a function body (as Body returns it) instruction by
// instruction. It fails with WasmEdge's code on a malformed memory
// immediate (an alignment exponent of 32 or more: "malformed memop flags")
// and, when threads is set, on an atomic access whose alignment is not
// natural (InvalidAlignment, "atomic alignment must be natural"). An opcode
// it does not know ends the walk without an error, with known false: the
// facts then cover only the code before it.
func Walk(body []byte, threads bool) (facts BodyFacts, known bool, err error) {
	r := reader{b: body}
	n, lerr := r.u32() // local declarations
	for i := uint32(0); lerr == nil && i < n; i++ {
		if _, lerr = r.u32(); lerr == nil {
			_, lerr = r.valType()
		}
	}
	for lerr == nil && r.pos < len(r.b) {
		var ok bool
		ok, lerr = r.instr(&facts, threads)
		if lerr == nil && !ok {
			return facts, false, nil
		}
	}
	if lerr != nil {
		if lerr.code == errcode.InvalidAlignment || lerr.code == errcode.MalformedMemoryOpFlags {
			return facts, true, errcode.New(lerr.code, fmt.Sprintf("code offset %d: %s", lerr.off, lerr.note))
		}
		return facts, false, nil // malformed otherwise: wazero reports it
	}
	return facts, true, nil
}

// blockType reads a block type: 0x40, a value type, or a type index.
func (r *reader) blockType() *loadError {
	if r.pos >= len(r.b) {
		return r.eof()
	}
	switch b := r.b[r.pos]; {
	case b == 0x40 || (b >= 0x6F && b <= 0x7F):
		r.pos++
		return nil
	case b == 0x63 || b == 0x64:
		_, err := r.valType()
		return err
	}
	// A type index, as a signed 33-bit integer.
	_, err := r.sleb(33)
	return err
}

// memarg reads a memory immediate and returns its alignment exponent.
func (r *reader) memarg() (uint32, *loadError) {
	off := r.pos
	align, err := r.u32()
	if err != nil {
		return 0, err
	}
	if align&0x40 != 0 { // multi-memory: a memory index follows
		align &^= 0x40
		if _, err := r.u32(); err != nil {
			return 0, err
		}
	}
	if align >= 32 {
		return 0, r.fail(errcode.MalformedMemoryOpFlags, off, "alignment exponent %d", align)
	}
	_, err = r.uleb(64) // offset
	return align, err
}

// u32s reads n unsigned LEB128 immediates.
func (r *reader) u32s(n int) *loadError {
	for range n {
		if _, err := r.u32(); err != nil {
			return err
		}
	}
	return nil
}

// instr reads one instruction; ok is false for an opcode it does not know.
func (r *reader) instr(f *BodyFacts, threads bool) (ok bool, err *loadError) {
	op, err := r.byte()
	if err != nil {
		return false, err
	}
	switch {
	case op <= 0x01, op == 0x05, op == 0x0A, op == 0x0B, op == 0x0F, op == 0x19, op == 0x1A, op == 0x1B,
		op >= 0x45 && op <= 0xC4, op == 0xD1, op == 0xD3, op == 0xD5:
		return true, nil
	case op >= 0x02 && op <= 0x04, op == 0x06:
		return true, r.blockType()
	case op >= 0x07 && op <= 0x09, op == 0x0C, op == 0x0D, op == 0x10, op == 0x12, op == 0x14, op == 0x15,
		op == 0x18, op >= 0x20 && op <= 0x24, op == 0x3F, op == 0x40, op == 0xD2, op == 0xD4, op == 0xD6:
		_, err = r.u32()
		return true, err
	case op == 0x0E: // br_table
		n, err := r.u32()
		if err != nil {
			return false, err
		}
		return true, r.u32s(int(min(n, uint32(len(r.b)))) + 1)
	case op == 0x11 || op == 0x13: // call_indirect, return_call_indirect
		if _, err := r.u32(); err != nil {
			return false, err
		}
		t, err := r.u32()
		if f.CallIndirect && t != f.IndirectTable {
			f.IndirectTables = true
		}
		f.CallIndirect, f.IndirectTable = true, t
		return true, err
	case op == 0x1C: // select t*
		n, err := r.u32()
		for i := uint32(0); err == nil && i < n; i++ {
			_, err = r.valType()
		}
		return true, err
	case op == 0x25 || op == 0x26: // table.get, table.set
		f.TableAccess = true
		f.TableWrite = f.TableWrite || op == 0x26
		_, err = r.u32()
		return true, err
	case op >= 0x28 && op <= 0x3E:
		_, err = r.memarg()
		return true, err
	case op == 0x41:
		_, err = r.sleb(32)
		return true, err
	case op == 0x42:
		_, err = r.sleb(64)
		return true, err
	case op == 0x43:
		return true, r.skip(4)
	case op == 0x44:
		return true, r.skip(8)
	case op == 0xD0: // ref.null ht
		_, err = r.sleb(33)
		return true, err
	case op == 0xFC:
		return r.instrFC(f)
	case op == 0xFD:
		return r.instrSIMD()
	case op == 0xFE:
		return r.instrAtomic(threads)
	}
	return false, nil
}

func (r *reader) instrFC(f *BodyFacts) (bool, *loadError) {
	sub, err := r.u32()
	if err != nil {
		return false, err
	}
	switch {
	case sub <= 7: // saturating truncations
		return true, nil
	case sub == 8, sub == 10, sub == 12, sub == 14: // memory.init, memory.copy, table.init, table.copy
		f.TableAccess = f.TableAccess || sub >= 12
		f.TableWrite = f.TableWrite || sub >= 12
		return true, r.u32s(2)
	case sub == 9, sub == 11, sub == 13, sub == 15, sub == 16, sub == 17:
		f.TableAccess = f.TableAccess || sub == 17            // table.fill
		f.TableWrite = f.TableWrite || sub == 15 || sub == 17 // table.grow, table.fill
		_, err = r.u32()
		return true, err
	}
	return false, nil
}

func (r *reader) instrSIMD() (bool, *loadError) {
	sub, err := r.u32()
	if err != nil {
		return false, err
	}
	switch {
	case sub <= 11 || sub == 92 || sub == 93: // loads and stores
		_, err = r.memarg()
	case sub == 12 || sub == 13: // v128.const, i8x16.shuffle
		err = r.skip(16)
	case sub >= 21 && sub <= 34: // extract and replace lane
		err = r.skip(1)
	case sub >= 84 && sub <= 91: // load and store lane
		if _, err = r.memarg(); err == nil {
			err = r.skip(1)
		}
	case sub > 0x113:
		return false, nil
	}
	return true, err
}

// atomicAlign is the natural alignment exponent of the atomic accesses from
// 0x10 on, in groups of seven: i32, i64, i32 8-bit, i32 16-bit, i64 8-bit,
// i64 16-bit, i64 32-bit.
var atomicAlign = [7]uint32{2, 3, 0, 1, 0, 1, 2}

func (r *reader) instrAtomic(threads bool) (bool, *loadError) {
	sub, err := r.u32()
	if err != nil {
		return false, err
	}
	var natural uint32
	switch {
	case sub == 0x03: // atomic.fence
		return true, r.skip(1)
	case sub == 0x00 || sub == 0x01: // memory.atomic.notify, wait32
		natural = 2
	case sub == 0x02: // wait64
		natural = 3
	case sub >= 0x10 && sub <= 0x4E:
		natural = atomicAlign[(sub-0x10)%7]
	default:
		return false, nil
	}
	off := r.pos
	align, err := r.memarg()
	if err != nil {
		return false, err
	}
	if threads && align != natural {
		return false, r.fail(errcode.InvalidAlignment, off, "atomic 0xFE %#x: alignment 2^%d, natural 2^%d", sub, align, natural)
	}
	return true, nil
}

// FuncIndexByName returns the index (in the function index space) that the
// name section's function names give name, if any.
func (m *Module) FuncIndexByName(name string) (uint32, bool) {
	for _, c := range m.Customs {
		if c.Name != "name" {
			continue
		}
		r := reader{b: c.Data}
		for r.pos < len(r.b) {
			id, err := r.byte()
			if err != nil {
				return 0, false
			}
			size, err := r.u32()
			if err != nil {
				return 0, false
			}
			sub, err := r.bytes(uint64(size))
			if err != nil {
				return 0, false
			}
			if id != 1 { // function names
				continue
			}
			s := reader{b: sub}
			n, err := s.u32()
			for i := uint32(0); err == nil && i < n; i++ {
				var idx uint32
				var fn string
				if idx, err = s.u32(); err == nil {
					if fn, err = s.name(); err == nil && fn == name {
						return idx, true
					}
				}
			}
		}
	}
	return 0, false
}

// TableFull reports whether the module's table t can hold no null element
// when a function runs: it is the module's own, not exported (nothing else
// can write it), no function writes or grows it, and its active segments,
// all of function indices at constant offsets, cover every slot of its
// initial size. A call_indirect through a full table that traps on the
// table therefore had an index past it. It walks every body.
func (m *Module) TableFull(bin []byte, t uint32) bool {
	imported := m.ImportCount(ExternTable)
	if t < imported || t-imported >= uint32(len(m.Tables)) {
		return false
	}
	for _, e := range m.Exports {
		if e.Kind == ExternTable && e.Index == t {
			return false
		}
	}
	size := m.Tables[t-imported].Limits.Min
	if size > 1<<16 {
		return false
	}
	covered := make([]bool, size)
	for _, e := range m.Elems {
		if e.Table != t {
			continue
		}
		if e.Offset.Kind != InitI32 || !e.FuncIndices {
			return false
		}
		for i := uint64(0); i < uint64(e.Count); i++ {
			if o := e.Offset.Bits + i; o < uint64(size) {
				covered[o] = true
			}
		}
	}
	for _, c := range covered {
		if !c {
			return false
		}
	}
	walked := uint32(0)
	for _, body := range m.Bodies(bin) {
		f, known, _ := Walk(body, false)
		if !known || f.TableWrite {
			return false
		}
		walked++
	}
	return walked == m.CodeCount // a body that does not fit is unknown
}

// ElemOutOfBounds returns the first active element segment that cannot fit
// its table when the module is instantiated, as far as the module alone
// tells: a segment of one of the module's own tables (whose size is then
// its minimum) at a constant offset. Segments of imported tables, and
// offsets read from globals, are not checked.
func (m *Module) ElemOutOfBounds() (ActiveElem, bool) {
	imported := m.ImportCount(ExternTable)
	for _, e := range m.Elems {
		if e.Table < imported || e.Table-imported >= uint32(len(m.Tables)) || e.Offset.Kind != InitI32 {
			continue
		}
		if e.Offset.Bits+uint64(e.Count) > uint64(m.Tables[e.Table-imported].Limits.Min) {
			return e, true
		}
	}
	return ActiveElem{}, false
}

// SharedLimits reports whether a table or memory of the module (defined or
// imported) has the shared flag, and whether one of those has no maximum.
func (m *Module) SharedLimits() (shared, noMax bool) {
	check := func(l Limits) {
		if l.Shared {
			shared = true
			noMax = noMax || !l.HasMax
		}
	}
	for _, t := range m.Tables {
		check(t.Limits)
	}
	for _, mem := range m.Memories {
		check(mem.Limits)
	}
	for _, im := range m.Imports {
		switch im.Kind {
		case ExternTable:
			check(im.Table.Limits)
		case ExternMemory:
			check(im.Memory.Limits)
		}
	}
	return shared, noMax
}
