package binary

import (
	"github.com/pureedge/pureedge/internal/errcode"
)

// Features are the proposals whose instructions a function body may use.
// Decode reads every body as WasmEdge's loader does, and an instruction of
// a proposal that is off is an illegal opcode, as there.
type Features uint32

// The proposals that change how function bodies are read.
const (
	FeatureSignExtension Features = 1 << iota
	FeatureSatConversion
	FeatureBulkMemory
	FeatureReferenceTypes
	FeatureSIMD
	FeatureMultiValue
	FeatureThreads
	FeatureTailCall
	FeatureFunctionReferences
	FeatureExceptions
	FeatureMultiMemory
	FeatureMemory64
)

// Wasm2 is the Wasm 2.0 standard: WasmEdge's default proposals.
const Wasm2 = FeatureSignExtension | FeatureSatConversion | FeatureBulkMemory |
	FeatureReferenceTypes | FeatureSIMD | FeatureMultiValue

// DefaultFeatures are what Decode reads bodies with: Wasm 2.0 and the
// proposals whose instructions WasmEdge's loader knows beyond it (threads,
// tail calls, typed function references, exception handling), so that only
// an opcode no configuration allows is refused at loading. Multiple memories
// are off: they change what a memory immediate means. (Memory64 is on for
// the limits flags only: memory immediates keep 32-bit offsets.)
const DefaultFeatures = Wasm2 | FeatureThreads | FeatureTailCall | FeatureFunctionReferences | FeatureExceptions |
	FeatureMemory64

// Kinds of open blocks on bodyState.blocks.
const (
	blockPlain  byte = iota // block, loop, try_table
	blockIf                 // if, before its else
	blockIfElse             // if, after its else
)

// bodyState is what reading function bodies needs beyond the reader: the
// open blocks (a scratch stack reused from body to body).
type bodyState struct {
	feat    Features
	hasData bool // a data count section came before the code
	blocks  []byte
	// tables is the number of tables (imported and defined); fn the index
	// of the body read (among the defined functions); badTableInit as
	// Module.BadTableInit.
	tables, fn, badTableInit uint32
}

// loadBody reads one function body as WasmEdge's loader does
// (Loader::loadSegment(CodeSegment), loadInstrSeq, loadInstruction): its
// locals, then instruction after instruction up to the end of the function,
// bounded by the input, not by the body's size. The instructions must end
// exactly at bound (start + the declared size): short of it is
// JunkSection, past it SectionSizeMismatch, as in WasmEdge. Errors are
// WasmEdge's load codes: an opcode it does not know (or of a proposal that
// is off) IllegalOpCode, an else out of place IllegalOpCode (ENDCodeExpected
// past the body), an immediate cut short UnexpectedEnd, a memory
// immediate's alignment of 2^32 or more MalformedMemoryOpFlags, a non-zero
// reserved byte ExpectedZeroByte, memory.init or data.drop without a data
// count section DataCountRequired. Nothing is allocated but the block stack.
func (s *bodyState) loadBody(b []byte, start, bound int) *loadError {
	r := reader{b: b, pos: start}
	n, err := r.vecCount()
	if err != nil {
		return err
	}
	for range n {
		if _, err := r.u32(); err != nil {
			return err
		}
		if _, err := r.valType(); err != nil {
			return err
		}
	}
	return s.instrSeq(&r, bound)
}

