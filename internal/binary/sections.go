package binary

import "github.com/pureedge/pureedge/internal/errcode"

// custom reads a custom section of the given size: its name, then the rest
// as the uninterpreted content.
func (d *decoder) custom(size uint64) *loadError {
	r := &d.r
	start := r.pos
	name, err := r.name()
	if err != nil {
		return err
	}
	used := uint64(r.pos - start)
	if used > size {
		// The name overran the section (WasmEdge: unexpected end).
		return r.fail(errcode.UnexpectedEnd, start, "custom section name longer than the section")
	}
	data, err := r.bytes(size - used)
	if err != nil {
		return err
	}
	d.m.Customs = append(d.m.Customs, Custom{Name: name, Data: data})
	if name == "name" && !namesBounded(data) {
		d.m.BadNames = append(d.m.BadNames, start)
	}
	return nil
}

func (d *decoder) types() (err *loadError) {
	d.m.Types, err = vec(&d.r, 3, (*reader).funcType)
	return err
}

func (r *reader) funcType() (FuncType, *loadError) {
	off := r.pos
	form, err := r.byte()
	if err != nil {
		return FuncType{}, err
	}
	switch form {
	case 0x60:
	case 0x4E, 0x4F, 0x50, 0x5E, 0x5F:
		return FuncType{}, r.fail(errcode.IntegerTooLong, off,
			"GC type definitions (rec, sub, struct, array) are not supported (form 0x%02x)", form)
	default:
		return FuncType{}, r.fail(errcode.IntegerTooLong, off, "function type form 0x%02x, want 0x60", form)
	}
	var t FuncType
	if t.Params, err = r.valTypes(); err != nil {
		return FuncType{}, err
	}
	if t.Results, err = r.valTypes(); err != nil {
		return FuncType{}, err
	}
	return t, nil
}

// valTypes reads a vector of value types; an empty one is nil.
func (r *reader) valTypes() ([]ValType, *loadError) {
	ts, err := vec(r, 1, (*reader).valType)
	if len(ts) == 0 {
		ts = nil
	}
	return ts, err
}

func (d *decoder) imports() (err *loadError) {
	d.m.Imports, err = vec(&d.r, 4, (*reader).importEntry)
	return err
}

func (r *reader) importEntry() (im Import, err *loadError) {
	if im.Module, err = r.name(); err != nil {
		return im, err
	}
	if im.Name, err = r.name(); err != nil {
		return im, err
	}
	off := r.pos
	kind, err := r.byte()
	if err != nil {
		return im, err
	}
	im.Kind = ExternKind(kind)
	switch im.Kind {
	case ExternFunc:
		im.Func, err = r.u32()
	case ExternTable:
		im.Table, err = r.tableType()
	case ExternMemory:
		im.Memory.Limits, err = r.limits()
	case ExternGlobal:
		im.Global, err = r.globalType()
	case ExternTag:
		if r.noTags {
			return im, r.fail(errcode.MalformedImportKind, off, "tag import without the exception-handling proposal")
		}
		im.Tag, err = r.tagType()
	default:
		return im, r.fail(errcode.MalformedImportKind, off, "import kind 0x%02x", kind)
	}
	return im, err
}

// indices reads a vector of u32.
func (r *reader) indices() ([]uint32, *loadError) {
	return vec(r, 1, (*reader).u32)
}

func (d *decoder) functions() (err *loadError) {
	d.m.Funcs, err = d.r.indices()
	return err
}

func (d *decoder) tables() (err *loadError) {
	d.m.Tables, err = vec(&d.r, 3, (*reader).table)
	d.m.TableInit = d.r.tableInit
	return err
}

// table reads a table definition, possibly in the function-references
// proposal's form with an initializer (0x40 0x00 tabletype expr).
func (r *reader) table() (TableType, *loadError) {
	if c, _ := r.peek(); c != 0x40 {
		return r.tableType()
	}
	r.pos++
	r.tableInit = true
	off := r.pos
	if z, err := r.byte(); err != nil {
		return TableType{}, err
	} else if z != 0 {
		return TableType{}, r.fail(errcode.ExpectedZeroByte, off, "table with initializer")
	}
	t, err := r.tableType()
	if err != nil {
		return TableType{}, err
	}
	_, err = r.constExpr()
	return t, err
}

