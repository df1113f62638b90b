package binary

import "encoding/binary"

// AppendHeader appends the magic number and version of a Wasm binary.
func AppendHeader(dst []byte) []byte {
	return append(append(dst, Magic...), Version...)
}

// AppendU32 appends v as unsigned LEB128.
func AppendU32(dst []byte, v uint32) []byte { return AppendU64(dst, uint64(v)) }

// AppendU64 appends v as unsigned LEB128.
func AppendU64(dst []byte, v uint64) []byte {
	for v >= 0x80 {
		dst = append(dst, byte(v)|0x80)
		v >>= 7
	}
	return append(dst, byte(v))
}

// AppendS64 appends v as signed LEB128 (also right for 32- and 33-bit
// values).
func AppendS64(dst []byte, v int64) []byte {
	for {
		c := byte(v & 0x7F)
		v >>= 7
		if (v == 0 && c&0x40 == 0) || (v == -1 && c&0x40 != 0) {
			return append(dst, c)
		}
		dst = append(dst, c|0x80)
	}
}

// AppendName appends a length-prefixed name.
func AppendName(dst []byte, s string) []byte {
	return append(AppendU32(dst, uint32(len(s))), s...)
}

// AppendSection appends a section with the given id and content.
func AppendSection(dst []byte, id SectionID, content []byte) []byte {
	dst = append(dst, byte(id))
	dst = AppendU32(dst, uint32(len(content)))
	return append(dst, content...)
}

// AppendVec appends a vector: its length, then each item encoded by enc.
func AppendVec[T any](dst []byte, items []T, enc func([]byte, T) []byte) []byte {
	dst = AppendU32(dst, uint32(len(items)))
	for _, it := range items {
		dst = enc(dst, it)
	}
	return dst
}

// AppendValType appends a value type.
func AppendValType(dst []byte, t ValType) []byte { return append(dst, byte(t)) }

// AppendFuncType appends a function type (0x60 params results).
func AppendFuncType(dst []byte, t FuncType) []byte {
	dst = append(dst, 0x60)
	dst = AppendVec(dst, t.Params, AppendValType)
	return AppendVec(dst, t.Results, AppendValType)
}

// AppendLimits appends limits with their flags byte. The limits are written
// as they are, even where they are invalid (shared without a maximum).
func AppendLimits(dst []byte, l Limits) []byte {
	var flags byte
	if l.HasMax {
		flags |= 1
	}
	if l.Shared {
		flags |= 2
	}
	if l.Is64 {
		flags |= 4
	}
	dst = AppendU64(append(dst, flags), l.Min)
	if l.HasMax {
		dst = AppendU64(dst, l.Max)
	}
	return dst
}

// AppendTableType appends a table type.
func AppendTableType(dst []byte, t TableType) []byte {
	return AppendLimits(append(dst, byte(t.Elem)), t.Limits)
}

// AppendGlobalType appends a global type.
func AppendGlobalType(dst []byte, t GlobalType) []byte {
	mut := byte(0)
	if t.Mutable {
		mut = 1
	}
	return append(dst, byte(t.Type), mut)
}

// AppendImport appends an import entry.
func AppendImport(dst []byte, im Import) []byte {
	dst = AppendName(AppendName(dst, im.Module), im.Name)
	dst = append(dst, byte(im.Kind))
	switch im.Kind {
	case ExternFunc:
		dst = AppendU32(dst, im.Func)
	case ExternTable:
		dst = AppendTableType(dst, im.Table)
	case ExternMemory:
		dst = AppendLimits(dst, im.Memory.Limits)
	case ExternGlobal:
		dst = AppendGlobalType(dst, im.Global)
	case ExternTag:
		dst = AppendU32(append(dst, 0), im.Tag)
	}
	return dst
}

// AppendExport appends an export entry.
func AppendExport(dst []byte, e Export) []byte {
	return AppendU32(append(AppendName(dst, e.Name), byte(e.Kind)), e.Index)
}

// AppendConstExpr appends a constant expression producing init, followed
// by the end opcode. For InitOther it writes only the end opcode.
func AppendConstExpr(dst []byte, init Init) []byte {
	switch init.Kind {
	case InitI32:
		dst = AppendS64(append(dst, opI32Const), int64(int32(uint32(init.Bits))))
	case InitI64:
		dst = AppendS64(append(dst, opI64Const), int64(init.Bits))
	case InitF32:
		dst = binary.LittleEndian.AppendUint32(append(dst, opF32Const), uint32(init.Bits))
	case InitF64:
		dst = binary.LittleEndian.AppendUint64(append(dst, opF64Const), init.Bits)
	case InitV128:
		dst = append(dst, opSIMD, opV128Const)
		dst = binary.LittleEndian.AppendUint64(dst, init.Bits)
		dst = binary.LittleEndian.AppendUint64(dst, init.Hi)
	case InitRefNull:
		dst = append(dst, opRefNull, byte(init.Bits))
	case InitRefFunc:
		dst = AppendU32(append(dst, opRefFunc), uint32(init.Bits))
	case InitGlobalGet:
		dst = AppendU32(append(dst, opGlobalGet), uint32(init.Bits))
	}
	return append(dst, opEnd)
}
