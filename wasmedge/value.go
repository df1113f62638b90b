package wasmedge

import (
	"context"
	"math"
	"sync"

	"github.com/tetratelabs/wazero/api"

	"github.com/pureedge/pureedge/internal/engine"
	"github.com/pureedge/pureedge/internal/errcode"
)

// ValType is a WebAssembly value type.
type ValType struct {
	t api.ValueType
}

// valType returns the shared *ValType for a type code.
func valType(t api.ValueType) *ValType { return &ValType{t: t} }

// NewValTypeI32 returns the i32 type.
func NewValTypeI32() *ValType { return valType(api.ValueTypeI32) }

// NewValTypeI64 returns the i64 type.
func NewValTypeI64() *ValType { return valType(api.ValueTypeI64) }

// NewValTypeF32 returns the f32 type.
func NewValTypeF32() *ValType { return valType(api.ValueTypeF32) }

// NewValTypeF64 returns the f64 type.
func NewValTypeF64() *ValType { return valType(api.ValueTypeF64) }

// NewValTypeV128 returns the v128 type.
func NewValTypeV128() *ValType { return valType(engine.ValueTypeV128) }

// NewValTypeFuncRef returns the nullable funcref type.
func NewValTypeFuncRef() *ValType { return valType(engine.ValueTypeFuncref) }

// NewValTypeExternRef returns the nullable externref type.
func NewValTypeExternRef() *ValType { return valType(api.ValueTypeExternref) }

// String returns the type's name: "i32", "i64", "f32", "f64", "v128",
// "funcref" or "externref".
func (self *ValType) String() string {
	switch self.t {
	case api.ValueTypeI32:
		return "i32"
	case api.ValueTypeI64:
		return "i64"
	case api.ValueTypeF32:
		return "f32"
	case api.ValueTypeF64:
		return "f64"
	case engine.ValueTypeV128:
		return "v128"
	case engine.ValueTypeFuncref:
		return "funcref"
	case api.ValueTypeExternref:
		return "externref"
	}
	return "anyref"
}

// IsEqual reports whether two types are the same.
func (self *ValType) IsEqual(vt *ValType) bool {
	if self == nil || vt == nil {
		return self == vt
	}
	return self.t == vt.t
}

// IsI32 reports whether the type is i32.
func (self *ValType) IsI32() bool { return self != nil && self.t == api.ValueTypeI32 }

// IsI64 reports whether the type is i64.
func (self *ValType) IsI64() bool { return self != nil && self.t == api.ValueTypeI64 }

// IsF32 reports whether the type is f32.
func (self *ValType) IsF32() bool { return self != nil && self.t == api.ValueTypeF32 }

// IsF64 reports whether the type is f64.
func (self *ValType) IsF64() bool { return self != nil && self.t == api.ValueTypeF64 }

// IsV128 reports whether the type is v128.
func (self *ValType) IsV128() bool { return self != nil && self.t == engine.ValueTypeV128 }

// IsFuncRef reports whether the type is funcref.
func (self *ValType) IsFuncRef() bool { return self != nil && self.t == engine.ValueTypeFuncref }

// IsExternRef reports whether the type is externref.
func (self *ValType) IsExternRef() bool { return self != nil && self.t == api.ValueTypeExternref }

// IsRef reports whether the type is a reference type.
func (self *ValType) IsRef() bool { return self.IsFuncRef() || self.IsExternRef() }

// IsRefNull reports whether the type is a nullable reference type (all
// reference types this API creates are).
func (self *ValType) IsRefNull() bool { return self.IsRef() }

func valTypes(ts []api.ValueType) []*ValType {
	if len(ts) == 0 {
		return nil
	}
	out := make([]*ValType, len(ts))
	for i, t := range ts {
		out[i] = valType(t)
	}
	return out
}

func rawTypes(ts []*ValType) []api.ValueType {
	out := make([]api.ValueType, 0, len(ts))
	for _, t := range ts {
		if t != nil {
			out = append(out, t.t)
		}
	}
	return out
}

// ValMut is a global's mutability.
type ValMut uint32

// The mutabilities.
const (
	ValMut_Const ValMut = 0
	ValMut_Var   ValMut = 1
)

// String returns "const" or "var".
func (self ValMut) String() string {
	switch self {
	case ValMut_Const:
		return "const"
	case ValMut_Var:
		return "var"
	}
	panic("Unknown value mutability")
}

// V128 is a 128-bit SIMD value.
type V128 struct {
	low, high uint64
}