// instrSeq reads instructions from r up to the end that closes the
// sequence. A bound of zero or more is where that end must leave r (a
// function body's end); a negative one is none (a constant expression).
func (s *bodyState) instrSeq(r *reader, bound int) *loadError {
	s.blocks = s.blocks[:0]
	b := r.b
	p := r.pos
	for {
		if p >= len(b) {
			r.pos = p
			return r.eof()
		}
		off := p
		op := b[p]
		p++
		// The fast path: instructions without immediates, or with
		// immediates in their short forms, which need no check; plain
		// blocks and the ends of blocks. Everything else takes the full
		// path below.
		switch opClass[op] {
		case classNone:
			continue
		case classIndex:
			if p < len(b) && b[p] < 0x80 {
				p++
				continue
			}
			if n := shortLEB(b, p); n > 0 {
				p += n
				continue
			}
		case classMemarg:
			if p < len(b) && b[p] < 32 {
				if n := shortLEB(b, p+1); n > 0 {
					p += 1 + n
					continue
				}
			}
		case classF32:
			if p+4 <= len(b) {
				p += 4
				continue
			}
		case classF64:
			if p+8 <= len(b) {
				p += 8
				continue
			}
		case classBlock:
			if p < len(b) && b[p] == 0x40 {
				p++
				s.blocks = append(s.blocks, blockPlain)
				continue
			}
		case classEnd:
			if len(s.blocks) > 0 {
				s.blocks = s.blocks[:len(s.blocks)-1]
				continue
			}
		}
		r.pos = p
		switch op {
		case 0x02, 0x03, 0x04, 0x1F: // block, loop, if, try_table
			kind := blockPlain
			if op == 0x04 {
				kind = blockIf
			}
			s.blocks = append(s.blocks, kind)
		case 0x05: // else
			if len(s.blocks) == 0 || s.blocks[len(s.blocks)-1] != blockIf {
				if bound >= 0 && r.pos > bound {
					return r.fail(errcode.ENDCodeExpected, off, "else out of place, past the body")
				}
				return r.fail(errcode.IllegalOpCode, off, "else out of place")
			}
			s.blocks[len(s.blocks)-1] = blockIfElse
		case 0x0B: // end
			if len(s.blocks) > 0 {
				s.blocks = s.blocks[:len(s.blocks)-1]
				continue
			}
			switch {
			case bound < 0:
			case r.pos < bound:
				return r.fail(errcode.JunkSection, r.pos, "the function ends %d bytes before its body", bound-r.pos)
			case r.pos > bound:
				return r.fail(errcode.SectionSizeMismatch, r.pos, "the function ends %d bytes past its body", r.pos-bound)
			}
			return nil
		}
		if err := s.immediates(r, op, off); err != nil {
			return err
		}
		p = r.pos
	}
}

// Classes of single-byte opcodes for instrSeq's fast path.
const (
	classOther  byte = iota // block structure, proposals, prefixes: the full path
	classNone               // no immediates, in every configuration
	classIndex              // one LEB128: an index (u32) or a signed 32- or 64-bit constant
	classMemarg             // a memory immediate
	classF32                // four bytes
	classF64                // eight bytes
	classBlock              // block, loop
	classEnd                // end
)

// shortLEB returns the length of the LEB128 at b[p] if it takes one to three
// bytes (then it is in range as a u32, an s32 and an s64 alike), else 0.
func shortLEB(b []byte, p int) int {
	switch {
	case p >= len(b):
	case b[p] < 0x80:
		return 1
	case p+1 >= len(b):
	case b[p+1] < 0x80:
		return 2
	case p+2 >= len(b):
	case b[p+2] < 0x80:
		return 3
	}
	return 0
}

var opClass = func() (c [256]byte) {
	for op := 0x45; op <= 0xBF; op++ {
		c[op] = classNone // numeric instructions
	}
	for _, op := range []int{0x00, 0x01, 0x0F, 0x1A, 0x1B} { // unreachable, nop, return, drop, select
		c[op] = classNone
	}
	for _, op := range []int{0x0C, 0x0D, 0x10, 0x20, 0x21, 0x22, 0x23, 0x24} { // br, br_if, call, local.*, global.*
		c[op] = classIndex
	}
	c[0x41], c[0x42] = classIndex, classIndex // i32.const, i64.const
	c[0x43], c[0x44] = classF32, classF64
	c[0x02], c[0x03], c[0x0B] = classBlock, classBlock, classEnd
	for op := 0x28; op <= 0x3E; op++ {
		c[op] = classMemarg
	}
	return c
}()

