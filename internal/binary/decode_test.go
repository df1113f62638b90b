package binary

import (
	"math"
	"reflect"
	"runtime"
	"strings"
	"testing"

	"github.com/pureedge/pureedge/internal/errcode"
)

func TestDecodeHeader(t *testing.T) {
	tests := []struct {
		name string
		in   string
		code errcode.Code
	}{
		{"empty", "", errcode.UnexpectedEnd},
		{"one byte", "\x01", errcode.UnexpectedEnd},
		{"short magic", "\x00as", errcode.UnexpectedEnd},
		{"wrong magic", "asm\x00", errcode.MalformedMagic},
		{"text", "not wasm at all", errcode.MalformedMagic},
		{"ELF (native AOT output)", "\x7fELF\x02\x01\x01\x00", errcode.MalformedMagic},
		{"no version", "\x00asm", errcode.UnexpectedEnd},
		{"short version", "\x00asm\x01\x00\x00", errcode.UnexpectedEnd},
		{"version 2", "\x00asm\x02\x00\x00\x00", errcode.MalformedVersion},
		{"component", "\x00asm\x0d\x00\x01\x00", errcode.MalformedVersion},
		{"empty module", "\x00asm\x01\x00\x00\x00", 0},
	}
	for _, tt := range tests {
		m, err := Decode([]byte(tt.in))
		if got := codeOf(t, err); got != tt.code {
			t.Errorf("%s: code %#x (%v), want %#x", tt.name, got, err, tt.code)
		}
		if (m == nil) != (tt.code != 0) {
			t.Errorf("%s: module %v with error %v", tt.name, m, err)
		}
	}
}

// fullModule is a module with every section, assembled by hand.
func fullModule() []byte {
	return mod(
		sec(SectionCustom, "\x05first\x01\x02"),
		sec(SectionType, "\x04"+
			"\x60\x02\x7f\x7e\x01\x7d"+ // (i32, i64) -> f32
			"\x60\x00\x00"+ // () -> ()
			"\x60\x03\x7b\x70\x6f\x02\x7c\x69"+ // (v128, funcref, externref) -> (f64, exnref)
			"\x60\x02\x63\x00\x64\x6f\x01\x63\x70"), // typed refs, folded
		sec(SectionImport, "\x05"+
			"\x03env\x01f\x00\x01"+
			"\x03env\x03tab\x01\x70\x01\x01\x0a"+
			"\x04wasi\x03mem\x02\x03\x01\x80\x02"+
			"\x03env\x01g\x03\x7e\x00"+
			"\x04wasi\x01e\x04\x00\x00"),
		sec(SectionFunction, "\x02\x01\x00"),
		sec(SectionTable, "\x02\x6f\x00\x05\x40\x00\x70\x00\x01\xd0\x70\x0b"),
		sec(SectionMemory, "\x02\x00\x01\x05\x80\x80\x80\x80\x10\x80\x80\x80\x80\x20"),
		sec(SectionTag, "\x01\x00\x03"),
		sec(SectionGlobal, "\x03"+
			"\x7f\x00\x41\x2a\x0b"+
			"\x7c\x01\x44\x00\x00\x00\x00\x00\x00\xf0\x3f\x0b"+
			"\x6f\x01\xd0\x6f\x0b"),
		sec(SectionCustom, "\x06middle"),
		sec(SectionExport, "\x06"+
			"\x03run\x00\x02"+
			"\x03tab\x01\x01"+
			"\x03mem\x02\x00"+
			"\x01g\x03\x01"+
			"\x03tag\x04\x01"+
			"\x03imp\x00\x00"),
		sec(SectionStart, "\x03"),
		sec(SectionElement, "\x08"+
			"\x00\x41\x00\x0b\x01\x00"+ // active, table 0
			"\x01\x00\x01\x01"+ // passive, funcref
			"\x02\x02\x41\x00\x0b\x00\x00"+ // active, table 2
			"\x03\x00\x01\x02"+ // declarative
			"\x04\x41\x00\x0b\x01\xd2\x00\x0b"+ // active, exprs
			"\x05\x70\x02\xd2\x00\x0b\xd0\x70\x0b"+ // passive, exprs
			"\x06\x01\x41\x01\x0b\x6f\x00"+ // active, table 1, externref exprs
			"\x07\x70\x00"), // declarative, exprs
		sec(SectionDataCount, "\x03"),
		sec(SectionCode, "\x02\x02\x00\x0b\x04\x01\x01\x7f\x0b"),
		sec(SectionData, "\x03"+
			"\x00\x41\x10\x0b\x03abc"+
			"\x01\x02xy"+
			"\x02\x00\x23\x00\x0b\x00"),
		sec(SectionCustom, "\x04name\x00\x01\x00"),
	)
}