// NewV128 returns a v128 value from its high and low 64-bit halves.
func NewV128(high uint64, low uint64) V128 { return V128{low: low, high: high} }

// GetVal returns the high and low halves.
func (self V128) GetVal() (uint64, uint64) { return self.high, self.low }

// FuncRef is a reference to a function: one made by NewFuncRef, or one that
// came from Wasm (a table element, a global, a parameter or a result).
// NewFuncRef's references reach Wasm as the engine's reference to the
// function, made in the runtime where they are used.
type FuncRef struct {
	fn  *Function
	raw uint64
	rt  *engine.Runtime
}

// NewFuncRef returns a reference to a function instance: a host function
// or a Wasm instance's export.
func NewFuncRef(funcinst *Function) FuncRef { return FuncRef{fn: funcinst} }

// GetRef returns the referenced function, or nil for a null reference. A
// reference that Wasm made (ref.func, a table's element segment) to a
// function the host never referenced gives a Function that can be invoked
// while its instance lives, except where the engine cannot tell the
// function (see engine.Runtime.FuncOfRef): then GetRef logs why and returns
// nil.
func (self FuncRef) GetRef() *Function {
	if self.fn != nil || self.raw == 0 || self.rt == nil {
		return self.fn
	}
	if fn, _ := self.rt.FuncRefOwner(self.raw).(*Function); fn != nil {
		return fn
	}
	f, h, t, err := self.rt.FuncOfRef(context.Background(), self.raw)
	if err != nil {
		logf(logLevelError, "FuncRef.GetRef: %v", err)
		return nil
	}
	if h != nil {
		if fn, _ := h.Owner.(*Function); fn != nil {
			return fn
		}
		return &Function{ftype: h.Type, host: h}
	}
	return &Function{ftype: t, refFn: f, refMu: new(sync.Mutex), refRaw: self.raw, refRT: self.rt}
}

// FuncRefIn implements engine.FuncSource: the engine's reference to the
// function in rt.
func (self *Function) FuncRefIn(ctx context.Context, rt *engine.Runtime) (uint64, error) {
	switch {
	case rt == nil:
		return 0, errcode.New(errcode.WrongVMWorkflow, "a function reference needs an instance to enter")
	case self.host != nil:
		return rt.HostFuncRef(ctx, self.host, self)
	case self.guest != nil:
		return rt.GuestFuncRef(ctx, self.guest, self.name, self.ftype, self)
	case self.refFn != nil:
		if rt != self.refRT {
			return 0, errcode.New(errcode.RefTypeMismatch, "a reference from an instance of another configuration")
		}
		return self.refRaw, nil
	}
	return 0, errcode.New(errcode.FuncNotFound, "the function was released")
}

// refBits returns the bits of a reference entering Wasm in rt.
func (self FuncRef) refBits(ctx context.Context, rt *engine.Runtime) (uint64, error) {
	if self.fn != nil {
		return self.fn.FuncRefIn(ctx, rt)
	}
	if self.raw != 0 && self.rt != nil && rt != nil && self.rt != rt {
		return 0, errcode.New(errcode.RefTypeMismatch, "a reference from an instance of another configuration")
	}
	return self.raw, nil
}

// ExternRef is an opaque reference to a Go value, passed through Wasm as an
// index into a registry.
type ExternRef struct {
	idx   uint64
	valid bool
}

var externRefs struct {
	sync.Mutex
	m    map[uint64]interface{}
	free []uint64
	next uint64
}

// NewExternRef stores ptr in the registry and returns a reference to it.
func NewExternRef(ptr interface{}) ExternRef {
	externRefs.Lock()
	defer externRefs.Unlock()
	if externRefs.m == nil {
		externRefs.m = map[uint64]interface{}{}
	}
	var idx uint64
	if n := len(externRefs.free); n > 0 {
		idx = externRefs.free[n-1]
		externRefs.free = externRefs.free[:n-1]
	} else {
		externRefs.next++
		idx = externRefs.next
	}
	externRefs.m[idx] = ptr
	return ExternRef{idx: idx, valid: true}
}

// Release removes the referenced value from the registry.
func (self ExternRef) Release() {
	externRefs.Lock()
	defer externRefs.Unlock()
	if _, ok := externRefs.m[self.idx]; ok {
		delete(externRefs.m, self.idx)
		externRefs.free = append(externRefs.free, self.idx)
	}
}

// GetRef returns the referenced value, or nil once released.
func (self ExternRef) GetRef() interface{} {
	if !self.valid {
		return nil
	}
	externRefs.Lock()
	defer externRefs.Unlock()
	return externRefs.m[self.idx]
}

