package meter

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"strings"

	"github.com/pureedge/pureedge/internal/binary"
)

// Names the instrumented module imports and exports. They start with
// ReservedPrefix, a NUL byte and "pureedge:", which no module made by a
// toolchain uses. A Wasm name may hold a NUL byte, though, so a module that
// names an export or an import module with the prefix is not rewritten
// (ErrReservedName): its names would collide with the rewrite's, and a
// hostile module could then make the rewrite fail and run without safe
// points.
const (
	ImportModule = ReservedPrefix + "meter"
	ImportCheck  = "check"
	ExportPoll   = ReservedPrefix + "meter.poll"
	ExportCount  = ReservedPrefix + "meter.count"
	ExportFuel   = ReservedPrefix + "meter.fuel"
	// ExportTableIndex is the global that, in a module rewritten with
	// NoTableChecks, holds the index of the instance's last call_indirect
	// (see tablecheck.go).
	ExportTableIndex = ReservedPrefix + "meter.tableindex"
)

// ReservedPrefix starts every name the rewrite adds to a module.
const ReservedPrefix = "\x00pureedge:"

// ErrReservedName is Instrument's error for a module that names an export
// or an import module with ReservedPrefix. The engine refuses such a module
// rather than run it without safe points.
var ErrReservedName = errors.New("the module uses a name reserved for PureEdge's instrumentation")

// PollSeg is the check function's argument at a safe point (as opposed to a
// segment whose cost exhausted the fuel).
const PollSeg = -1

// PollEvery is how many safe points (function entries and loop iterations,
// the latter counted loopIters at a time) pass between calls of the check
// function.
const PollEvery = 1 << 14

// Options select the instrumentation. Safe points are always there.
type Options struct {
	// Count counts executed instructions by WasmEdge's rule.
	Count bool
	// Cost charges each instruction's cost from Table (WasmEdge's layout:
	// indexed by its OpCode value; nil means 1 for every instruction).
	Cost  bool
	Table []uint64
	// NoTableChecks leaves out the table checks before indirect calls
	// (tablecheck.go), for an engine without the reference-types proposal:
	// each indirect call then records its index in the global exported as
	// ExportTableIndex instead.
	NoTableChecks bool
	// ImportRefs adds the globals through which the host tells references
	// to imported functions (see ImportRefName); it needs reference types.
	ImportRefs bool
}

// Plan describes an instrumented module: the segments of straight-line code
// that are charged at once, for the exact stop at a cost limit.
type Plan struct {
	Options
	// Segments lists, for each segment, the cost-table index of each of its
	// instructions in the order WasmEdge executes them.
	Segments [][]uint16
}

// Derived reports whether the instruction count is the cost of the Wasm
// code: with the default table every instruction costs 1, so counting and
// charging are one counter.
func (o Options) Derived() bool { return o.Count && o.Cost && o.Table == nil }

// FuelPolls reports whether the fuel checks are the safe points: when every
// instruction costs something, the fuel runs out at least every fuelSlice
// instructions, and the polls are left out.
func (o Options) FuelPolls() bool { return o.Cost && o.Table == nil }

// CostOf returns the cost of the instruction with cost-table index op.
func (p *Plan) CostOf(op uint16) uint64 {
	if p.Table == nil {
		return 1
	}
	if int(op) < len(p.Table) {
		return p.Table[op]
	}
	return 0
}

// Key identifies the instrumentation, for cache keys.
func (o Options) Key() [32]byte {
	h := sha256.New()
	fmt.Fprintf(h, "meter v4 count=%v cost=%v\n", o.Count, o.Cost)
	if o.NoTableChecks {
		fmt.Fprintf(h, "no table checks\n")
	}
	if o.ImportRefs {
		fmt.Fprintf(h, "import refs\n")
	}
	if o.Cost && o.Table != nil {
		var b [8]byte
		for _, c := range o.Table {
			for i := range b {
				b[i] = byte(c >> (8 * i))
			}
			h.Write(b[:])
		}
	}
	var k [32]byte
	h.Sum(k[:0])
	return k
}

type section struct {
	id      byte
	content []byte
}

// module is what the rewriter learns of a module before rewriting it.
type module struct {
	sections     []section
	types        [][]byte // each function type's results, encoded (count then types)
	typeParams   []uint32
	fullTypes    [][]byte // each function type after its 0x60 form
	importFuncs  uint32
	importGlobs  uint32
	funcTypes    []uint32 // type index of each defined function
	definedGlobs uint32
}