// vecCount reads a vector's count as WasmEdge's loadVecCnt does: a count
// more than twice the bytes left is an over-long integer.
func (r *reader) vecCount() (uint32, *loadError) {
	off := r.pos
	n, err := r.u32()
	if err != nil {
		return 0, err
	}
	if uint64(n)/2 > uint64(r.remaining()) {
		return 0, r.fail(errcode.IntegerTooLong, off, "vector of %d entries in %d bytes", n, r.remaining())
	}
	return n, nil
}

// illegal is the error for an opcode that is unknown or off.
func (r *reader) illegal(off int, what string, v uint32) *loadError {
	return r.fail(errcode.IllegalOpCode, off, "%s 0x%x", what, v)
}

// immediates reads the immediates of the instruction op (read at off).
func (s *bodyState) immediates(r *reader, op byte, off int) *loadError {
	has := func(f Features) bool { return s.feat&f != 0 }
	switch {
	case op <= 0x01, op == 0x05, op == 0x0B, op == 0x0F, op == 0x1A, op == 0x1B, op >= 0x45 && op <= 0xBF:
		return nil
	case op >= 0xC0 && op <= 0xC4:
		if !has(FeatureSignExtension) {
			return r.illegal(off, "sign-extension opcode", uint32(op))
		}
		return nil
	case op >= 0x02 && op <= 0x04:
		return s.blockType(r)
	case op == 0x1F || op == 0x08 || op == 0x0A: // try_table, throw, throw_ref
		if !has(FeatureExceptions) {
			return r.illegal(off, "exception-handling opcode", uint32(op))
		}
		switch op {
		case 0x08:
			_, err := r.u32()
			return err
		case 0x0A:
			return nil
		}
		return s.tryTable(r)
	case op == 0x0C, op == 0x0D, op == 0x10, op >= 0x20 && op <= 0x24:
		_, err := r.u32()
		return err
	case op == 0x0E: // br_table
		n, err := r.vecCount()
		if err != nil {
			return err
		}
		return r.u32s(int(n) + 1)
	case op == 0x12 || op == 0x13: // return_call, return_call_indirect
		if !has(FeatureTailCall) {
			return r.illegal(off, "tail-call opcode", uint32(op))
		}
		if op == 0x12 {
			_, err := r.u32()
			return err
		}
		return s.callIndirect(r)
	case op == 0x11:
		return s.callIndirect(r)
	case op == 0x14 || op == 0x15 || op >= 0xD4 && op <= 0xD6: // call_ref, return_call_ref, ref.as_non_null, br_on_(non_)null
		if !has(FeatureFunctionReferences) || op == 0x15 && !has(FeatureTailCall) {
			return r.illegal(off, "typed-function-references opcode", uint32(op))
		}
		if op == 0xD4 {
			return nil
		}
		_, err := r.u32()
		return err
	case op == 0x1C: // select t*
		if !has(FeatureReferenceTypes) {
			return r.illegal(off, "reference-types opcode", uint32(op))
		}
		n, err := r.vecCount()
		for i := uint32(0); err == nil && i < n; i++ {
			_, err = r.valType()
		}
		return err
	case op == 0x25 || op == 0x26: // table.get, table.set
		if !has(FeatureReferenceTypes) {
			return r.illegal(off, "reference-types opcode", uint32(op))
		}
		_, err := r.u32()
		return err
	case op >= 0x28 && op <= 0x3E:
		_, err := r.memargFor(has(FeatureMultiMemory))
		return err
	case op == 0x3F || op == 0x40: // memory.size, memory.grow
		return s.memIndex(r)
	case op == 0x41:
		_, err := r.sleb(32)
		return err
	case op == 0x42:
		_, err := r.sleb(64)
		return err
	case op == 0x43:
		return r.skip(4)
	case op == 0x44:
		return r.skip(8)
	case op >= 0xD0 && op <= 0xD2: // ref.null, ref.is_null, ref.func
		if !has(FeatureReferenceTypes) && !has(FeatureBulkMemory) {
			return r.illegal(off, "reference-types opcode", uint32(op))
		}
		switch op {
		case 0xD0:
			_, err := r.heapType()
			return err
		case 0xD2:
			_, err := r.u32()
			return err
		}
		return nil
	case op >= 0xFB:
		sub, err := r.u32()
		if err != nil {
			return err
		}
		switch op {
		case 0xFC:
			return s.prefixFC(r, sub, off)
		case 0xFD:
			return s.prefixFD(r, sub, off)
		case 0xFE:
			return s.prefixFE(r, sub, off)
		}
		return r.illegal(off, "GC opcode 0xFB", sub) // the GC proposal is not supported
	}
	return r.illegal(off, "opcode", uint32(op))
}

