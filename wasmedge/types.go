package wasmedge

import (
	"github.com/tetratelabs/wazero/api"

	"github.com/pureedge/pureedge/internal/engine"
)

// FunctionType is a function signature.
type FunctionType struct {
	params, returns []api.ValueType
}

// NewFunctionType returns a signature with the given parameter and result
// types.
func NewFunctionType(params []*ValType, returns []*ValType) *FunctionType {
	return &FunctionType{params: rawTypes(params), returns: rawTypes(returns)}
}

func functionType(t engine.FuncType) *FunctionType {
	return &FunctionType{params: t.Params, returns: t.Results}
}

func (self *FunctionType) engineType() engine.FuncType {
	return engine.FuncType{Params: append([]api.ValueType(nil), self.params...),
		Results: append([]api.ValueType(nil), self.returns...)}
}

// GetParametersLength returns the number of parameters.
func (self *FunctionType) GetParametersLength() uint {
	if self == nil {
		return 0
	}
	return uint(len(self.params))
}

// GetParameters returns the parameter types. (The SDK v0.14.0 panics here
// for any non-empty list; this is the intended behaviour.)
func (self *FunctionType) GetParameters() []*ValType {
	if self == nil {
		return nil
	}
	return valTypes(self.params)
}

// GetReturnsLength returns the number of results.
func (self *FunctionType) GetReturnsLength() uint {
	if self == nil {
		return 0
	}
	return uint(len(self.returns))
}

// GetReturns returns the result types.
func (self *FunctionType) GetReturns() []*ValType {
	if self == nil {
		return nil
	}
	return valTypes(self.returns)
}

// Release frees the type. It is idempotent.
func (self *FunctionType) Release() {}

// TableType is the type of a table: a reference type and a limit.
type TableType struct {
	reftype *ValType
	limit   Limit
}

// NewTableType returns a table type, or nil if rtype is not a reference
// type.
func NewTableType(rtype *ValType, lim *Limit) *TableType {
	if !rtype.IsRef() {
		return nil
	}
	return &TableType{reftype: rtype, limit: *lim}
}

// GetRefType returns the element type.
func (self *TableType) GetRefType() *ValType { return self.reftype }

// GetLimit returns the size limit.
func (self *TableType) GetLimit() *Limit { l := self.limit; return &l }

// Release frees the type.
func (self *TableType) Release() {}

// MemoryType is the type of a memory: a limit in 64 KiB pages.
type MemoryType struct {
	limit Limit
}

// NewMemoryType returns a memory type.
func NewMemoryType(lim *Limit) *MemoryType { return &MemoryType{limit: *lim} }

// GetLimit returns the limit.
func (self *MemoryType) GetLimit() *Limit { l := self.limit; return &l }

// Release frees the type.
func (self *MemoryType) Release() {}

// GlobalType is the type of a global: a value type and a mutability.
type GlobalType struct {
	valtype *ValType
	mut     ValMut
}

// NewGlobalType returns a global type.
func NewGlobalType(vtype *ValType, vmut ValMut) *GlobalType {
	return &GlobalType{valtype: vtype, mut: vmut}
}

// GetValType returns the value type.
func (self *GlobalType) GetValType() *ValType { return self.valtype }

// GetMutability returns the mutability.
func (self *GlobalType) GetMutability() ValMut { return self.mut }

// Release frees the type.
func (self *GlobalType) Release() {}

// TagType is the type of an exception tag.
type TagType struct {
	ftype *FunctionType
}

// GetFunctionType returns the tag's signature.
func (self *TagType) GetFunctionType() *FunctionType { return self.ftype }

// ExternType is the kind of an import or export.
type ExternType uint32

// The kinds of imports and exports.
const (
	ExternType_Function ExternType = 0
	ExternType_Table    ExternType = 1
	ExternType_Memory   ExternType = 2
	ExternType_Global   ExternType = 3
	ExternType_Tag      ExternType = 4
)
