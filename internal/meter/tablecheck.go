package meter

import (
	"github.com/pureedge/pureedge/internal/binary"
	"github.com/pureedge/pureedge/internal/errcode"
)

// Table checks before indirect calls.
//
// wazero traps with one error, "invalid table access", both for an index
// past the table and for a null element reached by call_indirect (and for
// an index past the table of table.get, table.set, table.fill, table.copy
// and table.init). WasmEdge's call_indirect (lib/executor/engine/
// controlInstr.cpp, runCallIndirectOp) checks the index against the
// table's size first, 0x40C "undefined element", then the element,
// 0x40B "uninitialized element"; the table instructions give 0x407 "out of
// bounds table access". So that every code is exact, the rewriter writes
// WasmEdge's two checks before each call_indirect and
// return_call_indirect, through the check function:
//
//	local.tee $t; table.size x; i32.ge_u
//	if; i32.const TrapUndefinedElement; call check; end
//	local.get $t; table.get x; ref.is_null
//	if; i32.const TrapUninitializedElement; call check; end
//	local.get $t; call_indirect y x
//
// ($t is the function's i32 temp of the poll countdown, whose every use is
// over before the next begins.) The inserted instructions are neither
// counted nor charged: the call_indirect stays one instruction. Any
// "invalid table access" left in an instrumented module is then a table
// instruction's, 0x407. table.size and table.get need the reference-types
// proposal in wazero's validator: in an engine without it the checks are
// left out (Options.NoTableChecks) and the code of such a trap is guessed
// from the function's code (see errcode.TableTrapCode).

// Arguments of the check function that trap with a table code.
const (
	TrapUndefinedElement     = -2
	TrapUninitializedElement = -3
)

const (
	opI32GeU    = 0x4f
	opTableGet  = 0x25
	opRefIsNull = 0xd1
	opPrefixFC  = 0xfc
	opTableSize = 0x10 // after 0xfc
)

// tableCheck writes the checks before the call_indirect or
// return_call_indirect in (see above).
func (f *fnWriter) tableCheck(in instr) {
	if f.w.opts.NoTableChecks {
		return
	}
	r := &rd{b: f.b, pos: in.start + 1}
	r.u32() // type index
	tableAt := r.pos
	r.u32()
	if r.err != nil {
		f.w.keep(r.err)
		return
	}
	// The table index as encoded (MVP modules write a zero byte).
	table := f.b[tableAt:r.pos]
	check := f.w.m.importFuncs
	o := binary.AppendU32(append(f.out, opLocalTee), f.temp32)
	o = append(append(o, opPrefixFC, opTableSize), table...)
	o = append(o, opI32GeU, opIf, 0x40, opI32Const, TrapUndefinedElement&0x7f, opCall)
	o = append(binary.AppendU32(o, check), opEnd)
	o = binary.AppendU32(append(o, opLocalGet), f.temp32)
	o = append(append(o, opTableGet), table...)
	o = append(o, opRefIsNull, opIf, 0x40, opI32Const, TrapUninitializedElement&0x7f, opCall)
	o = append(binary.AppendU32(o, check), opEnd)
	f.out = binary.AppendU32(append(o, opLocalGet), f.temp32)
}

// tableTrap is the error of the check function's table arguments, or nil
// for another argument.
func tableTrap(seg int32) error {
	switch seg {
	case TrapUndefinedElement:
		return errcode.New(errcode.UndefinedElement, "call_indirect: index past the table")
	case TrapUninitializedElement:
		return errcode.New(errcode.UninitializedElement, "call_indirect: null element")
	}
	return nil
}
