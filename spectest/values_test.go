package spectest_test

// Conversion of wast2json values to and from the Go values of the wasmedge
// API: i32 <-> int32, i64 <-> int64, f32 <-> float32, f64 <-> float64,
// v128 <-> V128 (NewV128(high, low)), externref <-> ExternRef, funcref <->
// FuncRef.

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync"

	"github.com/pureedge/pureedge/wasmedge"
)

// hostRef is the Go value behind the spec's "ref.extern N".
type hostRef struct{ n uint64 }

// externRefs holds one ExternRef per N, so that the registry does not grow
// with every call.
var externRefs sync.Map // uint64 -> wasmedge.ExternRef

func externRef(n uint64) wasmedge.ExternRef {
	if r, ok := externRefs.Load(n); ok {
		return r.(wasmedge.ExternRef)
	}
	r, _ := externRefs.LoadOrStore(n, wasmedge.NewExternRef(hostRef{n}))
	return r.(wasmedge.ExternRef)
}

// str returns a scalar value's string, and whether it is one.
func (v value) str() (string, bool) {
	if len(v.Value) == 0 {
		return "", false
	}
	var s string
	if err := json.Unmarshal(v.Value, &s); err != nil {
		return "", false
	}
	return s, true
}

func (v value) lanes() ([]string, error) {
	var l []string
	if err := json.Unmarshal(v.Value, &l); err != nil {
		return nil, fmt.Errorf("v128 value %s: %v", v.Value, err)
	}
	return l, nil
}

func (v value) String() string {
	if v.Type == "v128" {
		l, _ := v.lanes()
		return fmt.Sprintf("v128:%s[%s]", v.LaneType, strings.Join(l, " "))
	}
	s, ok := v.str()
	if !ok {
		s = "*"
	}
	return v.Type + ":" + s
}

// parseBits parses a wast2json number: an unsigned decimal bit pattern (or a
// signed decimal, which other converters write) of the given width.
func parseBits(s string, bits int) (uint64, error) {
	if strings.HasPrefix(s, "-") {
		n, err := strconv.ParseInt(s, 10, bits)
		if bits == 64 {
			return uint64(n), err
		}
		return uint64(n) & (1<<uint(bits) - 1), err
	}
	return strconv.ParseUint(s, 10, bits)
}

// laneShape returns a v128 lane type's width in bits and lane count.
func laneShape(lt string) (width, count int, err error) {
	switch lt {
	case "i8":
		return 8, 16, nil
	case "i16":
		return 16, 8, nil
	case "i32", "f32":
		return 32, 4, nil
	case "i64", "f64":
		return 64, 2, nil
	}
	return 0, 0, fmt.Errorf("unknown v128 lane type %q", lt)
}

// laneBits returns lane i of a v128 (lo is bytes 0..7).
func laneBits(lo, hi uint64, width, i int) uint64 {
	per := 64 / width
	w := lo
	if i >= per {
		w, i = hi, i-per
	}
	if width == 64 {
		return w
	}
	return (w >> (uint(i) * uint(width))) & (1<<uint(width) - 1)
}

// toGo converts an argument to the Go value the API takes.
func toGo(v value) (interface{}, error) {
	switch v.Type {
	case "v128":
		lanes, err := v.lanes()
		if err != nil {
			return nil, err
		}
		width, count, err := laneShape(v.LaneType)
		if err != nil {
			return nil, err
		}
		if len(lanes) != count {
			return nil, fmt.Errorf("v128 %s has %d lanes, want %d", v.LaneType, len(lanes), count)
		}
		var lo, hi uint64
		per := 64 / width
		for i, l := range lanes {
			b, err := parseBits(l, width)
			if err != nil {
				return nil, fmt.Errorf("v128 lane %q: %v", l, err)
			}
			if i < per {
				lo |= b << (uint(i) * uint(width))
			} else {
				hi |= b << (uint(i-per) * uint(width))
			}
		}
		return wasmedge.NewV128(hi, lo), nil
	case "externref", "funcref":
		s, ok := v.str()
		if !ok {
			return nil, fmt.Errorf("%s argument without a value", v.Type)
		}
		if s == "null" {
			if v.Type == "funcref" {
				return wasmedge.FuncRef{}, nil
			}
			return wasmedge.ExternRef{}, nil
		}
		if v.Type == "funcref" {
			return nil, fmt.Errorf("a non-null funcref argument cannot be made from the host")
		}
		n, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			return nil, err
		}
		return externRef(n), nil
	}
	s, ok := v.str()
	if !ok {
		return nil, fmt.Errorf("%s argument without a value", v.Type)
	}
	switch v.Type {
	case "i32":
		b, err := parseBits(s, 32)
		return int32(uint32(b)), err
	case "i64":
		b, err := parseBits(s, 64)
		return int64(b), err
	case "f32":
		b, err := parseBits(s, 32)
		return math.Float32frombits(uint32(b)), err
	case "f64":
		b, err := parseBits(s, 64)
		return math.Float64frombits(b), err
	}
	return nil, fmt.Errorf("unsupported argument type %q", v.Type)
}

