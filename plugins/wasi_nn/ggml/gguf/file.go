package gguf

import (
	"fmt"
	"os"
	"sort"
)

// TensorType is a ggml tensor type, numbered as ggml.h numbers them.
type TensorType uint32

// The tensor types whose layout the reader knows.
const (
	F32  TensorType = 0
	F16  TensorType = 1
	Q4_0 TensorType = 2
	Q4_1 TensorType = 3
	Q5_0 TensorType = 6
	Q5_1 TensorType = 7
	Q8_0 TensorType = 8
	Q8_1 TensorType = 9
	Q2_K TensorType = 10
	Q3_K TensorType = 11
	Q4_K TensorType = 12
	Q5_K TensorType = 13
	Q6_K TensorType = 14
	Q8_K TensorType = 15
	BF16 TensorType = 30
)

type layout struct {
	name        string
	block, size uint64 // elements per block, bytes per block
}

var layouts = map[TensorType]layout{
	F32: {"F32", 1, 4}, F16: {"F16", 1, 2}, BF16: {"BF16", 1, 2},
	Q4_0: {"Q4_0", 32, 18}, Q4_1: {"Q4_1", 32, 20}, Q5_0: {"Q5_0", 32, 22}, Q5_1: {"Q5_1", 32, 24},
	Q8_0: {"Q8_0", 32, 34}, Q8_1: {"Q8_1", 32, 36},
	Q2_K: {"Q2_K", 256, 84}, Q3_K: {"Q3_K", 256, 110}, Q4_K: {"Q4_K", 256, 144},
	Q5_K: {"Q5_K", 256, 176}, Q6_K: {"Q6_K", 256, 210}, Q8_K: {"Q8_K", 256, 292},
}

// String is the type's ggml name (F32, Q4_K, ...).
func (t TensorType) String() string {
	if l, ok := layouts[t]; ok {
		return l.name
	}
	return fmt.Sprintf("type(%d)", uint32(t))
}

// BlockSize is the number of elements per block (1 for float types); 0 for
// an unknown type.
func (t TensorType) BlockSize() uint64 { return layouts[t].block }

// BlockBytes is the number of bytes per block; 0 for an unknown type.
func (t TensorType) BlockBytes() uint64 { return layouts[t].size }

// RowBytes is the size of a row of n elements, or an error when n is not a
// whole number of blocks or the type is unknown.
func (t TensorType) RowBytes(n uint64) (uint64, error) {
	l, ok := layouts[t]
	if !ok {
		return 0, fmt.Errorf("unknown tensor type %d", uint32(t))
	}
	if n%l.block != 0 {
		return 0, fmt.Errorf("%s row of %d elements is not a multiple of %d", l.name, n, l.block)
	}
	return n / l.block * l.size, nil
}

// File is a parsed GGUF file. Its tensors' Data slices point into the
// mapped file and stay valid until Close.
type File struct {
	Version   uint32
	Alignment uint64
	// KV holds the metadata in file order of Keys.
	KV      map[string]Value
	Keys    []string
	Tensors []TensorInfo
	byName  map[string]int
	// DataOffset is where the data section starts in the file.
	DataOffset uint64
	// Size is the size of the file in bytes.
	Size uint64

	mapping []byte
	unmap   func([]byte) error
}

// Open maps the file at path and parses it.
func Open(path string) (*File, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("gguf: %s is not a regular file", path)
	}
	if st.Size() <= 0 {
		return nil, formatErr("%s is empty", path)
	}
	data, unmap, err := mapFile(f, st.Size())
	if err != nil {
		return nil, fmt.Errorf("gguf: mapping %s: %w", path, err)
	}
	gf, err := Parse(data)
	if err != nil {
		if unmap != nil {
			_ = unmap(data)
		}
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	gf.mapping, gf.unmap = data, unmap
	return gf, nil
}

// Close releases the mapping. The tensors' Data must not be used after.
func (f *File) Close() error {
	if f == nil || f.mapping == nil {
		return nil
	}
	m := f.mapping
	f.mapping = nil
	for i := range f.Tensors {
		f.Tensors[i].Data = nil
	}
	if f.unmap != nil {
		return f.unmap(m)
	}
	return nil
}

