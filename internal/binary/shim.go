package binary

// ShimFunc is a host function of a shim: imported from the hidden host
// module under Name and re-exported under the same name.
type ShimFunc struct {
	Name string
	Type FuncType
}

// ShimMemory is a memory that the shim defines and exports.
type ShimMemory struct {
	Name   string
	Limits Limits
}

// ShimGlobal is a global that the shim defines and exports. Its initial
// value is Bits (the value's bit pattern; Hi is the high half of a v128);
// a global of a reference type starts as ref.null.
type ShimGlobal struct {
	Name    string
	Type    ValType
	Mutable bool
	Bits    uint64
	Hi      uint64
}

// ShimTable is a table that the shim defines and exports, together with the
// accessor functions named by TableGetName, TableSetName, TableSizeName and
// TableGrowName, through which the host reaches it with wazero's API.
type ShimTable struct {
	Name   string
	Elem   ValType
	Limits Limits
}

// ShimSpec describes a shim module: the functions it imports from the
// hidden host module Hidden and re-exports, and the memories, globals and
// tables it defines and exports.
type ShimSpec struct {
	Hidden   string
	Funcs    []ShimFunc
	Memories []ShimMemory
	Globals  []ShimGlobal
	Tables   []ShimTable
	// NoTableAccess leaves the table accessors out: for an engine without
	// the reference-types proposal, which rejects table.get and the like.
	NoTableAccess bool
}

const accessorPrefix = "\x00pureedge:"

// TableGetName is the export name of the accessor (i32) -> (elem) that
// reads an element of the shim's table named table.
func TableGetName(table string) string { return accessorPrefix + "table.get:" + table }

// TableSetName is the export name of the accessor (i32, elem) -> () that
// writes an element of the shim's table named table.
func TableSetName(table string) string { return accessorPrefix + "table.set:" + table }

// TableSizeName is the export name of the accessor () -> (i32) that returns
// the size of the shim's table named table.
func TableSizeName(table string) string { return accessorPrefix + "table.size:" + table }

// TableGrowName is the export name of the accessor (elem, i32) -> (i32)
// that grows the shim's table named table by n elements initialised to elem,
// returning the previous size or -1.
func TableGrowName(table string) string { return accessorPrefix + "table.grow:" + table }

// EncodeShim writes the shim module that s describes. Entities are written in
// the order given; the spec is not validated (an invalid one, such as a
// shared memory without maximum or two exports of one name, makes a module
// that wazero rejects when compiling it).
func EncodeShim(s ShimSpec) []byte {
	var ts typeSection
	typeIdx := ts.index

	var imports, funcs, tables, mems, globals, exports, code []byte
	var nExports uint32
	export := func(name string, kind ExternKind, idx uint32) {
		exports = AppendExport(exports, Export{Name: name, Kind: kind, Index: idx})
		nExports++
	}

	for i, f := range s.Funcs {
		imports = AppendImport(imports, Import{Module: s.Hidden, Name: f.Name, Kind: ExternFunc, Func: typeIdx(f.Type)})
		export(f.Name, ExternFunc, uint32(i))
	}
	fn := uint32(len(s.Funcs)) // the next function index
	addAccessor := func(a accessor) {
		funcs = AppendU32(funcs, typeIdx(a.typ))
		code = AppendU32(code, uint32(len(a.body)))
		code = append(code, a.body...)
		export(a.name, ExternFunc, fn)
		fn++
	}
	for i, t := range s.Tables {
		tables = AppendTableType(tables, TableType{Elem: t.Elem, Limits: t.Limits})
		export(t.Name, ExternTable, uint32(i))
		if s.NoTableAccess {
			continue
		}
		for _, a := range tableAccessors(t, uint32(i)) {
			addAccessor(a)
		}
	}
	for i, m := range s.Memories {
		mems = AppendLimits(mems, m.Limits)
		export(m.Name, ExternMemory, uint32(i))
	}
	for i, g := range s.Globals {
		globals = AppendGlobalType(globals, GlobalType{Type: g.Type, Mutable: g.Mutable})
		globals = AppendConstExpr(globals, globalInit(g))
		export(g.Name, ExternGlobal, uint32(i))
		if g.Type != ValV128 {
			continue
		}
		for _, a := range v128Accessors(g, uint32(i)) {
			addAccessor(a)
		}
	}

	types, typeBytes := ts.types, ts.bytes()
	out := AppendHeader(nil)
	section := func(id SectionID, n uint32, content []byte) {
		if n > 0 {
			out = AppendSection(out, id, append(AppendU32(nil, n), content...))
		}
	}
	nAcc := fn - uint32(len(s.Funcs))
	section(SectionType, uint32(len(types)), typeBytes)
	section(SectionImport, uint32(len(s.Funcs)), imports)
	section(SectionFunction, nAcc, funcs)
	section(SectionTable, uint32(len(s.Tables)), tables)
	section(SectionMemory, uint32(len(s.Memories)), mems)
	section(SectionGlobal, uint32(len(s.Globals)), globals)
	section(SectionExport, nExports, exports)
	section(SectionCode, nAcc, code)
	return out
}

