// Package gguf reads and writes GGUF files (versions 2 and 3), the model
// format of llama.cpp. A File memory-maps its tensor data where the
// platform allows it (never copying the weights) and checks every count,
// length and offset against the file's size before using it.
package gguf

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
)

// Magic is the first four bytes of every GGUF file ("GGUF", little-endian).
const Magic = 0x46554747

// DefaultAlignment is the tensor data alignment when general.alignment is absent.
const DefaultAlignment = 32

// ValueType is the type of a metadata value.
type ValueType uint32

// The metadata value types, numbered as gguf.h numbers them.
const (
	TypeUint8 ValueType = iota
	TypeInt8
	TypeUint16
	TypeInt16
	TypeUint32
	TypeInt32
	TypeFloat32
	TypeBool
	TypeString
	TypeArray
	TypeUint64
	TypeInt64
	TypeFloat64
	typeCount
)

var scalarSize = [typeCount]int{1, 1, 2, 2, 4, 4, 4, 1, 0, 0, 8, 8, 8}

// Value is one metadata value. Scalars are stored in the widest Go type of
// their kind (uint64, int64, float64, bool, string); arrays as []any of
// those, except arrays of strings ([]string) and of numbers, which keep
// their element type in ArrayType.
type Value struct {
	Type      ValueType
	ArrayType ValueType // element type when Type is TypeArray
	Scalar    any       // uint64, int64, float64, bool or string
	Strings   []string  // TypeArray of TypeString
	Numbers   []float64 // TypeArray of any numeric or bool type
	Ints      []int64   // TypeArray of an integer type (same values as Numbers)
}

// TensorInfo describes one tensor: its name, shape (ggml order: Dims[0] is
// the contiguous dimension), type and the offset of its data from the start
// of the data section.
type TensorInfo struct {
	Name   string
	Dims   []uint64
	Type   TensorType
	Offset uint64
	// Data is the tensor's bytes, a slice of the mapped file.
	Data []byte
}

// Elements is the number of elements of the tensor.
func (t *TensorInfo) Elements() uint64 {
	n := uint64(1)
	for _, d := range t.Dims {
		n *= d
	}
	return n
}

// Limits on what the reader accepts before allocating anything: counts
// larger than what the file could hold are rejected by size first; these cap
// the rest.
const (
	maxDims      = 4
	maxStringLen = 1 << 30
)

// ErrFormat is wrapped by every error about a malformed file.
var ErrFormat = errors.New("gguf: malformed file")

func formatErr(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrFormat, fmt.Sprintf(format, args...))
}

// decoder reads little-endian values from a byte slice with bounds checks.
type decoder struct {
	b   []byte
	off uint64
	err error
}

func (d *decoder) need(n uint64) bool {
	if d.err != nil {
		return false
	}
	if n > uint64(len(d.b))-d.off {
		d.err = formatErr("truncated at offset %d (need %d bytes, file has %d)", d.off, n, len(d.b))
		return false
	}
	return true
}

func (d *decoder) u8() uint8 {
	if !d.need(1) {
		return 0
	}
	v := d.b[d.off]
	d.off++
	return v
}

func (d *decoder) u16() uint16 {
	if !d.need(2) {
		return 0
	}
	v := binary.LittleEndian.Uint16(d.b[d.off:])
	d.off += 2
	return v
}

func (d *decoder) u32() uint32 {
	if !d.need(4) {
		return 0
	}
	v := binary.LittleEndian.Uint32(d.b[d.off:])
	d.off += 4
	return v
}

func (d *decoder) u64() uint64 {
	if !d.need(8) {
		return 0
	}
	v := binary.LittleEndian.Uint64(d.b[d.off:])
	d.off += 8
	return v
}

func (d *decoder) str() string {
	n := d.u64()
	if d.err != nil {
		return ""
	}
	if n > maxStringLen {
		d.err = formatErr("string of %d bytes at offset %d", n, d.off)
		return ""
	}
	if !d.need(n) {
		return ""
	}
	s := string(d.b[d.off : d.off+n])
	d.off += n
	return s
}

func (d *decoder) scalar(t ValueType) any {
	switch t {
	case TypeUint8:
		return uint64(d.u8())
	case TypeInt8:
		return int64(int8(d.u8()))
	case TypeUint16:
		return uint64(d.u16())
	case TypeInt16:
		return int64(int16(d.u16()))
	case TypeUint32:
		return uint64(d.u32())
	case TypeInt32:
		return int64(int32(d.u32()))
	case TypeFloat32:
		return float64(math.Float32frombits(d.u32()))
	case TypeBool:
		b := d.u8()
		if b > 1 && d.err == nil {
			d.err = formatErr("bool value %d", b)
		}
		return b == 1
	case TypeString:
		return d.str()
	case TypeUint64:
		return d.u64()
	case TypeInt64:
		return int64(d.u64())
	case TypeFloat64:
		return math.Float64frombits(d.u64())
	}
	if d.err == nil {
		d.err = formatErr("value type %d", t)
	}
	return nil
}

func toFloat(v any) float64 {
	switch x := v.(type) {
	case uint64:
		return float64(x)
	case int64:
		return float64(x)
	case float64:
		return x
	case bool:
		if x {
			return 1
		}
	}
	return 0
}

func toInt(v any) int64 {
	switch x := v.(type) {
	case uint64:
		return int64(x)
	case int64:
		return x
	case float64:
		return int64(x)
	case bool:
		if x {
			return 1
		}
	}
	return 0
}

func (d *decoder) value(t ValueType) Value {
	if t != TypeArray {
		return Value{Type: t, Scalar: d.scalar(t)}
	}
	et := ValueType(d.u32())
	n := d.u64()
	if d.err != nil {
		return Value{}
	}
	if et >= typeCount || et == TypeArray {
		d.err = formatErr("array element type %d", et)
		return Value{}
	}
	// Every element takes at least one byte (a string at least 8), so a
	// count the rest of the file cannot hold is rejected before allocating.
	min := uint64(scalarSize[et])
	if et == TypeString {
		min = 8
	}
	if n > (uint64(len(d.b))-d.off)/min {
		d.err = formatErr("array of %d elements at offset %d exceeds the file", n, d.off)
		return Value{}
	}
	v := Value{Type: TypeArray, ArrayType: et}
	if et == TypeString {
		v.Strings = make([]string, n)
		for i := range v.Strings {
			v.Strings[i] = d.str()
			if d.err != nil {
				return Value{}
			}
		}
		return v
	}
	v.Numbers = make([]float64, n)
	v.Ints = make([]int64, n)
	for i := range v.Numbers {
		s := d.scalar(et)
		if d.err != nil {
			return Value{}
		}
		v.Numbers[i] = toFloat(s)
		v.Ints[i] = toInt(s)
	}
	return v
}
