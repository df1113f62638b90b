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
// return_call_indirect:
//
//	local.tee $t; table.size x; i32.ge_u; br_if $oob
//	local.get $t; table.get x; ref.is_null; br_if $null
//	local.get $t; call_indirect y x
//
// where $oob and $null are blocks of ours around the whole body of a
// function that has indirect calls, which end in a call of the check
// function that traps:
//
//	block $oob; block $null; block $body (result ...)
//	  body
//	end; return
//	end; i32.const TrapUninitializedElement; call check; unreachable
//	end; i32.const TrapUndefinedElement; call check; unreachable
//
// so that the call is out of the line of the function's code (a call in
// place, even one never made, makes wazero's compiler spill the values it
// keeps in registers around it). ($t is the function's i32 temp of the
// poll countdown, whose every use is over before the next begins; the
// function's own label is $body, which returns.) The inserted
// instructions are neither counted nor charged: the call_indirect stays
// one instruction. Any "invalid table access" left in an instrumented
// module is then a table instruction's, 0x407. table.size and table.get
// need the reference-types proposal in wazero's validator. In an engine
// without it the checks are left out (Options.NoTableChecks); each
// call_indirect records its index instead, in a global of ours exported as
// ExportTableIndex:
//
//	local.tee $t; global.set $index; local.get $t; call_indirect y x
//
// so that the host tells the two traps apart afterwards: the index of the
// instance's last indirect call against the size of its table, which
// cannot change without reference types (there is no table.grow), is past
// the table or reaches a null element. A trap of a function that also has
// table instructions, or in a module run as given, is guessed from the
// function's code (see errcode.TableTrapCode).

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

// tableChecks reports whether a function body's instructions get the
// table checks, and if so opens the blocks $oob, $null and $body of the
// function of type t (see above).
func (f *fnWriter) tableChecks(ins []instr, t uint32) bool {
	if f.w.opts.NoTableChecks {
		return false
	}
	for i := range ins {
		if k := ins[i].key; k == opCallIndirect || k == opReturnCallI {
			f.out = append(f.out, opBlock, 0x40, opBlock, 0x40, opBlock)
			f.out = append(f.out, f.w.blockType(t)...)
			return true
		}
	}
	return false
}

// closeTableChecks closes the blocks tableChecks opened, before the
// function's final end.
func (f *fnWriter) closeTableChecks() {
	check := f.w.m.importFuncs
	o := append(f.out, opEnd, opReturn, opEnd, opI32Const, TrapUninitializedElement&0x7f, opCall)
	o = append(binary.AppendU32(o, check), opUnreachable, opEnd, opI32Const, TrapUndefinedElement&0x7f, opCall)
	f.out = append(binary.AppendU32(o, check), opUnreachable)
}

// tableCheck writes the checks before the call_indirect or
// return_call_indirect in (see above); stats tells whether the body runs
// in the statistics' block, inside $body.
func (f *fnWriter) tableCheck(in *instr, stats bool) {
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
	// The label of $null: past the user's frames (and our blocks around
	// wrapped loops), the statistics' block and $body.
	null := f.label(uint32(len(f.frames))) + 1
	if stats {
		null++
	}
	o := binary.AppendU32(append(f.out, opLocalTee), f.temp32)
	o = append(append(o, opPrefixFC, opTableSize), table...)
	o = binary.AppendU32(append(o, opI32GeU, opBrIf), null+1)
	o = binary.AppendU32(append(o, opLocalGet), f.temp32)
	o = append(append(o, opTableGet), table...)
	o = binary.AppendU32(append(o, opRefIsNull, opBrIf), null)
	f.out = binary.AppendU32(append(o, opLocalGet), f.temp32)
}

// recordTableIndex writes, before a call_indirect or return_call_indirect,
// the store of its index to the global ExportTableIndex (see above).
func (f *fnWriter) recordTableIndex() {
	o := binary.AppendU32(append(f.out, opLocalTee), f.temp32)
	o = binary.AppendU32(append(o, opGlobalSet), f.w.gTableIndex)
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