// globalInit is the initializer of a shim global: a constant of its type.
func globalInit(g ShimGlobal) Init {
	switch g.Type {
	case ValI32:
		return Init{Kind: InitI32, Bits: g.Bits}
	case ValI64:
		return Init{Kind: InitI64, Bits: g.Bits}
	case ValF32:
		return Init{Kind: InitF32, Bits: g.Bits}
	case ValF64:
		return Init{Kind: InitF64, Bits: g.Bits}
	case ValV128:
		return Init{Kind: InitV128, Bits: g.Bits, Hi: g.Hi}
	}
	return Init{Kind: InitRefNull, Bits: uint64(g.Type)}
}

// GlobalGetName is the export name of the accessor () -> (v128) that reads
// the shim's v128 global named global (wazero's api.Global reads only the
// low half).
func GlobalGetName(global string) string { return accessorPrefix + "global.get:" + global }

// GlobalSetName is the export name of the accessor (v128) -> () that writes
// the shim's mutable v128 global named global.
func GlobalSetName(global string) string { return accessorPrefix + "global.set:" + global }

// v128Accessors returns the get and, for a mutable global, set functions of
// the v128 global g, whose index is idx.
func v128Accessors(g ShimGlobal, idx uint32) []accessor {
	const (
		localGet  = 0x20
		globalGet = 0x23
		globalSet = 0x24
	)
	v128 := []ValType{ValV128}
	get := AppendU32([]byte{0, globalGet}, idx)
	acc := []accessor{{GlobalGetName(g.Name), FuncType{Results: v128}, append(get, opEnd)}}
	if g.Mutable {
		set := AppendU32([]byte{0, localGet, 0, globalSet}, idx)
		acc = append(acc, accessor{GlobalSetName(g.Name), FuncType{Params: v128}, append(set, opEnd)})
	}
	return acc
}

type accessor struct {
	name string
	typ  FuncType
	body []byte // locals and code, without the size
}

// tableAccessors returns the get, set, size and grow functions of table t,
// whose index is idx.
func tableAccessors(t ShimTable, idx uint32) [4]accessor {
	const (
		localGet  = 0x20
		tableGet  = 0x25
		tableSet  = 0x26
		prefixFC  = 0xFC
		tableGrow = 15
		tableSize = 16
	)
	i32, e := []ValType{ValI32}, t.Elem
	body := func(code ...byte) []byte {
		// No locals, the code with the table index after its last opcode,
		// end.
		b := append([]byte{0}, code...)
		return append(AppendU32(b, idx), opEnd)
	}
	return [4]accessor{
		{TableGetName(t.Name), FuncType{Params: i32, Results: []ValType{e}},
			body(localGet, 0, tableGet)},
		{TableSetName(t.Name), FuncType{Params: []ValType{ValI32, e}},
			body(localGet, 0, localGet, 1, tableSet)},
		{TableSizeName(t.Name), FuncType{Results: i32},
			body(prefixFC, tableSize)},
		{TableGrowName(t.Name), FuncType{Params: []ValType{e, ValI32}, Results: i32},
			body(localGet, 0, localGet, 1, prefixFC, tableGrow)},
	}
}

// AccessModule is the module name through which a module made by
// EncodeTableAccess imports the table it serves.
const AccessModule = "\x00pureedge:table-owner"

