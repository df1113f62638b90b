package binary

import (
	"encoding/binary"

	"github.com/pureedge/pureedge/internal/errcode"
)

// The opcodes that may appear in a constant expression.
const (
	opEnd       = 0x0B
	opGlobalGet = 0x23
	opI32Const  = 0x41
	opI64Const  = 0x42
	opF32Const  = 0x43
	opF64Const  = 0x44
	opRefNull   = 0xD0
	opRefFunc   = 0xD2
	opSIMD      = 0xFD // prefix; v128.const is 0xFD 12
	opV128Const = 12
)

// constExpr reads a constant expression up to its end opcode. A single
// constant instruction is returned as its value; longer expressions (the
// extended-const proposal's i32/i64 add, sub and mul) are read and reported
// as InitOther. Any other instruction cannot be constant: WasmEdge rejects it
// at validation (ConstExprRequired), after its loader has read the whole
// expression; so does this reader (see nonConst), which reports what the
// loader would find first (an illegal opcode, an unexpected end).
func (r *reader) constExpr() (Init, *loadError) {
	if init, ok := r.i32ConstEnd(); ok {
		return init, nil
	}
	var init Init
	for n := 0; ; n++ {
		off := r.pos
		op, err := r.byte()
		if err != nil {
			return Init{}, err
		}
		var cur Init
		switch op {
		case opEnd:
			if n != 1 {
				init = Init{}
			}
			return init, nil
		case opI32Const:
			v, err := r.sleb(32)
			if err != nil {
				return Init{}, err
			}
			cur = Init{Kind: InitI32, Bits: uint64(uint32(v))}
		case opI64Const:
			v, err := r.sleb(64)
			if err != nil {
				return Init{}, err
			}
			cur = Init{Kind: InitI64, Bits: uint64(v)}
		case opF32Const:
			b, err := r.bytes(4)
			if err != nil {
				return Init{}, err
			}
			cur = Init{Kind: InitF32, Bits: uint64(binary.LittleEndian.Uint32(b))}
		case opF64Const:
			b, err := r.bytes(8)
			if err != nil {
				return Init{}, err
			}
			cur = Init{Kind: InitF64, Bits: binary.LittleEndian.Uint64(b)}
		case opGlobalGet, opRefFunc:
			idx, err := r.u32()
			if err != nil {
				return Init{}, err
			}
			cur = Init{Kind: InitGlobalGet, Bits: uint64(idx)}
			if op == opRefFunc {
				cur.Kind = InitRefFunc
			} else if r.mutableGlobal != nil && r.mutableGlobal(idx) {
				return Init{}, r.nonConst(off, "global.get %d of a mutable global", idx)
			}
		case opRefNull:
			t, err := r.heapType()
			if err != nil {
				return Init{}, err
			}
			cur = Init{Kind: InitRefNull, Bits: uint64(t)}
		case 0x6A, 0x6B, 0x6C, 0x7C, 0x7D, 0x7E: // i32/i64 add, sub, mul
		case opSIMD:
			sub, err := r.u32()
			if err != nil {
				return Init{}, err
			}
			if sub != opV128Const {
				return Init{}, r.nonConst(off, "opcode 0xfd %d in a constant expression", sub)
			}
			b, err := r.bytes(16)
			if err != nil {
				return Init{}, err
			}
			cur = Init{Kind: InitV128, Bits: binary.LittleEndian.Uint64(b), Hi: binary.LittleEndian.Uint64(b[8:])}
		default:
			if illegalOpcode(op) {
				return Init{}, r.fail(errcode.IllegalOpCode, off, "opcode 0x%02x", op)
			}
			return Init{}, r.nonConst(off, "opcode 0x%02x in a constant expression", op)
		}
		init = cur
	}
}

// nonConst is constExpr's error for a constant expression with an
// instruction that is not constant, at off. WasmEdge's loader reads the
// expression's instructions up to the end that closes it (across the
// section's end, if it is missing there) and its validator then rejects the
// instruction; so nonConst reads the instructions from off on, and returns
// the load error the loader would meet first (an unexpected end, an illegal
// opcode, a malformed immediate) or else ConstExprRequired. The walk
// allocates nothing and ends at the end of the input.
func (r *reader) nonConst(off int, format string, args ...any) *loadError {
	r.pos = off
	s := bodyState{feat: r.feat, hasData: true}
	if err := s.instrSeq(r, -1); err != nil {
		return err
	}
	return r.fail(errcode.ConstExprRequired, off, format, args...)
}

// illegalOpcode reports whether op is no single-byte opcode or prefix of
// any proposal up to exception handling and GC.
func illegalOpcode(op byte) bool {
	switch {
	case op == 0x16 || op == 0x17 || op == 0x1D || op == 0x1E || op == 0x27:
		return true
	case op >= 0xC5 && op <= 0xCF, op >= 0xD7 && op <= 0xFA, op == 0xFF:
		return true
	}
	return false
}

// i32ConstEnd is the fast path of constExpr for its most common form,
// "i32.const n end" with n encoded in at most four bytes (the offsets of
// data segments, of which a Go program has tens of thousands). It reports
// false, consuming nothing, for anything else.
func (r *reader) i32ConstEnd() (Init, bool) {
	b := r.b[min(r.pos, len(r.b)):]
	if len(b) < 3 || b[0] != opI32Const {
		return Init{}, false
	}
	var v int32
	for i := 1; i < 5 && i < len(b)-1; i++ {
		c := b[i]
		v |= int32(c&0x7F) << (7 * (i - 1))
		if c&0x80 == 0 {
			if b[i+1] != opEnd {
				return Init{}, false
			}
			if c&0x40 != 0 {
				v |= -1 << (7 * i)
			}
			r.pos += i + 2
			return Init{Kind: InitI32, Bits: uint64(uint32(v))}, true
		}
	}
	return Init{}, false
}