func (d *decoder) memories() (err *loadError) {
	d.m.Memories, err = vec(&d.r, 2, func(r *reader) (MemoryType, *loadError) {
		l, err := r.limits()
		return MemoryType{Limits: l}, err
	})
	return err
}

func (d *decoder) tags() (err *loadError) {
	d.m.Tags, err = vec(&d.r, 2, (*reader).tagType)
	return err
}

// global is a global definition as read.
type global struct {
	t    GlobalType
	init Init
}

func (d *decoder) globals() *loadError {
	gs, err := vec(&d.r, 3, func(r *reader) (g global, err *loadError) {
		if g.t, err = r.globalType(); err != nil {
			return g, err
		}
		g.init, err = r.constExpr()
		return g, err
	})
	if err != nil {
		return err
	}
	d.m.Globals = make([]GlobalType, len(gs))
	d.m.GlobalInits = make([]Init, len(gs))
	for i, g := range gs {
		d.m.Globals[i], d.m.GlobalInits[i] = g.t, g.init
	}
	return nil
}

func (d *decoder) exports() (err *loadError) {
	d.m.Exports, err = vec(&d.r, 3, (*reader).export)
	return err
}

func (r *reader) export() (e Export, err *loadError) {
	if e.Name, err = r.name(); err != nil {
		return e, err
	}
	off := r.pos
	kind, err := r.byte()
	if err != nil {
		return e, err
	}
	if kind > byte(ExternTag) {
		return e, r.fail(errcode.MalformedExportKind, off, "export kind 0x%02x", kind)
	}
	if kind == byte(ExternTag) && r.noTags {
		// WasmEdge's code for it, although the kind is an export's.
		return e, r.fail(errcode.MalformedImportKind, off, "tag export without the exception-handling proposal")
	}
	e.Kind = ExternKind(kind)
	e.Index, err = r.u32()
	return e, err
}

// elements reads the element section. Only the number of segments is kept.
func (d *decoder) elements() *loadError {
	r := &d.r
	n, err := r.u32()
	if err != nil {
		return err
	}
	for i := range n {
		active, err := r.elemSegment()
		if err != nil {
			return err
		}
		if active != nil {
			active.Segment = i
			d.m.Elems = append(d.m.Elems, *active)
		}
	}
	d.m.ElemSegments = n
	return nil
}

// elemSegment reads one element segment. Bit 0 of its flags says passive or
// declarative (no offset), bit 1 an explicit table index (when active) or
// declarative, bit 2 that the elements are expressions, not function
// indices. An active segment is described in the result (nil otherwise).
func (r *reader) elemSegment() (*ActiveElem, *loadError) {
	off := r.pos
	flags, err := r.u32()
	if err != nil {
		return nil, err
	}
	var active *ActiveElem
	if r.feat&(FeatureBulkMemory|FeatureReferenceTypes) == 0 {
		// Wasm 1.0: a table index, the offset and function indices, as
		// WasmEdge reads it with both proposals off.
		active = &ActiveElem{Table: flags}
		flags = 0
	}
	if flags > 7 {
		return nil, r.fail(errcode.MalformedElemType, off, "element segment flags %d", flags)
	}
	if flags&1 == 0 && active == nil {
		active = &ActiveElem{}
	}
	if flags&3 == 2 { // active with a table index
		if active.Table, err = r.u32(); err != nil {
			return nil, err
		}
	}
	if active != nil { // the offset
		active.OffsetAt = uint32(r.pos)
		if active.Offset, err = r.constExpr(); err != nil {
			return nil, err
		}
	}
	var n uint32
	if flags&4 == 0 { // function indices
		if flags&3 != 0 {
			off := r.pos
			kind, err := r.byte()
			if err != nil {
				return nil, err
			}
			if kind != 0 {
				return nil, r.fail(errcode.MalformedElemType, off, "element kind 0x%02x", kind)
			}
		}
		n, err = r.u32()
		for i := uint32(0); err == nil && i < n; i++ {
			_, err = r.u32()
		}
	} else {
		if flags&3 != 0 {
			if _, err := r.refType(); err != nil {
				return nil, err
			}
		}
		n, err = r.u32()
		for i := uint32(0); err == nil && i < n; i++ {
			_, err = r.constExpr()
		}
	}
	if err != nil || active == nil {
		return nil, err
	}
	active.Count = n
	active.FuncIndices = flags&4 == 0
	return active, nil
}

