package binary

import "github.com/pureedge/pureedge/internal/errcode"

func (r *reader) peek() (byte, bool) {
	if r.pos >= len(r.b) {
		return 0, false
	}
	return r.b[r.pos], true
}

// valType reads a value type.
func (r *reader) valType() (ValType, *loadError) {
	return r.anyType(errcode.MalformedValType, false)
}

// refType reads a reference type (of a table or an element segment).
func (r *reader) refType() (ValType, *loadError) {
	return r.anyType(errcode.MalformedRefType, true)
}

// anyType reads a value type; refOnly restricts it to reference types.
// code is the error for a byte that is no (acceptable) type.
func (r *reader) anyType(code errcode.Code, refOnly bool) (ValType, *loadError) {
	off := r.pos
	c, err := r.byte()
	if err != nil {
		return 0, err
	}
	switch t := ValType(c); t {
	case ValI32, ValI64, ValF32, ValF64, ValV128:
		if !refOnly {
			return t, nil
		}
	case ValFuncref, ValExternref, ValExnref:
		return t, nil
	case 0x63, 0x64: // (ref null ht), (ref ht)
		return r.heapType()
	}
	return 0, r.fail(code, off, "type byte 0x%02x", c)
}

// heapType reads the heap type of a typed reference and folds it into the
// abstract reference type it belongs to.
func (r *reader) heapType() (ValType, *loadError) {
	off := r.pos
	v, err := r.sleb(33)
	if err != nil {
		return 0, err
	}
	if v >= 0 {
		return ValFuncref, nil // a function type index
	}
	switch c := byte(v & 0x7F); ValType(c) {
	case ValFuncref, ValExternref, ValExnref:
		if v >= -64 {
			return ValType(c), nil
		}
	}
	return 0, r.fail(errcode.MalformedRefType, off, "heap type %d (GC heap types are not supported)", v)
}

// limits reads memory or table limits: the flags byte (bit 0: has a
// maximum, bit 1: shared, bit 2: 64-bit) and the bounds.
func (r *reader) limits() (Limits, *loadError) {
	off := r.pos
	flags, err := r.byte()
	if err != nil {
		return Limits{}, err
	}
	switch {
	case flags == 0x80 || flags == 0x81:
		// An over-long LEB128 encoding of 0 or 1 (as WasmEdge reports it).
		return Limits{}, r.fail(errcode.IntegerTooLong, off, "limits flags")
	case flags > 7:
		return Limits{}, r.fail(errcode.IntegerTooLarge, off, "limits flags 0x%02x", flags)
	}
	// Shared without a maximum (flags 2 or 6) is a validation error, and
	// shared at all a load error without the threads proposal: both are
	// checked where the configuration is known (see Module.SharedLimits).
	l := Limits{HasMax: flags&1 != 0, Shared: flags&2 != 0, Is64: flags&4 != 0}
	// With the proposal off, WasmEdge refuses the flag at once (before
	// reading the bounds) as an integer too large.
	if l.Shared && r.noShared {
		return Limits{}, r.fail(errcode.IntegerTooLarge, off, "shared limits flags 0x%02x without the threads proposal", flags)
	}
	if l.Is64 && r.no64 {
		return Limits{}, r.fail(errcode.IntegerTooLarge, off, "64-bit limits flags 0x%02x without the memory64 proposal", flags)
	}
	bits := uint(32)
	if l.Is64 {
		bits = 64
	}
	if l.Min, err = r.uleb(bits); err != nil {
		return Limits{}, err
	}
	if l.HasMax {
		if l.Max, err = r.uleb(bits); err != nil {
			return Limits{}, err
		}
	}
	return l, nil
}

func (r *reader) tableType() (TableType, *loadError) {
	elem, err := r.refType()
	if err != nil {
		return TableType{}, err
	}
	l, err := r.limits()
	return TableType{Elem: elem, Limits: l}, err
}

func (r *reader) globalType() (GlobalType, *loadError) {
	t, err := r.valType()
	if err != nil {
		return GlobalType{}, err
	}
	off := r.pos
	mut, err := r.byte()
	if err != nil {
		return GlobalType{}, err
	}
	if mut > 1 {
		return GlobalType{}, r.fail(errcode.InvalidMut, off, "mutability 0x%02x", mut)
	}
	return GlobalType{Type: t, Mutable: mut == 1}, nil
}

// tagType reads a tag's attribute (0: exception) and type index.
func (r *reader) tagType() (uint32, *loadError) {
	off := r.pos
	attr, err := r.byte()
	if err != nil {
		return 0, err
	}
	if attr != 0 {
		return 0, r.fail(errcode.ExpectedZeroByte, off, "tag attribute 0x%02x", attr)
	}
	return r.u32()
}