// blockType reads a block type as WasmEdge does: a signed 33-bit integer,
// negative for the empty type (0x40) or a value type, else a type index
// (multi-value only).
func (s *bodyState) blockType(r *reader) *loadError {
	start := r.pos
	v, err := r.sleb(33)
	if err != nil {
		return err
	}
	switch {
	case v < -64:
		return r.fail(errcode.MalformedValType, start, "block type %d", v)
	case v < 0:
		if byte(v&0x7F) == 0x40 {
			return nil
		}
		r.pos = start
		_, err = r.valType()
		return err
	case s.feat&FeatureMultiValue == 0:
		return r.fail(errcode.MalformedValType, start, "block type index %d without multi-value", v)
	}
	return nil
}

// tryTable reads try_table's catch clauses (after its block type).
func (s *bodyState) tryTable(r *reader) *loadError {
	if err := s.blockType(r); err != nil {
		return err
	}
	n, err := r.vecCount()
	if err != nil {
		return err
	}
	for range n {
		off := r.pos
		flag, err := r.byte()
		if err != nil {
			return err
		}
		if flag > 3 {
			return r.fail(errcode.MalformedCatchFlags, off, "catch flags 0x%x", flag)
		}
		reads := 1
		if flag&2 == 0 {
			reads = 2 // a tag index, then the label
		}
		if err := r.u32s(reads); err != nil {
			return err
		}
	}
	return nil
}

// callIndirect reads call_indirect's type and table indices. Without
// reference types the table index is a zero byte.
func (s *bodyState) callIndirect(r *reader) *loadError {
	if _, err := r.u32(); err != nil {
		return err
	}
	off := r.pos
	t, err := r.u32()
	if err != nil {
		return err
	}
	if (t > 0 || r.pos-off > 1) && s.feat&FeatureReferenceTypes == 0 {
		return r.fail(errcode.ExpectedZeroByte, off, "call_indirect table index without reference types")
	}
	return nil
}

// memIndex reads the memory index of memory.size, memory.grow and the
// bulk memory instructions: one zero byte unless multiple memories are on.
func (s *bodyState) memIndex(r *reader) *loadError {
	if s.feat&FeatureMultiMemory != 0 {
		_, err := r.u32()
		return err
	}
	off := r.pos
	c, err := r.byte()
	if err != nil {
		return err
	}
	if c != 0 {
		return r.fail(errcode.ExpectedZeroByte, off, "memory index byte 0x%02x", c)
	}
	return nil
}

// memargFor reads a memory immediate as WasmEdge does: with multiple
// memories, an alignment field of 64 or more carries a memory index; an
// alignment exponent of 32 or more is malformed.
func (r *reader) memargFor(multiMemory bool) (uint32, *loadError) {
	align, err := r.u32()
	if err != nil {
		return 0, err
	}
	if multiMemory && align >= 64 {
		align -= 64
		if _, err := r.u32(); err != nil {
			return 0, err
		}
	}
	if align >= 32 {
		return 0, r.fail(errcode.MalformedMemoryOpFlags, r.pos, "alignment exponent %d", align)
	}
	_, err = r.u32() // offset (memory64 is not supported)
	return align, err
}