// code counts the function bodies and skips them by their size.
func (d *decoder) code() *loadError {
	r := &d.r
	start := r.pos
	n, err := r.u32()
	if err != nil {
		return err
	}
	d.body.tables = d.m.ImportCount(ExternTable) + uint32(len(d.m.Tables))
	for i := range n {
		d.body.fn = i
		size, err := r.u32()
		if err != nil {
			return err
		}
		body := r.pos
		if err := r.skip(uint64(size)); err != nil {
			return err
		}
		if err := d.countLocals(r.b[body:r.pos], body); err != nil {
			return err
		}
		if err := d.body.loadBody(r.b, body, r.pos); err != nil {
			return err
		}
	}
	d.m.CodeCount = n
	d.m.BadTableInit = d.body.badTableInit
	d.m.CodeStart, d.m.CodeEnd = uint32(start), uint32(r.pos)
	return nil
}

// data counts the data segments and skips their contents.
func (d *decoder) data() *loadError {
	r := &d.r
	n, err := r.u32()
	if err != nil {
		return err
	}
	for range n {
		if p, ok := skipPlainSegment(r.b, r.pos); ok {
			r.pos = p
			continue
		}
		if err := r.dataSegment(); err != nil {
			return err
		}
	}
	d.m.DataSegments = n
	return nil
}

// dataSegment reads one data segment: flags 0 (active in memory 0), 1
// (passive) or 2 (active with a memory index), the offset of an active one,
// and the bytes, skipped.
func (r *reader) dataSegment() *loadError {
	off := r.pos
	flags, err := r.u32()
	if err != nil {
		return err
	}
	if flags > 0 && r.feat&(FeatureBulkMemory|FeatureReferenceTypes) == 0 {
		return r.fail(errcode.ExpectedZeroByte, off, "data segment flags %d in Wasm 1.0", flags)
	}
	switch flags {
	case 0:
		_, err = r.constExpr()
	case 1:
	case 2:
		if _, err = r.u32(); err == nil {
			_, err = r.constExpr()
		}
	default:
		return r.fail(errcode.IllegalGrammar, off, "data segment flags %d", flags)
	}
	if err != nil {
		return err
	}
	size, err := r.u32()
	if err != nil {
		return err
	}
	return r.skip(uint64(size))
}

// skipPlainSegment is the fast path of data for its most common segment,
// "active in memory 0 at i32.const n" with n and the size in at most four
// LEB128 bytes each: a Go program has tens of thousands of them. It returns
// the position after the segment, or false (and the slow path decodes it)
// when the segment has another form or runs past the input.
func skipPlainSegment(b []byte, p int) (int, bool) {
	if p+5 > len(b) || b[p] != 0 || b[p+1] != opI32Const {
		return 0, false
	}
	p += 2
	for end := p + 3; b[p] >= 0x80; p++ { // the offset, at most 4 bytes
		if p == end || p+1 >= len(b) {
			return 0, false
		}
	}
	p++
	if p+1 >= len(b) || b[p] != opEnd {
		return 0, false
	}
	p++
	var size uint64
	for shift := uint(0); ; shift += 7 { // the size, at most 4 bytes
		if p >= len(b) || shift == 28 {
			return 0, false
		}
		c := b[p]
		p++
		size |= uint64(c&0x7F) << shift
		if c < 0x80 {
			break
		}
	}
	if size > uint64(len(b)-p) {
		return 0, false
	}
	return p + int(size), true
}