// Parse parses a whole GGUF file held in b. The tensors' Data alias b.
func Parse(b []byte) (*File, error) {
	d := &decoder{b: b}
	if m := d.u32(); d.err == nil && m != Magic {
		return nil, formatErr("bad magic %#08x (not a GGUF file)", m)
	}
	f := &File{Version: d.u32(), Size: uint64(len(b)), KV: map[string]Value{}, Alignment: DefaultAlignment}
	if d.err != nil {
		return nil, d.err
	}
	if f.Version != 2 && f.Version != 3 {
		return nil, formatErr("version %d (supported: 2 and 3)", f.Version)
	}
	nTensors := d.u64()
	nKV := d.u64()
	if d.err != nil {
		return nil, d.err
	}
	// A key/value pair takes at least 12 bytes, a tensor info at least 24.
	rest := uint64(len(b)) - d.off
	if nKV > rest/12 || nTensors > rest/24 {
		return nil, formatErr("%d tensors and %d metadata entries cannot fit in %d bytes", nTensors, nKV, len(b))
	}
	for i := uint64(0); i < nKV; i++ {
		key := d.str()
		t := ValueType(d.u32())
		if d.err != nil {
			return nil, d.err
		}
		if t >= typeCount {
			return nil, formatErr("key %q: value type %d", key, t)
		}
		v := d.value(t)
		if d.err != nil {
			return nil, fmt.Errorf("key %q: %w", key, d.err)
		}
		if _, dup := f.KV[key]; dup {
			return nil, formatErr("duplicate key %q", key)
		}
		f.KV[key] = v
		f.Keys = append(f.Keys, key)
	}
	if v, ok := f.KV["general.alignment"]; ok {
		a, isInt := v.Scalar.(uint64)
		if v.Type != TypeUint32 || !isInt || a == 0 || a&(a-1) != 0 || a > 1<<20 {
			return nil, formatErr("general.alignment %v is not a power of two", v.Scalar)
		}
		f.Alignment = a
	}
	f.Tensors = make([]TensorInfo, nTensors)
	f.byName = make(map[string]int, nTensors)
	for i := range f.Tensors {
		t := &f.Tensors[i]
		t.Name = d.str()
		nd := d.u32()
		if d.err != nil {
			return nil, d.err
		}
		if nd == 0 || nd > maxDims {
			return nil, formatErr("tensor %q has %d dimensions", t.Name, nd)
		}
		t.Dims = make([]uint64, nd)
		for j := range t.Dims {
			t.Dims[j] = d.u64()
		}
		t.Type = TensorType(d.u32())
		t.Offset = d.u64()
		if d.err != nil {
			return nil, d.err
		}
		if _, dup := f.byName[t.Name]; dup {
			return nil, formatErr("duplicate tensor %q", t.Name)
		}
		f.byName[t.Name] = i
	}
	f.DataOffset = (d.off + f.Alignment - 1) / f.Alignment * f.Alignment
	if nTensors > 0 && f.DataOffset > uint64(len(b)) {
		return nil, formatErr("data section starts at %d, past the end (%d)", f.DataOffset, len(b))
	}
	dataLen := uint64(len(b)) - min(f.DataOffset, uint64(len(b)))
	for i := range f.Tensors {
		t := &f.Tensors[i]
		n := uint64(1)
		for _, dim := range t.Dims {
			if dim == 0 || dim > dataLen*8 || n > (dataLen*8)/dim {
				return nil, formatErr("tensor %q: shape %v exceeds the file", t.Name, t.Dims)
			}
			n *= dim
		}
		rowBytes, err := t.Type.RowBytes(t.Dims[0])
		if err != nil {
			return nil, formatErr("tensor %q: %v", t.Name, err)
		}
		size := rowBytes * (n / t.Dims[0])
		if t.Offset%f.Alignment != 0 {
			return nil, formatErr("tensor %q: offset %d is not aligned to %d", t.Name, t.Offset, f.Alignment)
		}
		if t.Offset > dataLen || size > dataLen-t.Offset {
			return nil, formatErr("tensor %q: %d bytes at offset %d exceed the data section (%d bytes)", t.Name, size, t.Offset, dataLen)
		}
		start := f.DataOffset + t.Offset
		t.Data = b[start : start+size : start+size]
	}
	return f, nil
}

// Tensor returns the tensor named name, or nil.
func (f *File) Tensor(name string) *TensorInfo {
	if i, ok := f.byName[name]; ok {
		return &f.Tensors[i]
	}
	return nil
}

// TensorNames returns the names of the tensors, sorted.
func (f *File) TensorNames() []string {
	names := make([]string, 0, len(f.Tensors))
	for _, t := range f.Tensors {
		names = append(names, t.Name)
	}
	sort.Strings(names)
	return names
}

// String returns the string value of key.
func (f *File) String(key string) (string, bool) {
	v, ok := f.KV[key]
	if !ok || v.Type != TypeString {
		return "", false
	}
	return v.Scalar.(string), true
}

// Uint returns the value of an unsigned or non-negative integer key.
func (f *File) Uint(key string) (uint64, bool) {
	v, ok := f.KV[key]
	if !ok {
		return 0, false
	}
	switch x := v.Scalar.(type) {
	case uint64:
		return x, true
	case int64:
		if x >= 0 {
			return uint64(x), true
		}
	}
	return 0, false
}

// Float returns the value of a numeric key.
func (f *File) Float(key string) (float64, bool) {
	v, ok := f.KV[key]
	if !ok || v.Type == TypeString || v.Type == TypeArray || v.Type == TypeBool {
		return 0, false
	}
	return toFloat(v.Scalar), true
}

// Bool returns the value of a boolean key.
func (f *File) Bool(key string) (bool, bool) {
	v, ok := f.KV[key]
	if !ok || v.Type != TypeBool {
		return false, false
	}
	return v.Scalar.(bool), true
}
