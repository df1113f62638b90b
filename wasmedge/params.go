package wasmedge

import (
	"context"
	"math"
	"reflect"
	"sync"
	"unsafe"

	"github.com/tetratelabs/wazero/api"

	"github.com/pureedge/pureedge/internal/engine"
)

// The SDK hands a host function its parameters as a []interface{}, new
// for every call (WasmEdge-go allocates it per call, so a callback may keep
// the slice or its values). Allocating it per call costs up to 1+n
// allocations: the slice and a box for every int32, int64, float32 or
// float64 outside the few small integers the Go runtime boxes for free.
//
// callSlots gives each call the same fresh, never reused memory in a
// fraction of an allocation: it allocates a slab of parameter records at
// once, of a struct type made once per signature,
//
//	struct { I [n]interface{}; V [m]uint32 }
//
// (V holds the 64-bit values first, then the 32-bit ones, each aligned),
// and hands one record to each call. A call writes its interface slots and,
// after them, the values the slots point to; a record is never handed out
// twice, so a callback may keep the slice or its values as long as it likes
// (they keep the slab alive, as a kept fresh allocation would). Boxing by
// hand relies on the layout of an empty interface (a type word, then a data
// pointer), which the Go runtime has kept since Go 1.4 and which
// TestCallSlots checks.
//
// A call takes a callState from a sync.Pool and gives it back when it
// returns: the state holds the call's *CallingFrame (valid only during the
// call, as in the SDK, where it wraps the C call's context) and the slab it
// takes records from. The pool keeps a state per processor, so that a call
// needs no atomic instruction (they dominated the adapter's cost); a
// concurrent or re-entrant call gets a state of its own.

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

// slabBytes is the size a slab of call records aims at; a kept parameter
// keeps at most this much alive.
const slabBytes = 4096

// callSlots hands out call records for one host-function signature.
type callSlots struct {
	types   []api.ValueType
	numOnly bool         // every parameter is i32, i64, f32 or f64
	slab    reflect.Type // [perSlab]record
	size    uintptr      // of one record
	offs    []uintptr    // offset of each parameter's value in a record
	perSlab int32
	states  sync.Pool // of *callState
}

// callState is what one call holds while it runs: its frame and the slab
// it takes its record from (records base[next:] are free).
type callState struct {
	frame CallingFrame
	base  unsafe.Pointer
	next  int32
	// seen is the context of the state's last call, kept with whether it
	// can ever be done (asked once per context, not per call).
	seen        context.Context
	cancellable bool
}

func newCallSlots(types []api.ValueType) *callSlots {
	n := len(types)
	s := &callSlots{types: types, numOnly: true}
	for _, t := range types {
		switch t {
		case api.ValueTypeI32, api.ValueTypeI64, api.ValueTypeF32, api.ValueTypeF64:
		default:
			s.numOnly = false
		}
	}
	if n == 0 || !s.numOnly {
		return s
	}
	words := 0 // of 32 bits
	for _, t := range types {
		words += int(valueSize(t) / 4)
	}
	rec := reflect.StructOf([]reflect.StructField{
		{Name: "I", Type: reflect.ArrayOf(n, reflect.TypeFor[interface{}]())},
		{Name: "V", Type: reflect.ArrayOf(words, reflect.TypeFor[uint32]())},
	})
	off := rec.Field(1).Offset // 8-aligned: it follows the interfaces
	s.offs = make([]uintptr, n)
	for _, size := range []uintptr{8, 4} {
		for i, t := range types {
			if valueSize(t) == size {
				s.offs[i] = off
				off += size
			}
		}
	}
	s.size = rec.Size()
	s.perSlab = int32(max(1, min(64, slabBytes/int(s.size))))
	s.slab = reflect.ArrayOf(int(s.perSlab), rec)
	return s
}

// take returns a call record that no other call has had, from st's slab.
func (s *callSlots) take(st *callState) unsafe.Pointer {
	if st.base == nil || st.next >= s.perSlab {
		st.base, st.next = reflect.New(s.slab).UnsafePointer(), 0
	}
	p := unsafe.Add(st.base, uintptr(st.next)*s.size)
	st.next++
	return p
}

// valueSize is the size of a numeric value of type t.
func valueSize(t api.ValueType) uintptr {
	if t == api.ValueTypeI64 || t == api.ValueTypeF64 {
		return 8
	}
	return 4
}

// begin starts a call of ctx from mod: it returns the call's state, whose
// frame is the call's, and the parameters of stack (see params). The call
// ends with end.
func (s *callSlots) begin(ctx context.Context, mod api.Module, stack []uint64, rt *engine.Runtime) (*callState, []interface{}) {
	st, _ := s.states.Get().(*callState)
	if st == nil {
		st = new(callState)
	}
	st.frame.ctx, st.frame.mod = ctx, mod
	if !sameContext(&st.seen, &ctx) {
		st.seen, st.cancellable = ctx, ctx != nil && ctx.Done() != nil
	}
	return st, s.params(st, stack, rt)
}

// end clears the frame of a call that returns and gives its state back.
func (s *callSlots) end(st *callState) {
	st.frame.ctx, st.frame.mod = nil, nil
	s.states.Put(st)
}

// params converts the parameter slots of stack to Go values, as
// decodeValues does; numeric parameters are boxed in a record of their own.
// Function references are those of rt.
func (s *callSlots) params(st *callState, stack []uint64, rt *engine.Runtime) []interface{} {
	n := len(s.types)
	if n == 0 {
		return []interface{}{}
	}
	if !s.numOnly {
		return decodeValues(s.types, stack, rt)
	}
	p := s.take(st)
	args := unsafe.Slice((*interface{})(p), n)
	for i, t := range s.types {
		v := unsafe.Add(p, s.offs[i])
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
		// Stored as plain words, without the garbage collector's write
		// barrier: the type word is static data and the data word points
		// into this slab, which stays reachable from st (whose replacement
		// of it shades it) or from what the caller keeps.
		*(*[2]uintptr)(unsafe.Pointer(&args[i])) = [2]uintptr{uintptr(word), uintptr(v)}
	}
	return args
}

// sameContext reports whether two contexts are the same value: the same
// dynamic type and the same data word (identity; unlike ==, it never
// panics on an incomparable dynamic type).
func sameContext(a, b *context.Context) bool {
	return *(*[2]uintptr)(unsafe.Pointer(a)) == *(*[2]uintptr)(unsafe.Pointer(b))
}
