package binary

// ImportModuleNames returns the distinct module names of the imports, in
// order of first appearance.
func (m *Module) ImportModuleNames() []string {
	var names []string
	for _, im := range m.Imports {
		seen := false
		for _, n := range names {
			if n == im.Module {
				seen = true
				break
			}
		}
		if !seen {
			names = append(names, im.Module)
		}
	}
	return names
}

// ImportCount returns the number of imports of the kind, which is where the
// module's own definitions start in that kind's index space.
func (m *Module) ImportCount(kind ExternKind) uint32 {
	var n uint32
	for i := range m.Imports {
		if m.Imports[i].Kind == kind {
			n++
		}
	}
	return n
}

// importAt returns the idx-th import of the kind, or the index of the
// module's own definition that idx names when it is not an import.
func (m *Module) importAt(kind ExternKind, idx uint32) (*Import, uint32) {
	for i := range m.Imports {
		if m.Imports[i].Kind == kind {
			if idx == 0 {
				return &m.Imports[i], 0
			}
			idx--
		}
	}
	return nil, idx
}

// FuncImport returns the import of function index idx, or nil for one of
// the module's own functions.
func (m *Module) FuncImport(idx uint32) *Import {
	im, _ := m.importAt(ExternFunc, idx)
	return im
}

func (m *Module) typeAt(typeIdx uint32) (FuncType, bool) {
	if uint64(typeIdx) < uint64(len(m.Types)) {
		return m.Types[typeIdx], true
	}
	return FuncType{}, false
}

// FuncType returns the type of the function idx in the function index space
// (imported functions first). ok is false when the function or its type
// does not exist.
func (m *Module) FuncType(idx uint32) (FuncType, bool) {
	im, def := m.importAt(ExternFunc, idx)
	if im != nil {
		return m.typeAt(im.Func)
	}
	if uint64(def) < uint64(len(m.Funcs)) {
		return m.typeAt(m.Funcs[def])
	}
	return FuncType{}, false
}

// TableType returns the type of the table idx in the table index space.
func (m *Module) TableType(idx uint32) (TableType, bool) {
	im, def := m.importAt(ExternTable, idx)
	if im != nil {
		return im.Table, true
	}
	if uint64(def) < uint64(len(m.Tables)) {
		return m.Tables[def], true
	}
	return TableType{}, false
}

// MemoryType returns the type of the memory idx in the memory index space.
func (m *Module) MemoryType(idx uint32) (MemoryType, bool) {
	im, def := m.importAt(ExternMemory, idx)
	if im != nil {
		return im.Memory, true
	}
	if uint64(def) < uint64(len(m.Memories)) {
		return m.Memories[def], true
	}
	return MemoryType{}, false
}

// GlobalType returns the type of the global idx in the global index space.
func (m *Module) GlobalType(idx uint32) (GlobalType, bool) {
	im, def := m.importAt(ExternGlobal, idx)
	if im != nil {
		return im.Global, true
	}
	if uint64(def) < uint64(len(m.Globals)) {
		return m.Globals[def], true
	}
	return GlobalType{}, false
}

// TagType returns the function type of the tag idx in the tag index space
// (the tag's parameters are the exception's payload).
func (m *Module) TagType(idx uint32) (FuncType, bool) {
	im, def := m.importAt(ExternTag, idx)
	if im != nil {
		return m.typeAt(im.Tag)
	}
	if uint64(def) < uint64(len(m.Tags)) {
		return m.typeAt(m.Tags[def])
	}
	return FuncType{}, false
}

// ExportType returns the type of the exported entity: a FuncType for a
// function or a tag, a TableType, a MemoryType or a GlobalType. ok is false
// when the export refers to nothing.
func (m *Module) ExportType(e Export) (any, bool) {
	var (
		t  any
		ok bool
	)
	switch e.Kind {
	case ExternFunc:
		t, ok = m.FuncType(e.Index)
	case ExternTable:
		t, ok = m.TableType(e.Index)
	case ExternMemory:
		t, ok = m.MemoryType(e.Index)
	case ExternGlobal:
		t, ok = m.GlobalType(e.Index)
	case ExternTag:
		t, ok = m.TagType(e.Index)
	}
	if !ok {
		return nil, false
	}
	return t, true
}