func externRefOf(idx uint64) ExternRef {
	if idx == 0 {
		return ExternRef{}
	}
	externRefs.Lock()
	_, ok := externRefs.m[idx]
	externRefs.Unlock()
	return ExternRef{idx: idx, valid: ok}
}

// Limit is the size range of a table or memory.
type Limit struct {
	min, max       uint
	hasmax, shared bool
}

// NewLimit returns a limit with a minimum and no maximum.
func NewLimit(minVal uint) *Limit { return &Limit{min: minVal, max: minVal} }

// NewLimitWithMax returns a limit with a minimum and a maximum, or nil if
// max < min.
func NewLimitWithMax(minVal uint, maxVal uint) *Limit {
	if maxVal < minVal {
		return nil
	}
	return &Limit{min: minVal, max: maxVal, hasmax: true}
}

// NewLimitShared returns a shared limit with no maximum (which a memory
// cannot have; it fails validation).
func NewLimitShared(minVal uint) *Limit { return &Limit{min: minVal, max: minVal, shared: true} }

// NewLimitSharedWithMax returns a shared limit, or nil if max < min.
func NewLimitSharedWithMax(minVal uint, maxVal uint) *Limit {
	if maxVal < minVal {
		return nil
	}
	return &Limit{min: minVal, max: maxVal, hasmax: true, shared: true}
}

// HasMax reports whether the limit has a maximum.
func (l *Limit) HasMax() bool { return l.hasmax }

// IsShared reports whether the limit is shared.
func (l *Limit) IsShared() bool { return l.shared }

// GetMin returns the minimum.
func (l *Limit) GetMin() uint { return l.min }

// GetMax returns the maximum (the minimum when there is none).
func (l *Limit) GetMax() uint { return l.max }

// encodeValue converts a Go value to its stack encoding by its Go type, as
// the SDK's toWasmEdgeValue: the slots written are lo and, for v128, hi. ok
// is false for a Go type that has no Wasm counterpart.
func encodeValue(v interface{}) (lo, hi uint64, t api.ValueType, ok bool) {
	switch x := v.(type) {
	case int32:
		return uint64(uint32(x)), 0, api.ValueTypeI32, true
	case uint32:
		return uint64(x), 0, api.ValueTypeI32, true
	case int64:
		return uint64(x), 0, api.ValueTypeI64, true
	case uint64:
		return x, 0, api.ValueTypeI64, true
	case int:
		return uint64(x), 0, api.ValueTypeI64, true
	case uint:
		return uint64(x), 0, api.ValueTypeI64, true
	case float32:
		return uint64(math.Float32bits(x)), 0, api.ValueTypeF32, true
	case float64:
		return math.Float64bits(x), 0, api.ValueTypeF64, true
	case V128:
		return x.low, x.high, engine.ValueTypeV128, true
	case FuncRef:
		return funcRefBits(x), 0, engine.ValueTypeFuncref, true
	case ExternRef:
		if !x.valid {
			return 0, 0, api.ValueTypeExternref, true
		}
		return x.idx, 0, api.ValueTypeExternref, true
	}
	return 0, 0, 0, false
}

// decodeValue converts stack slots to a Go value by the Wasm type, as the
// SDK's fromWasmEdgeValue.
func decodeValue(t api.ValueType, lo, hi uint64, rt *engine.Runtime) interface{} {
	switch t {
	case api.ValueTypeI32:
		return int32(uint32(lo))
	case api.ValueTypeI64:
		return int64(lo)
	case api.ValueTypeF32:
		return math.Float32frombits(uint32(lo))
	case api.ValueTypeF64:
		return math.Float64frombits(lo)
	case engine.ValueTypeV128:
		return V128{low: lo, high: hi}
	case engine.ValueTypeFuncref:
		return funcRefOf(lo, rt)
	case api.ValueTypeExternref:
		return externRefOf(lo)
	}
	return "externref"
}

// zeroValue is the Go value of a zero of type t.
func zeroValue(t api.ValueType) interface{} { return decodeValue(t, 0, 0, nil) }

// funcRefBits is the engine's encoding of a funcref without a runtime to
// make one in: null, or a reference that came from the engine.
func funcRefBits(r FuncRef) uint64 { return r.raw }

func funcRefOf(raw uint64, rt *engine.Runtime) FuncRef {
	if raw == 0 {
		return FuncRef{} // null: equal to the zero FuncRef, as in the SDK
	}
	return FuncRef{raw: raw, rt: rt}
}
