package binary

// Encode writes m as a Wasm binary, mainly to build test modules. Function
// bodies cannot be described by a Module, so each of the CodeCount bodies is
// "unreachable"; the ElemSegments and DataSegments segments are empty
// passive ones; custom sections come last. Every section whose slice is
// non-nil (or whose count is non-zero) is written, so Decode(Encode(m))
// gives m back for a module that Decode returned, apart from the position of
// custom sections and from GlobalInits of kind InitOther, written as an
// empty expression.
func Encode(m *Module) []byte { return encode(m, nil, nil) }

// encode is Encode with the function bodies (each without its size prefix)
// and the element segments given, when non-nil: the tests use it to build
// modules with real code.
func encode(m *Module, bodies, elems [][]byte) []byte {
	out := AppendHeader(nil)
	vec := func(id SectionID, present bool, n int, enc func(dst []byte, i int) []byte) {
		if !present && n == 0 {
			return
		}
		content := AppendU32(nil, uint32(n))
		for i := range n {
			content = enc(content, i)
		}
		out = AppendSection(out, id, content)
	}
	vec(SectionType, m.Types != nil, len(m.Types), func(b []byte, i int) []byte {
		return AppendFuncType(b, m.Types[i])
	})
	vec(SectionImport, m.Imports != nil, len(m.Imports), func(b []byte, i int) []byte {
		return AppendImport(b, m.Imports[i])
	})
	vec(SectionFunction, m.Funcs != nil, len(m.Funcs), func(b []byte, i int) []byte {
		return AppendU32(b, m.Funcs[i])
	})
	vec(SectionTable, m.Tables != nil, len(m.Tables), func(b []byte, i int) []byte {
		return AppendTableType(b, m.Tables[i])
	})
	vec(SectionMemory, m.Memories != nil, len(m.Memories), func(b []byte, i int) []byte {
		return AppendLimits(b, m.Memories[i].Limits)
	})
	vec(SectionTag, m.Tags != nil, len(m.Tags), func(b []byte, i int) []byte {
		return AppendU32(append(b, 0), m.Tags[i])
	})
	vec(SectionGlobal, m.Globals != nil, len(m.Globals), func(b []byte, i int) []byte {
		var init Init
		if i < len(m.GlobalInits) {
			init = m.GlobalInits[i]
		}
		return AppendConstExpr(AppendGlobalType(b, m.Globals[i]), init)
	})
	vec(SectionExport, m.Exports != nil, len(m.Exports), func(b []byte, i int) []byte {
		return AppendExport(b, m.Exports[i])
	})
	if m.Start != nil {
		out = AppendSection(out, SectionStart, AppendU32(nil, *m.Start))
	}
	if elems != nil {
		vec(SectionElement, true, len(elems), func(b []byte, i int) []byte { return append(b, elems[i]...) })
	} else {
		vec(SectionElement, false, int(m.ElemSegments), func(b []byte, _ int) []byte {
			return append(b, 1, 0, 0) // passive, funcref indices, none
		})
	}
	if m.DataCount != nil {
		out = AppendSection(out, SectionDataCount, AppendU32(nil, *m.DataCount))
	}
	if bodies != nil {
		vec(SectionCode, true, len(bodies), func(b []byte, i int) []byte {
			return append(AppendU32(b, uint32(len(bodies[i]))), bodies[i]...)
		})
	} else {
		vec(SectionCode, m.Funcs != nil, int(m.CodeCount), func(b []byte, _ int) []byte {
			return append(b, 3, 0, 0x00, opEnd) // size, no locals, unreachable, end
		})
	}
	vec(SectionData, false, int(m.DataSegments), func(b []byte, _ int) []byte {
		return append(b, 1, 0) // passive, no bytes
	})
	for _, c := range m.Customs {
		out = AppendSection(out, SectionCustom, append(AppendName(nil, c.Name), c.Data...))
	}
	return out
}