// EncodeTableAccess writes a module that imports the table exported as name
// by the module AccessModule (resolved by the caller to the instance that
// owns it) and exports its get, set, size and grow accessors under
// TableGetName("") and so on. The import asks for no minimum and no maximum,
// so that it matches any table of element type elem.
func EncodeTableAccess(name string, elem ValType) []byte {
	acc := tableAccessors(ShimTable{Elem: elem}, 0)
	return encodeAccess(Import{Module: AccessModule, Name: name, Kind: ExternTable,
		Table: TableType{Elem: elem}}, acc[:])
}

// encodeAccess writes a module that imports im and exports the accessors
// acc of it.
func encodeAccess(im Import, acc []accessor) []byte {
	var ts typeSection
	typeIdx := ts.index
	imports := AppendImport(nil, im)
	var funcs, exports, code []byte
	for i, a := range acc {
		funcs = AppendU32(funcs, typeIdx(a.typ))
		code = AppendU32(code, uint32(len(a.body)))
		code = append(code, a.body...)
		exports = AppendExport(exports, Export{Name: a.name, Kind: ExternFunc, Index: uint32(i)})
	}
	types, typeBytes := ts.types, ts.bytes()
	out := AppendHeader(nil)
	section := func(id SectionID, n uint32, content []byte) {
		out = AppendSection(out, id, append(AppendU32(nil, n), content...))
	}
	section(SectionType, uint32(len(types)), typeBytes)
	section(SectionImport, 1, imports)
	section(SectionFunction, uint32(len(acc)), funcs)
	section(SectionExport, uint32(len(acc)), exports)
	section(SectionCode, uint32(len(acc)), code)
	return out
}

// RefModule and RefExport name a module made by EncodeFuncRef: the import
// of the function it references and the exported global that holds the
// reference.
const (
	RefModule = "\x00pureedge:func-owner"
	RefExport = "ref"
)

// EncodeFuncRef writes a module that imports the function name of type t
// from RefModule and exports a global RefExport of type funcref holding a
// reference to it: the way for the host to obtain the engine's reference to
// a function.
func EncodeFuncRef(name string, t FuncType) []byte {
	out := AppendHeader(nil)
	section := func(id SectionID, content []byte) {
		out = AppendSection(out, id, append(AppendU32(nil, 1), content...))
	}
	section(SectionType, AppendFuncType(nil, t))
	section(SectionImport, AppendImport(nil, Import{Module: RefModule, Name: name, Kind: ExternFunc, Func: 0}))
	section(SectionGlobal, AppendConstExpr(AppendGlobalType(nil, GlobalType{Type: ValFuncref}), Init{Kind: InitRefFunc, Bits: 0}))
	section(SectionExport, AppendExport(nil, Export{Name: RefExport, Kind: ExternGlobal, Index: 0}))
	return out
}

// typeSection collects the distinct function types of a synthesized module.
type typeSection struct{ types []FuncType }

// index returns the index of t, adding it if new.
func (ts *typeSection) index(t FuncType) uint32 {
	for i, u := range ts.types {
		if u.Equal(t) {
			return uint32(i)
		}
	}
	ts.types = append(ts.types, t)
	return uint32(len(ts.types) - 1)
}

// bytes returns the entries of the type section.
func (ts *typeSection) bytes() []byte {
	var b []byte
	for _, t := range ts.types {
		b = AppendFuncType(b, t)
	}
	return b
}

// GlobalAccessModule is the module name through which a module made by
// EncodeV128GlobalAccess imports the global it serves.
const GlobalAccessModule = "\x00pureedge:global-owner"

// EncodeV128GlobalAccess writes a module that imports the v128 global
// exported as name by the module GlobalAccessModule (resolved by the
// caller to the instance that owns it) and exports its accessors under
// GlobalGetName("") and, for a mutable global, GlobalSetName("").
func EncodeV128GlobalAccess(name string, mutable bool) []byte {
	return encodeAccess(Import{Module: GlobalAccessModule, Name: name, Kind: ExternGlobal,
		Global: GlobalType{Type: ValV128, Mutable: mutable}},
		v128Accessors(ShimGlobal{Type: ValV128, Mutable: mutable}, 0))
}