// Instrument rewrites a Wasm binary with safe points and, as opts asks,
// instruction counting and cost charging. Function indices of the module's
// own functions shift by one (the check function is imported after the
// module's imports); every reference to them is rewritten, the name section
// included, and functions without a name get "$N" with their original index
// so that stack traces read as before. Other indices, exports and custom
// sections are kept, except DWARF's (".debug_*"): their code addresses are
// offsets in the original code section, which the rewrite moves, so that
// the engine would print wrong source lines with them. An error means the module is malformed or uses
// instructions the rewriter does not follow; the caller should then compile
// the module as given and let the engine report it.
func Instrument(bin []byte, opts Options) ([]byte, *Plan, error) {
	m, err := parse(bin)
	if err != nil {
		return nil, nil, err
	}
	plan := &Plan{Options: opts}
	w := &writer{m: m, plan: plan, opts: opts}
	return w.write(bin[:8]), plan, w.err
}

func parse(bin []byte) (*module, error) {
	if len(bin) < 8 || string(bin[:4]) != "\x00asm" || string(bin[4:8]) != "\x01\x00\x00\x00" {
		return nil, fmt.Errorf("%w: header", errMalformed)
	}
	r := &rd{b: bin, pos: 8}
	m := &module{}
	for !r.done() {
		id := r.byte()
		size := r.u32()
		content := r.bytes(uint64(size))
		if r.err != nil {
			return nil, r.err
		}
		m.sections = append(m.sections, section{id, content})
		var err error
		switch id {
		case 1:
			err = m.parseTypes(content)
		case 2:
			err = m.parseImports(content)
		case 3:
			err = m.parseFuncs(content)
		case 6:
			s := &rd{b: content}
			m.definedGlobs = s.u32()
			err = s.err
		case 12:
			// Exactly one count: wazero accepts an empty section by
			// reading on past it, into what the rewrite appends.
			s := &rd{b: content}
			s.u32()
			if s.err == nil && !s.done() {
				s.fail("data count section of %d bytes", len(content))
			}
			err = s.err
		}
		if err != nil {
			return nil, err
		}
	}
	return m, nil
}

func (m *module) parseTypes(b []byte) error {
	r := &rd{b: b}
	n := r.u32()
	for i := uint32(0); i < n && r.err == nil; i++ {
		if f := r.byte(); f != 0x60 {
			r.fail("type form 0x%02x", f)
			break
		}
		full := r.pos
		np := r.u32()
		for j := uint32(0); j < np && r.err == nil; j++ {
			r.valType()
		}
		start := r.pos
		nr := r.u32()
		for j := uint32(0); j < nr && r.err == nil; j++ {
			r.valType()
		}
		m.typeParams = append(m.typeParams, np)
		m.types = append(m.types, b[start:r.pos])
		m.fullTypes = append(m.fullTypes, b[full:r.pos])
	}
	return r.err
}

func (m *module) parseImports(b []byte) error {
	r := &rd{b: b}
	n := r.u32()
	for i := uint32(0); i < n && r.err == nil; i++ {
		if mod := r.bytes(uint64(r.u32())); strings.HasPrefix(string(mod), ReservedPrefix) {
			return fmt.Errorf("%w: import module %q", ErrReservedName, mod)
		}
		r.bytes(uint64(r.u32()))
		switch kind := r.byte(); kind {
		case 0:
			if t := r.u32(); int(t) >= len(m.types) {
				r.fail("type index %d", t)
			}
			m.importFuncs++
		case 1:
			r.valType()
			r.limits()
		case 2:
			r.limits()
		case 3:
			r.valType()
			r.byte()
			m.importGlobs++
		case 4:
			r.byte()
			r.u32()
		default:
			r.fail("import kind %d", kind)
		}
	}
	return r.err
}

func (m *module) parseFuncs(b []byte) error {
	r := &rd{b: b}
	n := r.u32()
	for i := uint32(0); i < n && r.err == nil; i++ {
		t := r.u32()
		if int(t) >= len(m.types) {
			r.fail("type index %d", t)
		}
		m.funcTypes = append(m.funcTypes, t)
	}
	return r.err
}

// writer writes the instrumented module.
type writer struct {
	m        *module
	plan     *Plan
	opts     Options
	err      error
	extra    [][]byte // function types added for wrapper blocks
	checkIdx uint32   // type index of the check function
	// hadNames and namedFuncs record whether the module has a name section
	// and a function name map in it.
	hadNames, namedFuncs bool
	// globals of the meter, by index, and the first global after them
	gPoll, gCount, gFuel, gTableIndex, gNext uint32
	// ins and out are the buffers of the function body being rewritten,
	// kept for the next one (a body's output is copied out at once).
	ins []instr
	out []byte
}