// floatMatches compares a float's bits with an expected value: a bit
// pattern, "nan:canonical" (a NaN with only the payload's top bit set, either
// sign) or "nan:arithmetic" (a NaN with the payload's top bit set).
func floatMatches(exp string, got uint64, width int) (bool, error) {
	var expoMask, quiet uint64
	if width == 32 {
		expoMask, quiet = 0x7f800000, 0x00400000
	} else {
		expoMask, quiet = 0x7ff0000000000000, 0x0008000000000000
	}
	signMask := uint64(1) << uint(width-1)
	switch exp {
	case "nan:canonical":
		return got&^signMask == expoMask|quiet, nil
	case "nan:arithmetic":
		return got&(expoMask|quiet) == expoMask|quiet, nil
	}
	want, err := parseBits(exp, width)
	if err != nil {
		return false, err
	}
	return got == want, nil
}

// matches reports whether got (a result of the API) is the expected value.
func matches(exp value, got interface{}) (bool, error) {
	switch exp.Type {
	case "i32":
		g, ok := got.(int32)
		if !ok {
			return false, fmt.Errorf("got a Go %T for an i32", got)
		}
		s, _ := exp.str()
		want, err := parseBits(s, 32)
		return uint64(uint32(g)) == want, err
	case "i64":
		g, ok := got.(int64)
		if !ok {
			return false, fmt.Errorf("got a Go %T for an i64", got)
		}
		s, _ := exp.str()
		want, err := parseBits(s, 64)
		return uint64(g) == want, err
	case "f32":
		g, ok := got.(float32)
		if !ok {
			return false, fmt.Errorf("got a Go %T for an f32", got)
		}
		s, _ := exp.str()
		return floatMatches(s, uint64(math.Float32bits(g)), 32)
	case "f64":
		g, ok := got.(float64)
		if !ok {
			return false, fmt.Errorf("got a Go %T for an f64", got)
		}
		s, _ := exp.str()
		return floatMatches(s, math.Float64bits(g), 64)
	case "v128":
		g, ok := got.(wasmedge.V128)
		if !ok {
			return false, fmt.Errorf("got a Go %T for a v128", got)
		}
		hi, lo := g.GetVal()
		lanes, err := exp.lanes()
		if err != nil {
			return false, err
		}
		width, count, err := laneShape(exp.LaneType)
		if err != nil {
			return false, err
		}
		if len(lanes) != count {
			return false, fmt.Errorf("v128 %s has %d lanes, want %d", exp.LaneType, len(lanes), count)
		}
		for i, l := range lanes {
			b := laneBits(lo, hi, width, i)
			var ok bool
			if exp.LaneType == "f32" || exp.LaneType == "f64" {
				ok, err = floatMatches(l, b, width)
			} else {
				var want uint64
				want, err = parseBits(l, width)
				ok = b == want
			}
			if err != nil || !ok {
				return false, err
			}
		}
		return true, nil
	case "externref":
		g, ok := got.(wasmedge.ExternRef)
		if !ok {
			return false, fmt.Errorf("got a Go %T for an externref", got)
		}
		s, ok := exp.str()
		switch {
		case !ok: // any non-null externref
			return g != (wasmedge.ExternRef{}), nil
		case s == "null":
			return g == (wasmedge.ExternRef{}), nil
		}
		n, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			return false, err
		}
		return g.GetRef() == hostRef{n}, nil
	case "funcref":
		g, ok := got.(wasmedge.FuncRef)
		if !ok {
			return false, fmt.Errorf("got a Go %T for a funcref", got)
		}
		s, ok := exp.str()
		switch {
		case !ok: // any non-null funcref
			return g != (wasmedge.FuncRef{}), nil
		case s == "null":
			return g == (wasmedge.FuncRef{}), nil
		}
		return false, fmt.Errorf("funcref expectation %q not understood", s)
	}
	return false, fmt.Errorf("unsupported result type %q", exp.Type)
}

// show formats an API value for failure messages, as bits where it matters.
func show(v interface{}) string {
	switch x := v.(type) {
	case int32:
		return fmt.Sprintf("i32:%d", uint32(x))
	case int64:
		return fmt.Sprintf("i64:%d", uint64(x))
	case float32:
		return fmt.Sprintf("f32:%d(%g)", math.Float32bits(x), x)
	case float64:
		return fmt.Sprintf("f64:%d(%g)", math.Float64bits(x), x)
	case wasmedge.V128:
		hi, lo := x.GetVal()
		return fmt.Sprintf("v128:%#016x_%016x", hi, lo)
	case wasmedge.ExternRef:
		if x == (wasmedge.ExternRef{}) {
			return "externref:null"
		}
		return fmt.Sprintf("externref:%v", x.GetRef())
	case wasmedge.FuncRef:
		if x == (wasmedge.FuncRef{}) {
			return "funcref:null"
		}
		return "funcref:non-null"
	}
	return fmt.Sprintf("%T:%v", v, v)
}
