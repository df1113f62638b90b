package wasmedge

import (
	"slices"
	"sync/atomic"

	"github.com/tetratelabs/wazero/api"

	"github.com/pureedge/pureedge/internal/binary"
	"github.com/pureedge/pureedge/internal/engine"
	"github.com/pureedge/pureedge/internal/errcode"
)

// AST is a loaded (parsed, not yet validated) Wasm module.
type AST struct {
	bytes []byte
	meta  *binary.Module
	own   bool
	// eng keeps the last engineBytes: a run asks for them more than once.
	eng atomic.Pointer[engineBytes]
}

// engineBytes are the bytes given to the engine for a module under a table
// limit (binary.Module.ForEngine).
type engineBytes struct {
	limit uint32
	b     []byte
	// prep is b prepared for the engine (its identity worked out once for
	// the cold-start check and the compilation).
	prep atomic.Pointer[engine.Prepared]
}

// forEngine returns ast.meta.ForEngine(ast.bytes, limit), which copies the
// module when it changes anything, made once per limit.
func (ast *AST) forEngine(limit uint32) []byte { return ast.engineBytes(limit).b }

func (ast *AST) engineBytes(limit uint32) *engineBytes {
	if e := ast.eng.Load(); e != nil && e.limit == limit {
		return e
	}
	e := &engineBytes{limit: limit, b: ast.meta.ForEngine(ast.bytes, limit)}
	ast.eng.Store(e)
	return e
}

// prepared returns forEngine(limit) prepared for the engine under cfg,
// made once: the bytes of an AST never change.
func (ast *AST) prepared(cfg engine.Config, limit uint32) *engine.Prepared {
	e := ast.engineBytes(limit)
	if p := e.prep.Load(); p != nil && p.UsableIn(cfg) {
		return p
	}
	p := engine.Prepare(cfg, e.b)
	e.prep.Store(p)
	return p
}

// loadAST parses a module as WasmEdge's loader does, function bodies
// included, with the proposals of conf; it is validated later. The AST
// keeps its own copy of buf, as WasmEdge's does, so that the caller may
// reuse the buffer.
func loadAST(buf []byte, conf *Configure) (*AST, *errcode.Error) {
	return loadOwnedAST(slices.Clone(buf), conf)
}

// loadOwnedAST is loadAST for bytes that nothing else holds (a file just
// read): they are kept without a copy.
func loadOwnedAST(buf []byte, conf *Configure) (*AST, *errcode.Error) {
	meta, err := binary.DecodeFeatures(buf, conf.bodyFeatures())
	if err != nil {
		if e, ok := err.(*errcode.Error); ok {
			return nil, e
		}
		return nil, errcode.New(errcode.MalformedSection, err.Error())
	}
	return &AST{bytes: buf, meta: meta, own: true}, nil
}

// ListImports returns the module's imports in binary order, or nil.
func (self *AST) ListImports() []*ImportType {
	if self == nil || self.meta == nil || len(self.meta.Imports) == 0 {
		return nil
	}
	out := make([]*ImportType, len(self.meta.Imports))
	for i, im := range self.meta.Imports {
		out[i] = &ImportType{module: im.Module, name: im.Name, kind: ExternType(im.Kind), value: self.importValue(im)}
	}
	return out
}

func (self *AST) importValue(im binary.Import) interface{} {
	switch im.Kind {
	case binary.ExternFunc:
		if int(im.Func) < len(self.meta.Types) {
			return funcTypeOf(self.meta.Types[im.Func])
		}
	case binary.ExternTable:
		return tableTypeOf(im.Table)
	case binary.ExternMemory:
		return memoryTypeOf(im.Memory)
	case binary.ExternGlobal:
		return globalTypeOf(im.Global)
	case binary.ExternTag:
		if int(im.Tag) < len(self.meta.Types) {
			return &TagType{ftype: funcTypeOf(self.meta.Types[im.Tag])}
		}
	}
	return nil
}

// ListExports returns the module's exports in binary order, or nil.
func (self *AST) ListExports() []*ExportType {
	if self == nil || self.meta == nil || len(self.meta.Exports) == 0 {
		return nil
	}
	out := make([]*ExportType, len(self.meta.Exports))
	for i, ex := range self.meta.Exports {
		var value interface{}
		if v, ok := self.meta.ExportType(ex); ok {
			switch t := v.(type) {
			case binary.FuncType:
				value = funcTypeOf(t)
				if ex.Kind == binary.ExternTag {
					value = &TagType{ftype: funcTypeOf(t)}
				}
			case binary.TableType:
				value = tableTypeOf(t)
			case binary.MemoryType:
				value = memoryTypeOf(t)
			case binary.GlobalType:
				value = globalTypeOf(t)
			}
		}
		out[i] = &ExportType{name: ex.Name, kind: ExternType(ex.Kind), value: value}
	}
	return out
}

// Release frees the AST. It is idempotent.
func (self *AST) Release() {
	if self != nil {
		self.own = false
	}
}

func funcTypeOf(t binary.FuncType) *FunctionType {
	return &FunctionType{params: apiTypes(t.Params), returns: apiTypes(t.Results)}
}

func apiTypes(ts []binary.ValType) []api.ValueType {
	out := make([]api.ValueType, len(ts))
	for i, t := range ts {
		out[i] = api.ValueType(t)
	}
	return out
}

func limitOf(l binary.Limits) Limit {
	lim := Limit{min: uint(l.Min), max: uint(l.Max), hasmax: l.HasMax, shared: l.Shared}
	if !l.HasMax {
		lim.max = lim.min
	}
	return lim
}

func tableTypeOf(t binary.TableType) *TableType {
	return &TableType{reftype: valType(api.ValueType(t.Elem)), limit: limitOf(t.Limits)}
}

func memoryTypeOf(t binary.MemoryType) *MemoryType { return &MemoryType{limit: limitOf(t.Limits)} }

func globalTypeOf(t binary.GlobalType) *GlobalType {
	return &GlobalType{valtype: valType(api.ValueType(t.Type)), mut: mutOf(t.Mutable)}
}

// ImportType describes one import of a module.
type ImportType struct {
	module, name string
	kind         ExternType
	value        interface{}
}

// GetExternalType returns the kind of the import.
func (self *ImportType) GetExternalType() ExternType { return self.kind }

// GetModuleName returns the name of the module imported from.
func (self *ImportType) GetModuleName() string { return self.module }

// GetExternalName returns the name of the imported entity.
func (self *ImportType) GetExternalName() string { return self.name }

// GetExternalValue returns the imported entity's type: a *FunctionType,
// *TableType, *MemoryType, *GlobalType or *TagType.
func (self *ImportType) GetExternalValue() interface{} { return self.value }

// ExportType describes one export of a module.
type ExportType struct {
	name  string
	kind  ExternType
	value interface{}
}

// GetExternalType returns the kind of the export.
func (self *ExportType) GetExternalType() ExternType { return self.kind }

// GetExternalName returns the export's name.
func (self *ExportType) GetExternalName() string { return self.name }

// GetExternalValue returns the exported entity's type, as for imports.
func (self *ExportType) GetExternalValue() interface{} { return self.value }