func TestDecodeFull(t *testing.T) {
	in := fullModule()
	m, err := Decode(in)
	if err != nil {
		t.Fatal(err)
	}
	want := &Module{
		Types: []FuncType{
			{Params: []ValType{ValI32, ValI64}, Results: []ValType{ValF32}},
			{},
			{Params: []ValType{ValV128, ValFuncref, ValExternref}, Results: []ValType{ValF64, ValExnref}},
			{Params: []ValType{ValFuncref, ValExternref}, Results: []ValType{ValFuncref}},
		},
		Imports: []Import{
			{Module: "env", Name: "f", Kind: ExternFunc, Func: 1},
			{Module: "env", Name: "tab", Kind: ExternTable, Table: TableType{Elem: ValFuncref, Limits: Limits{Min: 1, Max: 10, HasMax: true}}},
			{Module: "wasi", Name: "mem", Kind: ExternMemory, Memory: MemoryType{Limits: Limits{Min: 1, Max: 256, HasMax: true, Shared: true}}},
			{Module: "env", Name: "g", Kind: ExternGlobal, Global: GlobalType{Type: ValI64}},
			{Module: "wasi", Name: "e", Kind: ExternTag, Tag: 0},
		},
		Funcs: []uint32{1, 0},
		Tables: []TableType{
			{Elem: ValExternref, Limits: Limits{Min: 5}},
			{Elem: ValFuncref, Limits: Limits{Min: 1}},
		},
		Memories: []MemoryType{
			{Limits: Limits{Min: 1}},
			{Limits: Limits{Min: 1 << 32, Max: 1 << 33, HasMax: true, Is64: true}},
		},
		Tags:    []uint32{3},
		Globals: []GlobalType{{Type: ValI32}, {Type: ValF64, Mutable: true}, {Type: ValExternref, Mutable: true}},
		GlobalInits: []Init{
			{Kind: InitI32, Bits: 42},
			{Kind: InitF64, Bits: 0x3FF0000000000000},
			{Kind: InitRefNull, Bits: 0x6F},
		},
		Exports: []Export{
			{Name: "run", Kind: ExternFunc, Index: 2},
			{Name: "tab", Kind: ExternTable, Index: 1},
			{Name: "mem", Kind: ExternMemory, Index: 0},
			{Name: "g", Kind: ExternGlobal, Index: 1},
			{Name: "tag", Kind: ExternTag, Index: 1},
			{Name: "imp", Kind: ExternFunc, Index: 0},
		},
		Start:        u32p(3),
		ElemSegments: 8,
		DataSegments: 3,
		DataCount:    u32p(3),
		CodeCount:    2,
		Customs: []Custom{
			{Name: "first", Data: []byte{1, 2}},
			{Name: "middle", Data: []byte{}},
			{Name: "name", Data: []byte{0, 1, 0}},
		},
	}
	if !reflect.DeepEqual(structural(m), want) {
		t.Errorf("Decode:\n got %+v\nwant %+v", m, want)
	}
	// Custom sections alias the input.
	if &m.Customs[0].Data[0] != &in[len(mod())+8] {
		t.Error("custom section data is a copy")
	}
	if got := m.ImportModuleNames(); !reflect.DeepEqual(got, []string{"env", "wasi"}) {
		t.Errorf("ImportModuleNames = %q", got)
	}
}

