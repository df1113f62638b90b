package meter

// The instruction set the rewriter follows: Wasm 2.0 with SIMD, threads,
// tail calls, exception handling (legacy and try_table) and the typed
// function references' calls and branches. GC instructions (0xFB) are not
// followed; wazero does not run them either.

// instr is one decoded instruction of a function body.
type instr struct {
	start, end int    // byte range in the body
	key        uint32 // opcode, or prefix<<16|subopcode
	// idx is the function index of call, return_call and ref.func, whose
	// immediate the rewriter re-encodes; idxAt is where it starts.
	idx   uint32
	idxAt int
	// typ, glob and local are the type, global and local index immediates
	// (-1 for none), checked against the module's own counts: an index the
	// module does not have must stay invalid after the rewrite adds some.
	typ, glob, local int64
	label            int64 // the largest label immediate, -1 for none
}

// Opcodes the rewriter treats specially.
const (
	opUnreachable  = 0x00
	opBlock        = 0x02
	opLoop         = 0x03
	opIf           = 0x04
	opElse         = 0x05
	opTry          = 0x06
	opCatch        = 0x07
	opThrow        = 0x08
	opRethrow      = 0x09
	opThrowRef     = 0x0a
	opEnd          = 0x0b
	opBr           = 0x0c
	opBrIf         = 0x0d
	opBrTable      = 0x0e
	opReturn       = 0x0f
	opCall         = 0x10
	opCallIndirect = 0x11
	opReturnCall   = 0x12
	opReturnCallI  = 0x13
	opCallRef      = 0x14
	opReturnCallR  = 0x15
	opDelegate     = 0x18
	opCatchAll     = 0x19
	opTryTable     = 0x1f
	opLocalGet     = 0x20
	opLocalSet     = 0x21
	opLocalTee     = 0x22
	opGlobalGet    = 0x23
	opGlobalSet    = 0x24
	opI32Const     = 0x41
	opI64Const     = 0x42
	opI32Add       = 0x6a
	opI32Eqz       = 0x45
	opI32Sub       = 0x6b
	opI32LtS       = 0x48
	opI32And       = 0x71
	opI64Add       = 0x7c
	opI64Sub       = 0x7d
	opI64LtS       = 0x53
	opRefFunc      = 0xd2
	opBrOnNull     = 0xd5
	opBrOnNonNull  = 0xd6
)

// memarg skips a memory argument: alignment (bit 6 announces a memory
// index) and offset.
func (r *rd) memarg() {
	align := r.u32()
	if align&0x40 != 0 {
		r.u32()
	}
	r.uleb(64)
}

// op1 is wasmedgeOp1 as a table, for the decoder's hot path: each one-byte
// opcode's cost index plus one, 0 for the bytes that are not instructions.
var op1 = func() (t [256]uint16) {
	for op, i := range wasmedgeOp1 {
		t[op] = i + 1
	}
	return t
}()

// next decodes the instruction at r.pos into *in (in place: an instr is
// eight words, and most instructions are a byte or two).
func (r *rd) next(in *instr) {
	*in = instr{start: r.pos, typ: -1, glob: -1, local: -1, label: -1}
	op := r.byte()
	in.key = uint32(op)
	if r.err != nil {
		in.end = r.pos
		return
	}
	// A switch on the opcode's value (a jump table), the ranges last.
	switch op {
	case opBlock, opLoop, opIf, opTry:
		in.typ = r.blockType()
	case opCallRef, opReturnCallR:
		in.typ = int64(r.u32())
	case opRethrow, opBr, opBrIf, opDelegate, opBrOnNull, opBrOnNonNull:
		in.label = int64(r.u32())
	case opCatch, opThrow:
		r.u32()
	case opCall, opReturnCall, opRefFunc:
		in.idxAt = r.pos
		in.idx = r.u32()
	case opBrTable:
		n := r.u32()
		for i := uint32(0); i <= n && r.err == nil; i++ {
			in.label = max(in.label, int64(r.u32()))
		}
	case opCallIndirect, opReturnCallI:
		in.typ = int64(r.u32())
		r.u32()
	case 0x1c: // select t*
		n := r.u32()
		for i := uint32(0); i < n && r.err == nil; i++ {
			r.valType()
		}
	case opTryTable:
		in.typ = r.blockType()
		n := r.u32()
		for i := uint32(0); i < n && r.err == nil; i++ {
			switch kind := r.byte(); kind {
			case 0, 1:
				r.u32()
				in.label = max(in.label, int64(r.u32()))
			case 2, 3:
				in.label = max(in.label, int64(r.u32()))
			default:
				r.fail("catch kind %d", kind)
			}
		}
	case opLocalGet, opLocalSet, opLocalTee:
		in.local = int64(r.u32())
	case opGlobalGet, opGlobalSet:
		in.glob = int64(r.u32())
	case 0x25, 0x26: // table.get/set
		r.u32()
	case 0x3f, 0x40: // memory.size/grow
		r.u32()
	case opI32Const:
		r.sleb(32)
	case opI64Const:
		r.sleb(64)
	case 0x43:
		r.bytes(4)
	case 0x44:
		r.bytes(8)
	case 0xd0: // ref.null heaptype
		if c := r.peek(); c >= 0x69 && c <= 0x74 {
			r.pos++
		} else {
			r.sleb(33)
		}
	case 0xfc:
		r.prefixFC(in)
	case 0xfd:
		r.prefixFD(in)
	case 0xfe:
		r.prefixFE(in)
	default:
		switch {
		case op >= 0x28 && op <= 0x3e: // loads and stores
			r.memarg()
		case op1[op] == 0:
			r.fail("opcode 0x%02x", op)
		}
	}
	in.end = r.pos
}

func (r *rd) prefixFC(in *instr) {
	sub := r.u32()
	in.key = 0xfc<<16 | sub
	switch {
	case sub <= 7:
	case sub == 8: // memory.init data mem
		r.u32()
		r.u32()
	case sub == 9 || sub == 13 || (sub >= 15 && sub <= 17): // data.drop, elem.drop, table.grow/size/fill
		r.u32()
	case sub == 10 || sub == 12 || sub == 14: // memory.copy, table.init, table.copy
		r.u32()
		r.u32()
	case sub == 11: // memory.fill
		r.u32()
	default:
		r.fail("opcode 0xfc %d", sub)
	}
}

func (r *rd) prefixFD(in *instr) {
	sub := r.u32()
	in.key = 0xfd<<16 | sub
	switch {
	case sub <= 11 || sub == 92 || sub == 93: // loads, stores, load_zero
		r.memarg()
	case sub == 12 || sub == 13: // v128.const, i8x16.shuffle
		r.bytes(16)
	case sub >= 21 && sub <= 34: // extract/replace lane
		r.byte()
	case sub >= 84 && sub <= 91: // load/store lane
		r.memarg()
		r.byte()
	default:
		if _, ok := wasmedgeOpPrefixed[in.key]; !ok {
			r.fail("opcode 0xfd %d", sub)
		}
	}
}

func (r *rd) prefixFE(in *instr) {
	sub := r.u32()
	in.key = 0xfe<<16 | sub
	switch {
	case sub == 3: // atomic.fence
		r.byte()
	case sub <= 2 || (sub >= 0x10 && sub <= 0x4e):
		r.memarg()
	default:
		r.fail("opcode 0xfe %d", sub)
	}
}

// costIndex is the index of an instruction in WasmEdge's cost table.
func costIndex(key uint32) uint16 {
	if key < 0x100 {
		return max(op1[key], 1) - 1
	}
	return wasmedgeOpPrefixed[key]
}