func (s *bodyState) prefixFC(r *reader, sub uint32, off int) *loadError {
	switch {
	case sub <= 7:
		if s.feat&FeatureSatConversion == 0 {
			return r.illegal(off, "saturating-conversion opcode 0xFC", sub)
		}
		return nil
	case sub <= 14:
		if s.feat&(FeatureReferenceTypes|FeatureBulkMemory) == 0 {
			return r.illegal(off, "bulk-memory opcode 0xFC", sub)
		}
	case sub <= 17:
		if s.feat&FeatureReferenceTypes == 0 {
			return r.illegal(off, "reference-types opcode 0xFC", sub)
		}
		_, err := r.u32()
		return err
	default:
		return r.illegal(off, "opcode 0xFC", sub)
	}
	switch sub {
	case 8, 9: // memory.init, data.drop
		if !s.hasData {
			return r.fail(errcode.DataCountRequired, off, "0xFC %d without a data count section", sub)
		}
		if _, err := r.u32(); err != nil || sub == 9 {
			return err
		}
		return s.memIndex(r)
	case 10: // memory.copy
		if err := s.memIndex(r); err != nil {
			return err
		}
		return s.memIndex(r)
	case 11: // memory.fill
		return s.memIndex(r)
	case 12: // table.init
		if _, err := r.u32(); err != nil {
			return err
		}
		t, err := r.u32()
		if err == nil && t >= s.tables && s.badTableInit == 0 {
			s.badTableInit = s.fn + 1
		}
		return err
	case 14: // table.copy
		return r.u32s(2)
	}
	_, err := r.u32() // elem.drop
	return err
}

// simdGaps marks the 0xFD opcodes below 256 that are not SIMD instructions.
var simdGaps = func() (g [256]bool) {
	for _, op := range []int{154, 162, 165, 166, 175, 176, 178, 179, 180, 187, 194, 197, 198, 207, 208, 210, 211, 212, 226, 238} {
		g[op] = true
	}
	return g
}()

func (s *bodyState) prefixFD(r *reader, sub uint32, off int) *loadError {
	if sub > 255 || simdGaps[sub] {
		return r.illegal(off, "opcode 0xFD", sub) // relaxed SIMD is not supported
	}
	if s.feat&FeatureSIMD == 0 {
		return r.illegal(off, "SIMD opcode 0xFD", sub)
	}
	var err *loadError
	switch {
	case sub <= 11 || sub == 92 || sub == 93: // loads and stores
		_, err = r.memargFor(s.feat&FeatureMultiMemory != 0)
	case sub == 12 || sub == 13: // v128.const, i8x16.shuffle
		err = r.skip(16)
	case sub >= 21 && sub <= 34: // extract and replace lane
		err = r.skip(1)
	case sub >= 84 && sub <= 91: // load and store lane
		if _, err = r.memargFor(s.feat&FeatureMultiMemory != 0); err == nil {
			err = r.skip(1)
		}
	}
	return err
}

func (s *bodyState) prefixFE(r *reader, sub uint32, off int) *loadError {
	if sub > 0x4E || sub > 3 && sub < 0x10 {
		return r.illegal(off, "opcode 0xFE", sub)
	}
	if s.feat&FeatureThreads == 0 && sub >= 0x10 {
		// WasmEdge's isInstrNeedProposal gates the atomic loads, stores and
		// read-modify-writes only (not notify, wait or fence).
		return r.illegal(off, "threads opcode 0xFE", sub)
	}
	if sub == 3 { // atomic.fence
		c, err := r.byte()
		if err == nil && c != 0 {
			err = r.fail(errcode.ExpectedZeroByte, r.pos-1, "atomic.fence byte 0x%02x", c)
		}
		return err
	}
	_, err := r.memargFor(s.feat&FeatureMultiMemory != 0)
	return err
}