func TestDecodeErrors(t *testing.T) {
	const (
		typ0  = "\x01\x04\x01\x60\x00\x00" // one type: () -> ()
		func1 = "\x03\x02\x01\x00"         // one function
		code1 = "\x0a\x04\x01\x02\x00\x0b" // one body
	)
	tests := []struct {
		name string
		in   []byte
		code errcode.Code
	}{
		// Sections.
		{"section id 14", mod("\x0e\x00"), errcode.MalformedSection},
		{"section id 0x80", mod("\x80\x00"), errcode.MalformedSection},
		{"section size truncated", mod("\x01"), errcode.UnexpectedEnd},
		{"section size too long", mod("\x01\x80\x80\x80\x80\x80\x00"), errcode.IntegerTooLong},
		{"section past the end", mod("\x01\x05\x01\x60\x00"), errcode.LengthOutOfBounds}, // WasmEdge: a section size past the input
		{"section larger than content", mod("\x01\x05\x01\x60\x00\x00\x00"), errcode.SectionSizeMismatch},
		{"section smaller than content", mod("\x01\x03\x01\x60\x00\x00"), errcode.SectionSizeMismatch},
		{"content overruns into next section", mod("\x01\x03\x01\x60\x00\x00", "\x00\x01\x00"), errcode.SectionSizeMismatch},
		{"duplicate type section", mod(typ0, typ0), errcode.JunkSection},
		{"function before type", mod(func1, typ0, code1), errcode.JunkSection},
		{"data count after code", mod(typ0, func1, code1, sec(SectionDataCount, "\x00")), errcode.JunkSection},
		{"tag after global", mod(typ0, sec(SectionGlobal, "\x00"), sec(SectionTag, "\x00")), errcode.JunkSection},
		{"custom sections anywhere", mod(sec(SectionCustom, "\x01a"), typ0, sec(SectionCustom, "\x01b"), func1, code1, sec(SectionCustom, "\x00")), 0},
		{"tag between memory and global", mod(typ0, sec(SectionMemory, "\x00"), sec(SectionTag, "\x01\x00\x00"), sec(SectionGlobal, "\x00")), 0},
		// Function and code, data count and data.
		{"function without code", mod(typ0, func1), errcode.IncompatibleFuncCode},
		{"code without function", mod(typ0, code1), errcode.IncompatibleFuncCode},
		{"two functions one body", mod(typ0, "\x03\x03\x02\x00\x00", code1), errcode.IncompatibleFuncCode},
		{"data count without data", mod(sec(SectionDataCount, "\x01")), errcode.IncompatibleDataCount},
		{"data count 0 without data", mod(sec(SectionDataCount, "\x00")), 0},
		{"data count too small", mod(sec(SectionDataCount, "\x01"), sec(SectionData, "\x02\x01\x00\x01\x00")), errcode.IncompatibleDataCount},
		{"data without data count", mod(sec(SectionData, "\x02\x01\x00\x01\x00")), 0},
		{"body past the end", mod(typ0, func1, "\x0a\x04\x01\x05\x00\x0b"), errcode.UnexpectedEnd},
		{"body past its section", mod(typ0, func1, "\x0a\x04\x01\x03\x00\x0b\x0b"), errcode.JunkSection}, // WasmEdge 0.17.1: 0x108
		// Types.
		{"bad param type", mod(sec(SectionType, "\x01\x60\x01\x40\x00")), errcode.MalformedValType},
		{"bad result type", mod(sec(SectionType, "\x01\x60\x00\x01\x00")), errcode.MalformedValType},
		{"type form", mod(sec(SectionType, "\x01\x61\x00\x00")), errcode.IntegerTooLong},
		{"GC struct type", mod(sec(SectionType, "\x01\x5f\x00")), errcode.IntegerTooLong},
		{"GC rec group", mod(sec(SectionType, "\x01\x4e\x01\x60\x00\x00")), errcode.IntegerTooLong},
		{"GC heap type", mod(sec(SectionType, "\x01\x60\x01\x63\x6e\x00")), errcode.MalformedRefType},
		{"typed ref to index", mod(sec(SectionType, "\x02\x60\x00\x00\x60\x01\x64\x00\x00")), 0},
		{"type count beyond input", mod(sec(SectionType, "\xff\xff\xff\xff\x0f")), errcode.UnexpectedEnd},
		{"param count beyond input", mod(sec(SectionType, "\x01\x60\xff\xff\xff\xff\x0f")), errcode.UnexpectedEnd},
		// Imports.
		{"import kind 5", mod(sec(SectionImport, "\x01\x01m\x01n\x05\x00")), errcode.MalformedImportKind},
		{"import kind 0x80", mod(sec(SectionImport, "\x01\x01m\x01n\x80\x00")), errcode.MalformedImportKind},
		{"import module UTF-8", mod(sec(SectionImport, "\x01\x01\xff\x01n\x00\x00")), errcode.MalformedUTF8},
		{"import name UTF-8 (surrogate)", mod(sec(SectionImport, "\x01\x01m\x03\xed\xa0\x80\x00\x00")), errcode.MalformedUTF8},
		{"import name overlong UTF-8", mod(sec(SectionImport, "\x01\x01m\x02\xc0\x80\x00\x00")), errcode.MalformedUTF8},
		{"import name past the end", mod("\x02\x07\x01\x01m\x09n"), errcode.LengthOutOfBounds}, // WasmEdge 0.17.1: 0x107
		{"import type index too large", mod(sec(SectionImport, "\x01\x01m\x01n\x00\xff\xff\xff\xff\x1f")), errcode.IntegerTooLarge},
		{"import global mutability", mod(sec(SectionImport, "\x01\x01m\x01n\x03\x7f\x02")), errcode.InvalidMut},
		{"import global type", mod(sec(SectionImport, "\x01\x01m\x01n\x03\x40\x00")), errcode.MalformedValType},
		{"import table of i32", mod(sec(SectionImport, "\x01\x01m\x01n\x01\x7f\x00\x00")), errcode.MalformedRefType},
		{"import tag attribute", mod(sec(SectionImport, "\x01\x01m\x01n\x04\x01\x00")), errcode.ExpectedZeroByte},
		// Limits.
		{"memory flags 8", mod(sec(SectionMemory, "\x01\x08\x00")), errcode.IntegerTooLarge},
		{"memory flags 0x80", mod(sec(SectionMemory, "\x01\x80\x00")), errcode.IntegerTooLong},
		{"memory flags 0x81", mod(sec(SectionMemory, "\x01\x81\x00")), errcode.IntegerTooLong},
		{"memory min above 32 bits", mod(sec(SectionMemory, "\x01\x00\x80\x80\x80\x80\x10")), errcode.IntegerTooLarge},
		{"memory max above 32 bits", mod(sec(SectionMemory, "\x01\x01\x00\x80\x80\x80\x80\x10")), errcode.IntegerTooLarge},
		{"memory64 min above 64 bits", mod(sec(SectionMemory, "\x01\x04\x80\x80\x80\x80\x80\x80\x80\x80\x80\x02")), errcode.IntegerTooLarge},
		{"memory truncated", mod("\x05\x03\x01"), errcode.LengthOutOfBounds}, // WasmEdge: a section size past the input
		{"table elem i32", mod(sec(SectionTable, "\x01\x7f\x00\x00")), errcode.MalformedRefType},
		{"table with initializer, bad zero byte", mod(sec(SectionTable, "\x01\x40\x01\x70\x00\x00\xd0\x70\x0b")), errcode.ExpectedZeroByte},
		// Tags, globals, exports.
		{"tag attribute", mod(sec(SectionTag, "\x01\x01\x00")), errcode.ExpectedZeroByte},
		{"global mutability", mod(sec(SectionGlobal, "\x01\x7f\x02\x41\x00\x0b")), errcode.InvalidMut},
		{"mutable global in a constant expression", mod(
			sec(SectionImport, "\x01\x01m\x01g\x03\x7f\x01"),
			sec(SectionGlobal, "\x01\x7f\x00\x23\x00\x0b")), errcode.ConstExprRequired},
		{"global type", mod(sec(SectionGlobal, "\x01\x00\x00\x41\x00\x0b")), errcode.MalformedValType},
		{"global init nop", mod(sec(SectionGlobal, "\x01\x7f\x00\x01\x0b")), errcode.ConstExprRequired},
		{"global init illegal opcode", mod(sec(SectionGlobal, "\x01\x7f\x00\xd7\x0b")), errcode.IllegalOpCode},
		{"global init without end", mod(sec(SectionGlobal, "\x01\x7f\x00\x41\x00")), errcode.UnexpectedEnd},
		{"global init at the end", mod("\x06\x04\x01\x7f\x00\x41"), errcode.UnexpectedEnd},
		{"global init i32 too large", mod(sec(SectionGlobal, "\x01\x7f\x00\x41\xff\xff\xff\xff\x0f\x0b")), errcode.IntegerTooLarge},
		{"export kind 5", mod(sec(SectionExport, "\x01\x01e\x05\x00")), errcode.MalformedExportKind},
		{"export name UTF-8", mod(sec(SectionExport, "\x01\x01\x80\x00\x00")), errcode.MalformedUTF8},
		{"start index too long", mod(sec(SectionStart, "\x80\x80\x80\x80\x80\x00")), errcode.IntegerTooLong},
		// Elements and data.
		{"element flags 8", mod(sec(SectionElement, "\x01\x08")), errcode.MalformedElemType},
		{"element kind 1", mod(sec(SectionElement, "\x01\x01\x01\x00")), errcode.MalformedElemType},
		{"element ref type", mod(sec(SectionElement, "\x01\x05\x7f\x00")), errcode.MalformedRefType},
		{"element offset", mod(sec(SectionElement, "\x01\x00\x20\x00\x0b\x00")), errcode.ConstExprRequired},
		{"data flags 3", mod(sec(SectionData, "\x01\x03")), errcode.IllegalGrammar},
		{"data bytes past the end", mod("\x0b\x06\x01\x00\x41\x00\x0b\x05"), errcode.UnexpectedEnd},
		{"data count beyond input", mod(sec(SectionData, "\xff\xff\x03")), errcode.UnexpectedEnd},
		// Custom sections.
		{"custom section empty", mod("\x00\x00"), errcode.UnexpectedEnd},
		{"custom name overruns section", mod("\x00\x00\x05\x01\x00\x07\x00\x00"), errcode.UnexpectedEnd},
		{"custom past the end", mod("\x00\x26\x10a custom sectionthis is the payload"), errcode.LengthOutOfBounds}, // WasmEdge: a section size past the input
		{"custom name UTF-8", mod(sec(SectionCustom, "\x02\xc3\x28")), errcode.MalformedUTF8},
		{"custom ok", mod(sec(SectionCustom, "\x10a custom sectionthis is the payload")), 0},
	}
	for _, tt := range tests {
		_, err := Decode(tt.in)
		if got := codeOf(t, err); got != tt.code {
			t.Errorf("%s: code %#x (%v), want %#x", tt.name, got, err, tt.code)
		}
	}
}

