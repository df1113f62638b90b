package wasmedge

import (
	"math"
	"reflect"
	"unsafe"

	"github.com/tetratelabs/wazero/api"

	"github.com/pureedge/pureedge/internal/engine"
)

// The SDK hands a host function its parameters as []interface{}. Boxing an
// int32, int64, float32 or float64 into an interface allocates (except for
// a few small integers), so a call with two i32 parameters would allocate
// the slice and up to two boxes. paramBoxes makes the slice and the boxed
// values in one allocation instead: one object, of a struct type made once
// per signature, holds the interface slots and, after them, the values the
// slots point to. The values are written once, before the callback sees
// them, and never changed; the callback may keep the slice or its values as
// long as it likes (they keep the object alive). This relies on the layout
// of an empty interface (a type word, then a data pointer), which the Go
// runtime has kept since Go 1.4 and which TestParamBoxes checks.

// eface is the layout of an interface{}.
type eface struct {
	typ, data unsafe.Pointer
}

func typeWord(v interface{}) unsafe.Pointer { return (*eface)(unsafe.Pointer(&v)).typ }

var (
	int32Word   = typeWord(int32(0))
	int64Word   = typeWord(int64(0))
	float32Word = typeWord(float32(0))
	float64Word = typeWord(float64(0))
)

// paramBoxes builds parameter slices for one signature.
type paramBoxes struct {
	types   []api.ValueType
	obj     reflect.Type // struct { I [n]interface{}; V [n]uint64 }
	valOff  uintptr
	numOnly bool // every parameter is i32, i64, f32 or f64
}

func newParamBoxes(types []api.ValueType) *paramBoxes {
	n := len(types)
	b := &paramBoxes{types: types, numOnly: true}
	for _, t := range types {
		switch t {
		case api.ValueTypeI32, api.ValueTypeI64, api.ValueTypeF32, api.ValueTypeF64:
		default:
			b.numOnly = false
		}
	}
	if n > 0 && b.numOnly {
		b.obj = reflect.StructOf([]reflect.StructField{
			{Name: "I", Type: reflect.ArrayOf(n, reflect.TypeFor[interface{}]())},
			{Name: "V", Type: reflect.ArrayOf(n, reflect.TypeFor[uint64]())},
		})
		b.valOff = b.obj.Field(1).Offset
	}
	return b
}

// decode converts the parameter slots of stack to Go values, as
// decodeValues does; for numeric parameters it allocates once.
func (b *paramBoxes) decode(stack []uint64, rt *engine.Runtime) []interface{} {
	if b.obj == nil {
		return decodeValues(b.types, stack, rt)
	}
	n := len(b.types)
	p := reflect.New(b.obj).UnsafePointer()
	args := unsafe.Slice((*interface{})(p), n)
	vals := unsafe.Slice((*uint64)(unsafe.Add(p, b.valOff)), n)
	for i, t := range b.types {
		v := unsafe.Pointer(&vals[i])
		var word unsafe.Pointer
		switch t {
		case api.ValueTypeI32:
			*(*int32)(v) = int32(uint32(stack[i]))
			word = int32Word
		case api.ValueTypeI64:
			*(*int64)(v) = int64(stack[i])
			word = int64Word
		case api.ValueTypeF32:
			*(*float32)(v) = math.Float32frombits(uint32(stack[i]))
			word = float32Word
		default: // f64
			*(*float64)(v) = math.Float64frombits(stack[i])
			word = float64Word
		}
		*(*eface)(unsafe.Pointer(&args[i])) = eface{typ: word, data: v}
	}
	return args
}