func (w *writer) fn(idx uint32) uint32 {
	if idx >= w.m.importFuncs {
		return idx + 1
	}
	return idx
}

func (w *writer) stats() bool { return w.opts.Count || w.opts.Cost }

// Section order of the sections the rewriter may have to create.
var order = map[byte]int{1: 1, 2: 2, 3: 3, 4: 4, 5: 5, 13: 6, 6: 7, 7: 8, 8: 9, 9: 10, 12: 11, 10: 12, 11: 13}

func (w *writer) write(header []byte) []byte {
	m := w.m
	base := m.importGlobs + m.definedGlobs
	w.gPoll, w.gCount, w.gFuel, w.gNext = base, base+1, base+2, base+3
	if w.opts.NoTableChecks {
		w.gTableIndex, w.gNext = w.gNext, w.gNext+1
	}
	w.checkIdx = w.checkType()
	// The code section is rewritten first: it decides the extra types.
	code := map[int][]byte{}
	for i, s := range m.sections {
		if s.id == 10 {
			code[i] = w.code(s.content)
		}
	}
	// The sections are collected first and copied out once, into a
	// buffer that holds them all.
	type section struct {
		id      byte
		content []byte
	}
	var sections []section
	size := len(header)
	have := map[byte]bool{}
	emit := func(id byte, content []byte) {
		sections = append(sections, section{id, content})
		size += 1 + 5 + len(content) // id, length (at most 5 bytes), content
	}
	// missing emits the sections the rewriter needs that the module lacks,
	// in their place before a section of order o.
	missing := func(o int) {
		for _, id := range []byte{1, 2, 6, 7} {
			if !have[id] && order[id] < o {
				have[id] = true
				if c := w.section(id, nil); c != nil {
					emit(id, c)
				}
			}
		}
	}
	for i, s := range m.sections {
		if s.id != 0 {
			missing(order[s.id])
			have[s.id] = true
		}
		switch s.id {
		case 10:
			emit(10, code[i])
		case 0:
			if c := w.custom(s.content); c != nil {
				emit(0, c)
			}
		default:
			if c := w.section(s.id, s.content); c != nil {
				emit(s.id, c)
			} else {
				emit(s.id, s.content)
			}
		}
	}
	missing(100)
	if !w.hadNames {
		emit(0, w.nameSection())
	}
	out := append(make([]byte, 0, size), header...)
	for _, s := range sections {
		out = binary.AppendSection(out, binary.SectionID(s.id), s.content)
	}
	return out
}

// section rewrites a known section (content nil: the section is missing and
// created). It returns nil to keep the section as it is.
func (w *writer) section(id byte, content []byte) []byte {
	switch id {
	case 1:
		if len(w.extra) == 0 {
			return nil
		}
		r, _, out := grow(content, uint32(len(w.extra)))
		out = append(out, content[r.pos:]...)
		for _, res := range w.extra {
			out = append(append(out, 0x60), res...)
		}
		return out
	case 2:
		r, _, out := grow(content, 1)
		out = append(out, content[r.pos:]...)
		out = binary.AppendName(out, ImportModule)
		out = binary.AppendName(out, ImportCheck)
		out = append(out, 0)
		return binary.AppendU32(out, w.checkIdx)
	case 6:
		return w.globals(content)
	case 7:
		return w.exports(content)
	case 8:
		r := &rd{b: content}
		idx := r.u32()
		w.keep(r.err)
		return binary.AppendU32(nil, w.fn(idx))
	case 9:
		return w.elements(content)
	}
	return nil
}

func (w *writer) keep(err error) {
	if w.err == nil && err != nil {
		w.err = err
	}
}

// checkType is the type index of the check function, (i32) -> (): the
// module's own such type, or one added.
func (w *writer) checkType() uint32 {
	for i, enc := range w.m.fullTypes {
		if string(enc) == "\x01\x7f\x00" {
			return uint32(i)
		}
	}
	return w.addType([]byte{1, 0x7f, 0})
}

// addType adds a function type (its params and results, encoded after the
// 0x60 form) unless it was added before, and returns its index.
func (w *writer) addType(enc []byte) uint32 {
	for i, e := range w.extra {
		if string(e) == string(enc) {
			return uint32(len(w.m.types) + i)
		}
	}
	w.extra = append(w.extra, enc)
	return uint32(len(w.m.types) + len(w.extra) - 1)
}
