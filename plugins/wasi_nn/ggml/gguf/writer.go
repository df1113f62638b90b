package gguf

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"math"
)

// Writer builds a GGUF v3 file in memory: metadata in the order it was set,
// then tensors, each aligned to the file's alignment.
type Writer struct {
	Version   uint32 // 3 unless set to 2
	Alignment uint64 // DefaultAlignment unless set
	kv        bytes.Buffer
	nKV       uint64
	tensors   []wtensor
}

type wtensor struct {
	name string
	dims []uint64
	typ  TensorType
	data []byte
}

// NewWriter returns an empty GGUF v3 writer.
func NewWriter() *Writer { return &Writer{Version: 3, Alignment: DefaultAlignment} }

func (w *Writer) key(k string, t ValueType) {
	w.nKV++
	writeString(&w.kv, k)
	binary.Write(&w.kv, binary.LittleEndian, uint32(t))
}

func writeString(b *bytes.Buffer, s string) {
	binary.Write(b, binary.LittleEndian, uint64(len(s)))
	b.WriteString(s)
}

// String sets a string value.
func (w *Writer) String(k, v string) { w.key(k, TypeString); writeString(&w.kv, v) }

// Uint32 sets a uint32 value.
func (w *Writer) Uint32(k string, v uint32) {
	w.key(k, TypeUint32)
	binary.Write(&w.kv, binary.LittleEndian, v)
}

// Int32 sets an int32 value.
func (w *Writer) Int32(k string, v int32) {
	w.key(k, TypeInt32)
	binary.Write(&w.kv, binary.LittleEndian, v)
}

// Float32 sets a float32 value.
func (w *Writer) Float32(k string, v float32) {
	w.key(k, TypeFloat32)
	binary.Write(&w.kv, binary.LittleEndian, math.Float32bits(v))
}

// Bool sets a boolean value.
func (w *Writer) Bool(k string, v bool) {
	w.key(k, TypeBool)
	b := byte(0)
	if v {
		b = 1
	}
	w.kv.WriteByte(b)
}

// Strings sets an array of strings.
func (w *Writer) Strings(k string, v []string) {
	w.key(k, TypeArray)
	binary.Write(&w.kv, binary.LittleEndian, uint32(TypeString))
	binary.Write(&w.kv, binary.LittleEndian, uint64(len(v)))
	for _, s := range v {
		writeString(&w.kv, s)
	}
}

// Float32s sets an array of float32.
func (w *Writer) Float32s(k string, v []float32) {
	w.key(k, TypeArray)
	binary.Write(&w.kv, binary.LittleEndian, uint32(TypeFloat32))
	binary.Write(&w.kv, binary.LittleEndian, uint64(len(v)))
	binary.Write(&w.kv, binary.LittleEndian, v)
}

// Int32s sets an array of int32.
func (w *Writer) Int32s(k string, v []int32) {
	w.key(k, TypeArray)
	binary.Write(&w.kv, binary.LittleEndian, uint32(TypeInt32))
	binary.Write(&w.kv, binary.LittleEndian, uint64(len(v)))
	binary.Write(&w.kv, binary.LittleEndian, v)
}

// CopyKV copies a value read from another file (arrays and scalars).
func (w *Writer) CopyKV(k string, v Value) error {
	switch v.Type {
	case TypeString:
		w.String(k, v.Scalar.(string))
	case TypeUint32, TypeUint8, TypeUint16:
		w.Uint32(k, uint32(v.Scalar.(uint64)))
	case TypeInt32, TypeInt8, TypeInt16:
		w.Int32(k, int32(v.Scalar.(int64)))
	case TypeFloat32, TypeFloat64:
		w.Float32(k, float32(v.Scalar.(float64)))
	case TypeBool:
		w.Bool(k, v.Scalar.(bool))
	case TypeArray:
		switch v.ArrayType {
		case TypeString:
			w.Strings(k, v.Strings)
		case TypeFloat32, TypeFloat64:
			f := make([]float32, len(v.Numbers))
			for i, x := range v.Numbers {
				f[i] = float32(x)
			}
			w.Float32s(k, f)
		default:
			n := make([]int32, len(v.Ints))
			for i, x := range v.Ints {
				n[i] = int32(x)
			}
			w.Int32s(k, n)
		}
	default:
		return fmt.Errorf("gguf: cannot copy value type %d", v.Type)
	}
	return nil
}

// Tensor adds a tensor; data must hold exactly its bytes.
func (w *Writer) Tensor(name string, typ TensorType, dims []uint64, data []byte) error {
	n := uint64(1)
	for _, d := range dims {
		n *= d
	}
	rb, err := typ.RowBytes(dims[0])
	if err != nil {
		return err
	}
	if want := rb * (n / dims[0]); uint64(len(data)) != want {
		return fmt.Errorf("gguf: tensor %s: %d bytes, want %d", name, len(data), want)
	}
	w.tensors = append(w.tensors, wtensor{name, append([]uint64(nil), dims...), typ, data})
	return nil
}

// WriteTo writes the file.
func (w *Writer) WriteTo(out io.Writer) (int64, error) {
	var b bytes.Buffer
	le := binary.LittleEndian
	binary.Write(&b, le, uint32(Magic))
	binary.Write(&b, le, w.Version)
	binary.Write(&b, le, uint64(len(w.tensors)))
	nkv := w.nKV
	align := w.Alignment
	var extra bytes.Buffer
	if align != DefaultAlignment {
		nkv++
		writeString(&extra, "general.alignment")
		binary.Write(&extra, le, uint32(TypeUint32))
		binary.Write(&extra, le, uint32(align))
	}
	binary.Write(&b, le, nkv)
	b.Write(w.kv.Bytes())
	b.Write(extra.Bytes())
	var off uint64
	offsets := make([]uint64, len(w.tensors))
	for i, t := range w.tensors {
		writeString(&b, t.name)
		binary.Write(&b, le, uint32(len(t.dims)))
		for _, d := range t.dims {
			binary.Write(&b, le, d)
		}
		binary.Write(&b, le, uint32(t.typ))
		binary.Write(&b, le, off)
		offsets[i] = off
		off = (off + uint64(len(t.data)) + align - 1) / align * align
	}
	pad := func() {
		for uint64(b.Len())%align != 0 {
			b.WriteByte(0)
		}
	}
	pad()
	for _, t := range w.tensors {
		b.Write(t.data)
		pad()
	}
	n, err := out.Write(b.Bytes())
	return int64(n), err
}