func TestDecodeErrorDetail(t *testing.T) {
	in := mod(sec(SectionType, "\x01\x60\x00\x00"), sec(SectionImport, "\x01\x01m\x01n\x07\x00"))
	_, err := Decode(in)
	e, ok := err.(*errcode.Error)
	if !ok || e.Code != errcode.MalformedImportKind {
		t.Fatalf("got %v", err)
	}
	for _, want := range []string{"import section", "offset 21", "kind 0x07"} {
		if !strings.Contains(e.Detail, want) {
			t.Errorf("detail %q lacks %q", e.Detail, want)
		}
	}
	if want := "malformed import kind, Code: 0x10c: "; !strings.HasPrefix(err.Error(), want) {
		t.Errorf("message %q, want prefix %q", err.Error(), want)
	}
	_, err = Decode([]byte("\x00asm\x01\x00\x00\x00\x0e\x00"))
	if e := err.(*errcode.Error); !strings.Contains(e.Detail, "offset 8") || !strings.Contains(e.Detail, "section id 14") {
		t.Errorf("detail %q", e.Detail)
	}
}

// A huge declared count costs no more memory than the input can fill.
func TestDecodeHugeCounts(t *testing.T) {
	zeros := strings.Repeat("\x00", 1<<16)
	for _, id := range []SectionID{SectionType, SectionImport, SectionFunction, SectionTable, SectionMemory,
		SectionTag, SectionGlobal, SectionExport, SectionElement, SectionCode, SectionData} {
		for _, in := range [][]byte{mod(sec(id, "\xff\xff\xff\xff\x0f")), mod(sec(id, "\xff\xff\xff\xff\x0f"+zeros))} {
			// TotalAlloc counts the whole process: the least of a few runs
			// leaves out what other tests allocate meanwhile.
			n := uint64(math.MaxUint64)
			for range 10 {
				var before, after runtime.MemStats
				runtime.ReadMemStats(&before)
				_, err := Decode(in)
				runtime.ReadMemStats(&after)
				if err == nil {
					t.Fatalf("%s section: no error", id)
				}
				n = min(n, after.TotalAlloc-before.TotalAlloc)
			}
			if n > 32*uint64(len(in))+4096 {
				t.Errorf("%s section: %d bytes allocated for a %d-byte input", id, n, len(in))
			}
		}
	}
}

