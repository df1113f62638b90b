package binary

import (
	"fmt"
	"unicode/utf8"

	"github.com/pureedge/pureedge/internal/errcode"
)

// loadError is a decoding failure: a WasmEdge load code, the offset in the
// input where it was found and an optional note.
type loadError struct {
	code errcode.Code
	off  int
	note string
}

// reader reads the binary format from b. Like WasmEdge's file manager it is
// bounded by the end of the input, not by the end of the current section:
// a section whose content overruns its declared size is reported as a size
// mismatch once it has been read.
type reader struct {
	b   []byte
	pos int
	// mutableGlobal, when set, tells constExpr which globals are mutable:
	// a constant expression may not read one (wazero accepts it).
	mutableGlobal func(idx uint32) bool
	// noTags: the exception-handling proposal is off, so that import and
	// export kind 4 (a tag) is malformed, as in WasmEdge.
	noTags bool
	// noShared, no64: the threads and memory64 proposals are off, so that
	// the limits flags for shared or 64-bit are malformed.
	noShared, no64 bool
	// feat are the proposals instructions are read with (constant
	// expressions; function bodies have their bodyState).
	feat Features
	// tableInit records that a table with an initializer was read.
	tableInit bool
}

func (r *reader) fail(code errcode.Code, off int, format string, args ...any) *loadError {
	return &loadError{code: code, off: off, note: fmt.Sprintf(format, args...)}
}

func (r *reader) eof() *loadError {
	return &loadError{code: errcode.UnexpectedEnd, off: len(r.b)}
}

func (r *reader) remaining() int { return len(r.b) - r.pos }

func (r *reader) byte() (byte, *loadError) {
	if r.pos >= len(r.b) {
		return 0, r.eof()
	}
	c := r.b[r.pos]
	r.pos++
	return c, nil
}

// bytes returns the next n bytes, aliasing the input.
func (r *reader) bytes(n uint64) ([]byte, *loadError) {
	if n > uint64(r.remaining()) {
		return nil, r.eof()
	}
	b := r.b[r.pos : r.pos+int(n)]
	r.pos += int(n)
	return b, nil
}

// skip advances by n bytes.
func (r *reader) skip(n uint64) *loadError {
	if n > uint64(r.remaining()) {
		return r.eof()
	}
	r.pos += int(n)
	return nil
}

// uleb reads an unsigned LEB128 integer of at most bits bits (32 or 64).
func (r *reader) uleb(bits uint) (uint64, *loadError) {
	start := r.pos
	maxLen := (bits + 6) / 7
	var v uint64
	for i := uint(0); ; i++ {
		if r.pos >= len(r.b) {
			return 0, r.eof()
		}
		c := r.b[r.pos]
		r.pos++
		if i == maxLen-1 {
			// The last byte may only hold the bits that are left.
			if unused := byte(0x7F) << (bits - 7*i) & 0x7F; c&unused != 0 {
				return 0, r.fail(errcode.IntegerTooLarge, start, "%d-bit unsigned integer", bits)
			}
			if c&0x80 != 0 {
				return 0, r.fail(errcode.IntegerTooLong, start, "%d-bit unsigned integer", bits)
			}
		}
		v |= uint64(c&0x7F) << (7 * i)
		if c&0x80 == 0 {
			return v, nil
		}
	}
}

// sleb reads a signed LEB128 integer of at most bits bits (32, 33 or 64).
func (r *reader) sleb(bits uint) (int64, *loadError) {
	start := r.pos
	maxLen := (bits + 6) / 7
	var v int64
	for i := uint(0); ; i++ {
		if r.pos >= len(r.b) {
			return 0, r.eof()
		}
		c := r.b[r.pos]
		r.pos++
		if i == maxLen-1 {
			if c&0x80 != 0 {
				return 0, r.fail(errcode.IntegerTooLong, start, "%d-bit signed integer", bits)
			}
			// The unused bits must repeat the sign bit.
			used := bits - 7*i // value bits in this byte, the top one the sign
			unused := byte(0x7F) << used & 0x7F
			if sign := c >> (used - 1) & 1; (sign == 0 && c&unused != 0) || (sign == 1 && c&unused != unused) {
				return 0, r.fail(errcode.IntegerTooLarge, start, "%d-bit signed integer", bits)
			}
		}
		v |= int64(c&0x7F) << (7 * i)
		if c&0x80 == 0 {
			if shift := 7 * (i + 1); shift < 64 && c&0x40 != 0 {
				v |= -1 << shift
			}
			return v, nil
		}
	}
}

// u32 reads an unsigned 32-bit LEB128 integer.
func (r *reader) u32() (uint32, *loadError) {
	// The fast path, inlined: a single byte.
	if r.pos < len(r.b) && r.b[r.pos] < 0x80 {
		r.pos++
		return uint32(r.b[r.pos-1]), nil
	}
	v, err := r.uleb(32)
	return uint32(v), err
}

// vec reads a vector: its length, then each entry with read. Entries take
// at least minSize bytes each, which bounds the capacity allocated up front:
// a huge declared length costs nothing before the input runs out.
func vec[T any](r *reader, minSize int, read func(*reader) (T, *loadError)) ([]T, *loadError) {
	n, err := r.u32()
	if err != nil {
		return nil, err
	}
	v := make([]T, 0, min(uint64(n), uint64(r.remaining()/minSize)))
	for range n {
		x, err := read(r)
		if err != nil {
			return nil, err
		}
		v = append(v, x)
	}
	return v, nil
}

// name reads a UTF-8 name.
func (r *reader) name() (string, *loadError) {
	n, err := r.u32()
	if err != nil {
		return "", err
	}
	start := r.pos
	if uint64(n) > uint64(r.remaining()) {
		// WasmEdge's FileMgr::readName: a name past the input.
		return "", r.fail(errcode.LengthOutOfBounds, start, "name of %d bytes, %d left", n, r.remaining())
	}
	b, err := r.bytes(uint64(n))
	if err != nil {
		return "", err
	}
	if !utf8.Valid(b) {
		return "", r.fail(errcode.MalformedUTF8, start, "name %q", b)
	}
	return string(b), nil
}