// Decode(Encode(m)) gives m back.
func TestEncodeRoundTrip(t *testing.T) {
	full := &Module{
		Types: []FuncType{{Params: []ValType{ValI32}, Results: []ValType{ValExternref}}, {}},
		Imports: []Import{
			{Module: "a", Name: "f", Kind: ExternFunc, Func: 1},
			{Module: "b", Name: "t", Kind: ExternTable, Table: TableType{Elem: ValExternref, Limits: Limits{Min: 1, Max: 2, HasMax: true}}},
			{Module: "a", Name: "m", Kind: ExternMemory, Memory: MemoryType{Limits: Limits{Min: 1, Max: 2, HasMax: true, Shared: true}}},
			{Module: "c", Name: "g", Kind: ExternGlobal, Global: GlobalType{Type: ValV128}},
			{Module: "a", Name: "x", Kind: ExternTag, Tag: 1},
		},
		Funcs:        []uint32{0, 1, 0},
		Tables:       []TableType{{Elem: ValFuncref, Limits: Limits{Min: 3}}},
		Memories:     []MemoryType{{Limits: Limits{Min: 1 << 40, Is64: true}}},
		Tags:         []uint32{1, 1},
		Globals:      []GlobalType{{Type: ValI32}, {Type: ValI64}, {Type: ValF32}, {Type: ValF64}, {Type: ValV128}, {Type: ValFuncref}, {Type: ValFuncref}, {Type: ValI32}, {Type: ValI32}},
		GlobalInits:  []Init{{InitI32, 0xFFFFFFFF, 0}, {InitI64, 1 << 63, 0}, {InitF32, 0x7FC00000, 0}, {InitF64, 1, 0}, {InitV128, 3, 4}, {InitRefNull, 0x70, 0}, {InitRefFunc, 2, 0}, {InitGlobalGet, 0, 0}, {}},
		Exports:      []Export{{"a", ExternFunc, 3}, {"b", ExternTable, 1}, {"c", ExternMemory, 1}, {"d", ExternGlobal, 8}, {"e", ExternTag, 2}},
		Start:        u32p(1),
		ElemSegments: 2, DataSegments: 3, DataCount: u32p(3), CodeCount: 3,
		Customs: []Custom{{Name: "x", Data: []byte("payload")}, {Name: "", Data: []byte{}}},
	}
	for _, m := range []*Module{{}, full, {Types: []FuncType{}, Funcs: []uint32{}, Exports: []Export{}}} {
		got, err := Decode(Encode(m))
		if err != nil {
			t.Fatalf("Decode(Encode(%+v)): %v", m, err)
		}
		if !reflect.DeepEqual(structural(got), m) {
			t.Errorf("round trip:\n got %+v\nwant %+v", got, m)
		}
	}
}
